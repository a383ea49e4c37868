#ifndef JISR_SERVICES_TEXT_REPAIRED_TEXT_H_
#define JISR_SERVICES_TEXT_REPAIRED_TEXT_H_

// The output of the storage normalizer's repair pass: the new text, where
// each of its UTF-16 units came from in the input, and the changes made.
// Internal to jisr_text.

#include <cstdint>
#include <string>
#include <vector>

#include "services/text/text_warning.h"
#include "unicode/unistr.h"
#include "unicode/utypes.h"

namespace jisr::text::internal {

// A change, in UTF-16 offsets of the input. Turned into a TextWarning once
// all changes are known, so the input is indexed once.
struct PendingWarning {
  WarningCode code = WarningCode::kControlRemoved;
  int32_t input_start = 0;
  int32_t input_end = 0;
  std::string message;
  // Where the character this change pairs with was (an opener closed at the
  // end of its paragraph), or -1. Reported as a code point offset.
  int32_t related_input_offset = -1;
  // Merged runs of one kind of removal list their characters.
  std::vector<UChar32> characters;
  int32_t count = 1;
};

class RepairedText {
 public:
  // Appends one UTF-16 unit that came from input units [input_start,
  // input_end); an inserted unit has input_start == input_end.
  void Append(char16_t unit, int32_t input_start, int32_t input_end) {
    text_.append(unit);
    source_start_.push_back(input_start);
    source_end_.push_back(input_end);
  }

  void Warn(PendingWarning warning) { warnings_.push_back(std::move(warning)); }

  // Records a change of a kind that is reported once per run of adjacent
  // characters (controls, byte order marks, presentation forms): a text
  // typed entirely in presentation forms gives one warning per word, not
  // one per letter.
  void WarnMergeable(WarningCode code, int32_t input_start, int32_t input_end, UChar32 character,
                     int32_t merge_key) {
    if (!warnings_.empty()) {
      PendingWarning& last = warnings_.back();
      if (last.code == code && last.input_end == input_start && last_merge_key_ == merge_key &&
          last.message.empty()) {
        last.input_end = input_end;
        ++last.count;
        if (last.characters.size() < kListedCharacters) {
          last.characters.push_back(character);
        }
        return;
      }
    }
    PendingWarning warning;
    warning.code = code;
    warning.input_start = input_start;
    warning.input_end = input_end;
    warning.characters.push_back(character);
    warnings_.push_back(std::move(warning));
    last_merge_key_ = merge_key;
  }

  const icu::UnicodeString& text() const { return text_; }
  icu::UnicodeString& mutable_text() { return text_; }
  std::vector<PendingWarning>& warnings() { return warnings_; }
  int32_t source_start(int32_t unit) const { return source_start_[unit]; }
  int32_t source_end(int32_t unit) const { return source_end_[unit]; }

  static constexpr size_t kListedCharacters = 8;

 private:
  icu::UnicodeString text_;
  std::vector<int32_t> source_start_;
  std::vector<int32_t> source_end_;
  std::vector<PendingWarning> warnings_;
  int32_t last_merge_key_ = 0;
};

}  // namespace jisr::text::internal

#endif  // JISR_SERVICES_TEXT_REPAIRED_TEXT_H_
