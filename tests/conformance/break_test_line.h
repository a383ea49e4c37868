// One line of Unicode's segmentation test files (auxiliary/GraphemeBreakTest.txt,
// WordBreakTest.txt): "÷ 0061 × 0027 × 0061 ÷	# comment" is the text "a'a" with boundaries
// at its start and end only.
#ifndef JISR_TESTS_CONFORMANCE_BREAK_TEST_LINE_H_
#define JISR_TESTS_CONFORMANCE_BREAK_TEST_LINE_H_

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "unicode/unistr.h"

namespace jisr::text::conformance {

// Appends the line's code points to `*text` and its boundaries (UTF-16 offsets) to
// `*boundaries`; false for a comment or a line that does not parse.
inline bool ParseBreakTestLine(const std::string& line, icu::UnicodeString* text,
                               std::set<int32_t>* boundaries) {
  const std::string data = line.substr(0, line.find('#'));
  const std::vector<std::string> tokens =
      absl::StrSplit(data, absl::ByAnyChar(" \t"), absl::SkipWhitespace());
  for (const std::string& token : tokens) {
    if (token == "÷") {
      boundaries->insert(text->length());
    } else if (token != "×") {
      uint32_t c = 0;
      if (!absl::SimpleHexAtoi(token, &c)) return false;
      text->append(static_cast<UChar32>(c));
    }
  }
  return !text->isEmpty();
}

}  // namespace jisr::text::conformance

#endif  // JISR_TESTS_CONFORMANCE_BREAK_TEST_LINE_H_
