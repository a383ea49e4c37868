#ifndef JISR_TESTS_CONFORMANCE_BIDI_CHECK_H_
#define JISR_TESTS_CONFORMANCE_BIDI_CHECK_H_

// Compares what jisr_text's BidiParagraph resolved with the levels and
// visual order of a UAX #9 test case (BidiTest.txt, BidiCharacterTest.txt).
//
// Acceptance mirrors ICU's own conformance harness (intltest bidiconf.cpp):
//  - characters the test data marks 'x' (removed by rule X9: explicit
//    controls, BN) are skipped in levels and in the visual order;
//  - ICU's unidirectional shortcut: for a paragraph whose resolved levels
//    are all of one direction, ICU does not store per-character levels and
//    reports the paragraph level for every character. Levels that differ are
//    accepted when, and only when, every expected level (non-x) has one
//    parity and ICU's reported levels have that same single parity, because
//    the visual order is then identical; the visual order is still checked
//    in full. Such cases are counted separately.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/text/bidi.h"

namespace jisr::text::conformance {

inline constexpr int kRemovedLevel = -1;  // 'x' in the test data

struct ExpectedBidi {
  std::vector<int> levels;  // per code point; kRemovedLevel for 'x'
  std::vector<int> order;   // logical code point indices, left to right
  bool check_order = true;
};

enum class BidiVerdict { kPass, kPassUnidirectionalShortcut, kFail };

// Compares resolved levels, one per code point (the removed characters' too,
// as ICU reports them), with the expected ones, under the acceptance rules
// above.
inline BidiVerdict CheckLevels(const std::vector<int>& levels, const ExpectedBidi& expected,
                               std::string* failure) {
  if (levels.size() != expected.levels.size()) {
    *failure = absl::StrCat("expected ", expected.levels.size(), " levels, text has ",
                            levels.size(), " code points");
    return BidiVerdict::kFail;
  }
  int expected_parities = 0;
  for (int level : expected.levels) {
    if (level != kRemovedLevel) expected_parities |= 1 << (level & 1);
  }
  int actual_parities = 0;
  for (int level : levels) actual_parities |= 1 << (level & 1);
  for (size_t i = 0; i < expected.levels.size(); ++i) {
    const int want = expected.levels[i];
    const int got = levels[i];
    if (want == kRemovedLevel || want == got) continue;
    if (expected_parities != 3 && expected_parities == actual_parities) {
      return BidiVerdict::kPassUnidirectionalShortcut;
    }
    *failure = absl::StrCat("level at ", i, ": expected ", want, ", got ", got, "; levels ",
                            absl::StrJoin(levels, " "));
    return BidiVerdict::kFail;
  }
  return BidiVerdict::kPass;
}

// `utf16_to_code_point[i]` is the code point index of UTF-16 unit i.
inline BidiVerdict CheckBidi(BidiParagraph& bidi, const ExpectedBidi& expected,
                             const std::vector<int32_t>& utf16_to_code_point,
                             const std::vector<int32_t>& code_point_to_utf16,
                             std::string* failure) {
  std::vector<uint8_t> units;
  if (!bidi.GetLevels(&units).ok()) {
    *failure = "GetLevels failed";
    return BidiVerdict::kFail;
  }
  std::vector<int> levels;
  levels.reserve(code_point_to_utf16.size());
  for (int32_t unit : code_point_to_utf16) levels.push_back(units[unit]);
  const BidiVerdict verdict = CheckLevels(levels, expected, failure);
  if (verdict == BidiVerdict::kFail) return verdict;
  if (!expected.check_order) return verdict;

  std::vector<int32_t> visual;
  if (!bidi.GetVisualToLogical(&visual).ok()) {
    *failure = "GetVisualToLogical failed";
    return BidiVerdict::kFail;
  }
  std::vector<int> order;
  int previous = -1;
  for (int32_t unit : visual) {
    const int code_point = utf16_to_code_point[unit];
    if (code_point == previous) continue;  // the other half of a pair
    previous = code_point;
    if (expected.levels[code_point] == kRemovedLevel) continue;
    order.push_back(code_point);
  }
  if (order != expected.order) {
    *failure = absl::StrCat("visual order ", absl::StrJoin(order, " "), ", expected ",
                            absl::StrJoin(expected.order, " "));
    return BidiVerdict::kFail;
  }
  return verdict;
}

}  // namespace jisr::text::conformance

#endif  // JISR_TESTS_CONFORMANCE_BIDI_CHECK_H_
