// Unicode 15.0 BidiCharacterTest.txt through jisr_text's BidiParagraph (ICU
// ubidi): 91,707 cases of real code points with a paragraph direction (0 LTR,
// 1 RTL, 2 auto), the resolved paragraph level, levels and visual order.
//
// ICU 72 deviates from 30 cases; each is listed with its reason in
// bidi_character_known_deviations.txt. A listed case that fails counts as a
// known deviation; an unlisted failure, or a listed case that now passes (the
// list must then shrink), fails the test.
// Also checks jisr_text's own FirstStrongDirection (UAX #9 P2/P3, used for
// every field) against the resolved paragraph level of every auto case.
// Prints "BidiCharacterTest: N passed, K known deviations, M failed".

#include <iostream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "services/text/bidi.h"
#include "tests/conformance/bidi_character_data.h"
#include "tests/conformance/bidi_check.h"
#include "unicode/utf16.h"

namespace jisr::text::conformance {
namespace {

int Run(const char* test_path, const char* deviations_path) {
  absl::flat_hash_map<int64_t, std::string> deviations;
  std::string error;
  if (!LoadKnownDeviations(deviations_path, &deviations, &error)) {
    std::cerr << error << "\n";
    return 2;
  }
  BidiCharacterTestFile file(test_path);
  if (!file.is_open()) {
    std::cerr << "cannot open " << test_path << "\n";
    return 2;
  }
  BidiParagraph bidi;
  int64_t passed = 0;
  int64_t shortcut = 0;
  int64_t known = 0;
  int64_t failed = 0;
  int64_t first_strong_checked = 0;
  int64_t first_strong_failed = 0;
  BidiCharacterCase test_case;
  std::u16string text;
  std::vector<int32_t> utf16_to_code_point;
  std::vector<int32_t> code_point_to_utf16;
  while (file.Next(&test_case, &error)) {
    const int64_t line_number = test_case.line_number;
    const int direction = test_case.direction;
    const int paragraph_level = test_case.paragraph_level;
    const ExpectedBidi& expected = test_case.expected;
    text.clear();
    utf16_to_code_point.clear();
    code_point_to_utf16.clear();
    for (const uint32_t c : test_case.code_points) {
      code_point_to_utf16.push_back(static_cast<int32_t>(text.size()));
      const int32_t index = static_cast<int32_t>(code_point_to_utf16.size() - 1);
      if (c > 0xFFFF) {
        text.push_back(U16_LEAD(c));
        text.push_back(U16_TRAIL(c));
        utf16_to_code_point.push_back(index);
        utf16_to_code_point.push_back(index);
      } else {
        text.push_back(static_cast<char16_t>(c));
        utf16_to_code_point.push_back(index);
      }
    }

    const ParagraphLevel level = direction == 0   ? ParagraphLevel::kLtr
                                 : direction == 1 ? ParagraphLevel::kRtl
                                                  : ParagraphLevel::kAutoLtr;
    std::string failure;
    BidiVerdict verdict = BidiVerdict::kFail;
    const absl::Status status = bidi.SetText(text.data(), static_cast<int32_t>(text.size()), level);
    if (!status.ok()) {
      failure = std::string(status.message());
    } else if (bidi.paragraph_level() != paragraph_level) {
      failure = "paragraph level " + std::to_string(bidi.paragraph_level()) + ", expected " +
                std::to_string(paragraph_level);
    } else {
      verdict = CheckBidi(bidi, expected, utf16_to_code_point, code_point_to_utf16, &failure);
    }

    if (direction == 2) {
      ++first_strong_checked;
      const absl::optional<Direction> strong =
          FirstStrongDirection(text.data(), static_cast<int32_t>(text.size()));
      const int resolved = strong.value_or(Direction::kLtr) == Direction::kRtl;
      if (resolved != paragraph_level) {
        ++first_strong_failed;
        std::cout << "FAIL line " << line_number << ": FirstStrongDirection gives level "
                  << resolved << ", expected " << paragraph_level << "\n";
      }
    }

    const auto deviation = deviations.find(line_number);
    const bool listed = deviation != deviations.end();
    if (verdict == BidiVerdict::kFail && listed) {
      ++known;
    } else if (verdict == BidiVerdict::kFail) {
      ++failed;
      if (failed <= 40) {
        std::cout << "FAIL line " << line_number << ": " << CodePointsText(test_case.code_points)
                  << " ; " << direction << ": " << failure << "\n";
      }
    } else if (listed) {
      ++failed;
      std::cout << "FAIL line " << line_number << ": listed as a known deviation ("
                << deviation->second << ") but now passes: remove it from the list\n";
    } else {
      ++passed;
      if (verdict == BidiVerdict::kPassUnidirectionalShortcut) ++shortcut;
    }
    const int64_t cases = passed + known + failed;
    if (cases % 25000 == 0) {
      std::cout << "BidiCharacterTest progress: " << cases << " cases" << std::endl;
    }
  }
  if (!error.empty()) {
    std::cerr << error << "\n";
    return 2;
  }
  std::cout << "FirstStrongDirection (UAX #9 P2/P3): " << first_strong_checked
            << " auto cases checked, " << first_strong_failed << " failed\n";
  std::cout << "BidiCharacterTest: " << shortcut
            << " of the passes accepted through ICU's unidirectional shortcut\n";
  std::cout << "BidiCharacterTest: " << passed << " passed, " << known << " known deviations, "
            << failed << " failed" << std::endl;
  const bool all_listed_seen = known == static_cast<int64_t>(deviations.size());
  if (!all_listed_seen) {
    std::cout << "FAIL: " << deviations.size() - known << " listed deviations were not seen\n";
  }
  return failed == 0 && first_strong_failed == 0 && all_listed_seen && passed > 0 ? 0 : 1;
}

}  // namespace
}  // namespace jisr::text::conformance

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: " << argv[0] << " BidiCharacterTest.txt known_deviations.txt\n";
    return 2;
  }
  return jisr::text::conformance::Run(argv[1], argv[2]);
}
