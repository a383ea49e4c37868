#ifndef JISR_SERVICES_TEXT_UTF_H_
#define JISR_SERVICES_TEXT_UTF_H_

// UTF-8 validation and conversion, and the offsets every range of the text
// pipeline is given in.
//
// Units. A TextRange is one half-open range [start, end) expressed in three
// units at once, so that a client in any language can slice the string it
// holds without converting, even when the text has characters outside the
// Basic Multilingual Plane (emoji, mathematical letters):
//   start, end              code points (Python str indices)
//   utf16_start, utf16_end  UTF-16 code units (JavaScript, Java, Swift
//                           NSString, C#)
//   utf8_start, utf8_end    UTF-8 bytes (C++, Go, Rust)
// A range never starts or ends inside a character.
//
// Internally the pipeline works on one UTF-16 copy of the text (ICU's native
// form); OffsetIndex turns UTF-16 offsets into TextRanges in O(1) amortised
// time after one O(n) pass, so converting k ranges costs O(n + k), not O(n k).

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "unicode/unistr.h"

namespace jisr::text {

// Largest input the pipeline accepts, in UTF-8 bytes. Offsets are int32_t,
// and a text field of a news article is far below this.
inline constexpr int64_t kMaxTextBytes = 16 * 1024 * 1024;

struct TextRange {
  int32_t start = 0;  // code points
  int32_t end = 0;
  int32_t utf16_start = 0;  // UTF-16 code units
  int32_t utf16_end = 0;
  int32_t utf8_start = 0;  // UTF-8 bytes
  int32_t utf8_end = 0;

  bool empty() const { return start == end; }
  friend bool operator==(const TextRange& a, const TextRange& b) {
    return a.start == b.start && a.end == b.end && a.utf16_start == b.utf16_start &&
           a.utf16_end == b.utf16_end && a.utf8_start == b.utf8_start && a.utf8_end == b.utf8_end;
  }
  friend bool operator!=(const TextRange& a, const TextRange& b) { return !(a == b); }
};

// Validates `utf8` and converts it to UTF-16. Ill-formed UTF-8 (including
// encoded surrogates, overlong forms and code points above U+10FFFF) gives
// InvalidArgument "ill-formed UTF-8 at byte offset N"; the caller prefixes the
// field name. Input longer than kMaxTextBytes gives InvalidArgument too.
absl::Status DecodeUtf8(absl::string_view utf8, icu::UnicodeString* utf16);

// Appends the UTF-8 form of UTF-16 text that is known to be well formed.
void AppendUtf8(const char16_t* utf16, int32_t length, std::string* utf8);
std::string ToUtf8(const icu::UnicodeString& utf16);

// Maps UTF-16 offsets of one string to code point and UTF-8 offsets.
// The string must be well-formed UTF-16 (as DecodeUtf8 produces), outlive the
// index and not change.
class OffsetIndex {
 public:
  OffsetIndex(const char16_t* text, int32_t length);
  explicit OffsetIndex(const icu::UnicodeString& text)
      : OffsetIndex(text.getBuffer(), text.length()) {}

  OffsetIndex(const OffsetIndex&) = delete;
  OffsetIndex& operator=(const OffsetIndex&) = delete;

  // The range [utf16_start, utf16_end) in all three units.
  TextRange Range(int32_t utf16_start, int32_t utf16_end) const;
  // The whole string.
  TextRange Whole() const { return Range(0, length_); }

  int32_t CodePointOffset(int32_t utf16_offset) const;
  int32_t Utf8Offset(int32_t utf16_offset) const;

 private:
  struct Position {
    int32_t code_points;
    int32_t utf8_bytes;
  };
  // Checkpoints every kStride code units keep lookups O(kStride).
  static constexpr int32_t kStride = 64;

  Position At(int32_t utf16_offset) const;

  const char16_t* text_;
  int32_t length_;
  bool ascii_only_ = true;
  // Inline room for fields of up to 1024 UTF-16 units: most fields never
  // allocate.
  absl::InlinedVector<Position, 16> checkpoints_;
};

}  // namespace jisr::text

#endif  // JISR_SERVICES_TEXT_UTF_H_
