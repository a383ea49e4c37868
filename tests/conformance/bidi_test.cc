// Unicode 15.0 BidiTest.txt through jisr_text's BidiParagraph (ICU ubidi).
//
// Each data line gives bidi classes and a bitset of paragraph levels (1 auto,
// 2 LTR, 4 RTL); every bit is one case (770,241 cases in Unicode 15.0). A
// class becomes a real character of that class (L 'a', R U+05D0, AN U+0660,
// B U+2029, ...), so the text goes through the same code path as a field.
// Levels and visual order are checked as bidi_check.h explains. Every auto
// case of one paragraph also checks jisr_text's FirstStrongDirection (UAX #9
// P2/P3, which Analyze uses) against the level ICU resolved.
// Prints "BidiTest: N passed, M failed"; exits non-zero on any failure.

#include "services/text/bidi.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "tests/conformance/bidi_check.h"

namespace jisr::text::conformance {
namespace {

const absl::flat_hash_map<absl::string_view, char16_t>& ClassCharacters() {
  static const auto* const characters = new absl::flat_hash_map<absl::string_view, char16_t>{
      {"L", u'a'},     {"R", 0x05D0},   {"EN", u'1'},    {"ES", u'+'},   {"ET", u'$'},
      {"AN", 0x0660},  {"CS", u','},    {"B", 0x2029},   {"S", u'\t'},   {"WS", u' '},
      {"ON", u'!'},    {"LRE", 0x202A}, {"LRO", 0x202D}, {"AL", 0x0627}, {"RLE", 0x202B},
      {"RLO", 0x202E}, {"PDF", 0x202C}, {"NSM", 0x0300}, {"BN", 0x00AD}, {"FSI", 0x2068},
      {"LRI", 0x2066}, {"RLI", 0x2067}, {"PDI", 0x2069}};
  return *characters;
}

std::vector<absl::string_view> Tokens(absl::string_view text) {
  return absl::StrSplit(text, absl::ByAnyChar(" \t"), absl::SkipEmpty());
}

int Run(const char* path) {
  std::ifstream file(path);
  if (!file) {
    std::cerr << "cannot open " << path << "\n";
    return 2;
  }
  BidiParagraph bidi;
  ExpectedBidi expected;
  int64_t passed = 0;
  int64_t shortcut = 0;
  int64_t failed = 0;
  int64_t first_strong_checked = 0;
  int64_t first_strong_failed = 0;
  int64_t line_number = 0;
  std::string line;
  std::u16string text;
  std::vector<int32_t> identity;
  while (std::getline(file, line)) {
    ++line_number;
    absl::string_view content = line;
    const size_t comment = content.find('#');
    if (comment != absl::string_view::npos) content = content.substr(0, comment);
    content = absl::StripAsciiWhitespace(content);
    if (content.empty()) continue;
    if (absl::ConsumePrefix(&content, "@Levels:")) {
      expected.levels.clear();
      for (absl::string_view token : Tokens(content)) {
        int level = kRemovedLevel;
        if (token != "x" && !absl::SimpleAtoi(token, &level)) {
          std::cerr << "line " << line_number << ": bad level " << token << "\n";
          return 2;
        }
        expected.levels.push_back(level);
      }
      continue;
    }
    if (absl::ConsumePrefix(&content, "@Reorder:")) {
      expected.order.clear();
      for (absl::string_view token : Tokens(content)) {
        int index = 0;
        if (!absl::SimpleAtoi(token, &index)) {
          std::cerr << "line " << line_number << ": bad index " << token << "\n";
          return 2;
        }
        expected.order.push_back(index);
      }
      continue;
    }
    if (content.front() == '@') continue;
    const std::vector<absl::string_view> fields = absl::StrSplit(content, ';');
    int bitset = 0;
    if (fields.size() != 2 || !absl::SimpleAtoi(absl::StripAsciiWhitespace(fields[1]), &bitset)) {
      std::cerr << "line " << line_number << ": bad data line\n";
      return 2;
    }
    text.clear();
    for (absl::string_view token : Tokens(fields[0])) {
      auto it = ClassCharacters().find(token);
      if (it == ClassCharacters().end()) {
        std::cerr << "line " << line_number << ": unknown class " << token << "\n";
        return 2;
      }
      text.push_back(it->second);
    }
    identity.resize(text.size());
    for (size_t i = 0; i < identity.size(); ++i) identity[i] = static_cast<int32_t>(i);

    static constexpr ParagraphLevel kLevels[] = {ParagraphLevel::kAutoLtr, ParagraphLevel::kLtr,
                                                 ParagraphLevel::kRtl};
    static constexpr const char* kLevelNames[] = {"auto", "LTR", "RTL"};
    for (int bit = 0; bit < 3; ++bit) {
      if ((bitset & (1 << bit)) == 0) continue;
      std::string failure;
      BidiVerdict verdict = BidiVerdict::kFail;
      const absl::Status status =
          bidi.SetText(text.data(), static_cast<int32_t>(text.size()), kLevels[bit]);
      if (!status.ok()) {
        failure = std::string(status.message());
      } else {
        verdict = CheckBidi(bidi, expected, identity, identity, &failure);
      }
      if (status.ok() && kLevels[bit] == ParagraphLevel::kAutoLtr &&
          text.find(u'\u2029') == std::u16string::npos) {
        ++first_strong_checked;
        const absl::optional<Direction> strong =
            FirstStrongDirection(text.data(), static_cast<int32_t>(text.size()));
        const int resolved = strong.value_or(Direction::kLtr) == Direction::kRtl;
        if (resolved != bidi.paragraph_level()) {
          ++first_strong_failed;
          if (first_strong_failed <= 20) {
            std::cout << "FAIL line " << line_number << ": " << fields[0]
                      << ": FirstStrongDirection gives level " << resolved << ", ICU "
                      << bidi.paragraph_level() << "\n";
          }
        }
      }
      if (verdict == BidiVerdict::kFail) {
        ++failed;
        if (failed <= 20) {
          std::cout << "FAIL line " << line_number << " (" << kLevelNames[bit] << "): " << fields[0]
                    << ": " << failure << "\n";
        }
      } else {
        ++passed;
        if (verdict == BidiVerdict::kPassUnidirectionalShortcut) ++shortcut;
      }
      const int64_t cases = passed + failed;
      if (cases % 200000 == 0) {
        std::cout << "BidiTest progress: " << cases << " cases" << std::endl;
      }
    }
  }
  std::cout << "FirstStrongDirection (UAX #9 P2/P3): " << first_strong_checked
            << " auto cases checked against ICU, " << first_strong_failed << " failed\n";
  std::cout << "BidiTest: " << shortcut
            << " of the passes accepted through ICU's unidirectional shortcut "
               "(same visual order, paragraph level reported for every "
               "character)\n";
  std::cout << "BidiTest: " << passed << " passed, " << failed << " failed" << std::endl;
  return failed == 0 && first_strong_failed == 0 && passed > 0 ? 0 : 1;
}

}  // namespace
}  // namespace jisr::text::conformance

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " BidiTest.txt\n";
    return 2;
  }
  return jisr::text::conformance::Run(argv[1]);
}
