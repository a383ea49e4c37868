// Unicode 15.0 WordBreakTest.txt through the word counter. The counter has a direct
// implementation of UAX #29's word rules for English and Arabic prose (word_count.h) beside
// ICU's word BreakIterator; for every test string (alone, and inside an English and an Arabic
// sentence) that the direct implementation takes, its count must equal the BreakIterator's,
// and the BreakIterator's boundaries must be the file's but for ICU's one known departure
// (the colon, below).
#include <cstdint>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "services/text/word_count.h"
#include "tests/conformance/break_test_line.h"
#include "unicode/brkiter.h"
#include "unicode/uchar.h"
#include "unicode/unistr.h"

namespace jisr::text::conformance {
namespace {

int Run(const char* path) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "cannot open " << path
              << ": install Debian's unicode-data package (deploy/local/install-deps --test)\n";
    return 2;
  }
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> words(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status)) {
    std::cerr << "ICU has no word break rules: " << u_errorName(status) << "\n";
    return 2;
  }
  int cases = 0, boundary_failures = 0, colon_deviations = 0, direct = 0, count_failures = 0;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    icu::UnicodeString text;
    std::set<int32_t> expected;
    if (!ParseBreakTestLine(line, &text, &expected)) continue;
    ++cases;
    words->setText(text);
    std::set<int32_t> actual;
    for (int32_t b = words->first(); b != icu::BreakIterator::DONE; b = words->next()) {
      actual.insert(b);
    }
    if (actual != expected) {
      // ICU's root rules follow CLDR, where ":" is not MidLetter (UAX #29 makes it one for
      // Swedish "c:a"; CLDR keeps that to the Swedish and Finnish tailorings): ICU breaks on
      // both sides of every colon, and nowhere else differs.
      std::set<int32_t> colon_breaks = expected;
      for (int32_t i = 0; i < text.length(); ++i) {
        if (text[i] != u':') continue;
        int32_t end = i + 1;  // the colon with the marks and format characters it holds (WB4)
        while (end < text.length()) {
          const int32_t wb = u_getIntPropertyValue(text.char32At(end), UCHAR_WORD_BREAK);
          if (wb != U_WB_EXTEND && wb != U_WB_FORMAT && wb != U_WB_ZWJ) break;
          end = text.moveIndex32(end, 1);
        }
        colon_breaks.insert({i, end});
      }
      if (actual == colon_breaks) {
        ++colon_deviations;
      } else if (++boundary_failures <= 20) {
        std::cerr << "WordBreakTest.txt line " << number << ": ICU's boundaries differ\n  " << line
                  << "\n";
      }
    }
    for (const icu::UnicodeString& sample :
         {text, icu::UnicodeString(u"The word ") + text + u" here.",
          icu::UnicodeString(u"الكلمة ") + text + u" هنا."}) {
      absl::optional<int32_t> fast = internal::CountWordsDirect(
          reinterpret_cast<const char16_t*>(sample.getBuffer()), sample.length());
      if (!fast.has_value()) continue;
      ++direct;
      absl::StatusOr<int32_t> reference = internal::CountWordsWithBreakIterator(sample, "en");
      if (!reference.ok() || *reference != *fast) {
        if (++count_failures <= 20) {
          std::cerr << "WordBreakTest.txt line " << number << ": the direct count is " << *fast
                    << ", ICU's "
                    << (reference.ok() ? std::to_string(*reference) : reference.status().ToString())
                    << "\n  " << line << "\n";
        }
      }
    }
  }
  std::cout << "WordBreakTest: " << cases - boundary_failures - colon_deviations << " passed, "
            << colon_deviations << " known deviations (CLDR root: ':' is not MidLetter), "
            << boundary_failures << " failed; word counts: " << direct
            << " samples counted directly and by ICU, " << count_failures << " differ" << std::endl;
  // ICU 72 has exactly this many; another number means ICU changed: look again.
  constexpr int kColonDeviations = 15;
  if (colon_deviations != kColonDeviations) {
    std::cerr << "expected " << kColonDeviations << " colon deviations, found " << colon_deviations
              << ": ICU's word rules changed; update this test\n";
  }
  return cases > 0 && boundary_failures == 0 && colon_deviations == kColonDeviations &&
                 count_failures == 0 && direct > 0
             ? 0
             : 1;
}

}  // namespace
}  // namespace jisr::text::conformance

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " WordBreakTest.txt\n";
    return 2;
  }
  return jisr::text::conformance::Run(argv[1]);
}
