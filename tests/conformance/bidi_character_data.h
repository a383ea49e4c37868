#ifndef JISR_TESTS_CONFORMANCE_BIDI_CHARACTER_DATA_H_
#define JISR_TESTS_CONFORMANCE_BIDI_CHARACTER_DATA_H_

// Reading Unicode's BidiCharacterTest.txt and the list of ICU's known
// deviations from it (bidi_character_known_deviations.txt), for every test
// that runs the file: through the library (bidi_character_test.cc) and
// through TextService (text_service_sample_test.cc).
//
// A data line is five fields separated by ';': the code points (hex), the
// paragraph direction (0 LTR, 1 RTL, 2 auto: the first strong character, else
// LTR), the resolved paragraph level, the resolved level of each code point
// ('x' for characters rule X9 removes) and the visual order (logical indices,
// left to right, without the removed characters).

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "tests/conformance/bidi_check.h"

namespace jisr::text::conformance {

struct BidiCharacterCase {
  int64_t line_number = 0;
  std::vector<uint32_t> code_points;
  int direction = 0;  // 0 LTR, 1 RTL, 2 auto
  int paragraph_level = 0;
  ExpectedBidi expected;
};

// The code points as the file writes them ("05D0 0028 0061"), for messages.
inline std::string CodePointsText(const std::vector<uint32_t>& code_points) {
  return absl::StrJoin(code_points, " ", [](std::string* out, uint32_t c) {
    absl::StrAppend(out, absl::StrFormat("%04X", c));
  });
}

inline std::vector<absl::string_view> BidiDataTokens(absl::string_view text) {
  return absl::StrSplit(text, absl::ByAnyChar(" \t"), absl::SkipEmpty());
}

// Parses one data line (not blank, not a comment) into `out`. False, with the
// reason in `error`, when it is malformed.
inline bool ParseBidiCharacterLine(absl::string_view content, BidiCharacterCase* out,
                                   std::string* error) {
  const std::vector<absl::string_view> fields = absl::StrSplit(content, ';');
  if (fields.size() != 5 ||
      !absl::SimpleAtoi(absl::StripAsciiWhitespace(fields[1]), &out->direction) ||
      !absl::SimpleAtoi(absl::StripAsciiWhitespace(fields[2]), &out->paragraph_level)) {
    *error = "bad data line";
    return false;
  }
  out->code_points.clear();
  for (absl::string_view token : BidiDataTokens(fields[0])) {
    uint32_t c = 0;
    if (!absl::SimpleHexAtoi(token, &c) || c > 0x10FFFF) {
      *error = "bad code point";
      return false;
    }
    out->code_points.push_back(c);
  }
  out->expected.levels.clear();
  for (absl::string_view token : BidiDataTokens(fields[3])) {
    int level = kRemovedLevel;
    if (token != "x" && !absl::SimpleAtoi(token, &level)) {
      *error = "bad level";
      return false;
    }
    out->expected.levels.push_back(level);
  }
  out->expected.order.clear();
  for (absl::string_view token : BidiDataTokens(fields[4])) {
    int index = 0;
    if (!absl::SimpleAtoi(token, &index)) {
      *error = "bad order";
      return false;
    }
    out->expected.order.push_back(index);
  }
  return true;
}

// Reads BidiCharacterTest.txt case by case.
class BidiCharacterTestFile {
 public:
  explicit BidiCharacterTestFile(const std::string& path) : file_(path) {}

  bool is_open() const { return file_.is_open(); }

  // The next case, in `out`. False at the end of the file, or on a malformed
  // line (then `error` says which and why).
  bool Next(BidiCharacterCase* out, std::string* error) {
    std::string line;
    while (std::getline(file_, line)) {
      ++line_number_;
      const absl::string_view content = absl::StripAsciiWhitespace(line);
      if (content.empty() || content.front() == '#') continue;
      out->line_number = line_number_;
      std::string reason;
      if (!ParseBidiCharacterLine(content, out, &reason)) {
        *error = absl::StrCat("line ", line_number_, ": ", reason);
        return false;
      }
      return true;
    }
    return false;
  }

 private:
  std::ifstream file_;
  int64_t line_number_ = 0;
};

// bidi_character_known_deviations.txt: "<line number><TAB><reason>" lines and
// comments. Line number -> reason; false when the file is unreadable or
// malformed.
inline bool LoadKnownDeviations(const std::string& path,
                                absl::flat_hash_map<int64_t, std::string>* deviations,
                                std::string* error) {
  std::ifstream file(path);
  if (!file) {
    *error = absl::StrCat("cannot read ", path);
    return false;
  }
  std::string line;
  while (std::getline(file, line)) {
    const absl::string_view content = absl::StripAsciiWhitespace(line);
    if (content.empty() || content.front() == '#') continue;
    const std::vector<absl::string_view> fields = absl::StrSplit(content, absl::MaxSplits('\t', 1));
    int64_t line_number = 0;
    if (fields.size() != 2 || !absl::SimpleAtoi(fields[0], &line_number)) {
      *error = absl::StrCat("bad deviation line: ", line);
      return false;
    }
    (*deviations)[line_number] = std::string(fields[1]);
  }
  return true;
}

}  // namespace jisr::text::conformance

#endif  // JISR_TESTS_CONFORMANCE_BIDI_CHARACTER_DATA_H_
