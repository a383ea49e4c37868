#include "services/text/word_count.h"

#include <random>
#include <string>

#include "gtest/gtest.h"
#include "tests/text/test_support.h"
#include "unicode/unistr.h"
#include "unicode/utf16.h"

namespace jisr::text {
namespace {

using ::jisr::text::testing::SeedArticleLines;
using ::jisr::text::testing::UdhrParagraphs;

WordCount Count(absl::string_view text, absl::string_view language) {
  absl::StatusOr<WordCount> count = CountWords(text, language);
  EXPECT_TRUE(count.ok()) << count.status();
  return count.ok() ? *count : WordCount{};
}

TEST(CountWordsTest, CountsWordsNotPunctuation) {
  // The seed article's caption.
  EXPECT_EQ(Count("Antony Blinken is the highest-ranking US official to visit "
                  "Beijing since 2018. AFP",
                  "en")
                .words,
            14);
  EXPECT_EQ(Count("“They're really dug in on their own interpretation,” — Ms "
                  "Glaser.",
                  "en")
                .words,
            10);
  EXPECT_EQ(Count("يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق.", "ar").words, 8);
  EXPECT_EQ(Count(" … — ! ", "en").words, 0);
}

TEST(CountWordsTest, ReadingTimeUsesTheLanguageSpeedAndRoundsUp) {
  EXPECT_EQ(ReadingTimeSeconds(230, kEnglishWordsPerMinute), 60);
  EXPECT_EQ(ReadingTimeSeconds(231, kEnglishWordsPerMinute), 61);
  EXPECT_EQ(ReadingTimeSeconds(180, kArabicWordsPerMinute), 60);
  EXPECT_EQ(ReadingTimeMinutes(1, kArabicWordsPerMinute), 1);
  EXPECT_EQ(ReadingTimeMinutes(181, kArabicWordsPerMinute), 2);
  EXPECT_EQ(ReadingTimeSeconds(0, kEnglishWordsPerMinute), 0);

  const WordCount english = Count("one two three", "en");
  EXPECT_EQ(english.reading_time_seconds, 1);  // 3 words * 60 / 230, rounded up
  EXPECT_EQ(english.reading_time_minutes, 1);
}

TEST(CountWordsTest, WholeUdhrInBothLanguages) {
  int64_t english = 0;
  for (const std::string& p : UdhrParagraphs("eng")) english += Count(p, "en").words;
  int64_t arabic = 0;
  for (const std::string& p : UdhrParagraphs("arb")) arabic += Count(p, "ar").words;
  // Arabic joins articles, prepositions and pronouns to words: the same
  // declaration has markedly fewer Arabic words.
  EXPECT_GT(english, 1600);
  EXPECT_LT(english, 1900);
  EXPECT_LT(arabic, english);
  EXPECT_GT(arabic, 1100);
  // So at each language's speed the two read in comparable time.
  const int32_t english_minutes = ReadingTimeMinutes(english, kEnglishWordsPerMinute);
  const int32_t arabic_minutes = ReadingTimeMinutes(arabic, kArabicWordsPerMinute);
  EXPECT_LE(std::abs(english_minutes - arabic_minutes), 1);
}

TEST(CountWordsTest, SeedArticleReadingTime) {
  int64_t words = 0;
  for (const std::string& line : SeedArticleLines()) words += Count(line, "en").words;
  EXPECT_GT(words, 600);
  EXPECT_LT(words, 800);
  EXPECT_EQ(ReadingTimeMinutes(words, kEnglishWordsPerMinute), (words + 229) / 230);
}

// The direct count must agree with ICU's BreakIterator wherever it answers.
int32_t IcuCount(const icu::UnicodeString& text) {
  absl::StatusOr<int32_t> count = internal::CountWordsWithBreakIterator(text, "en");
  EXPECT_TRUE(count.ok()) << count.status();
  return count.ok() ? *count : -1;
}

TEST(CountWordsDirectTest, AgreesWithIcuOnRealText) {
  std::vector<std::string> texts = UdhrParagraphs("arb");
  for (const std::string& p : UdhrParagraphs("eng")) texts.push_back(p);
  for (const std::string& line : SeedArticleLines()) texts.push_back(line);
  for (const std::string& text : texts) {
    const icu::UnicodeString utf16 = icu::UnicodeString::fromUTF8(text);
    const absl::optional<int32_t> direct =
        internal::CountWordsDirect(utf16.getBuffer(), utf16.length());
    ASSERT_TRUE(direct.has_value()) << "real prose takes the direct path: " << text;
    EXPECT_EQ(*direct, IcuCount(utf16)) << text;
  }
}

TEST(CountWordsDirectTest, AgreesWithIcuForEveryBmpCharacterItModels) {
  // Each character in the positions where UAX #29 joins or splits words:
  // between letters, between digits, after a word, before a word, doubled.
  const char16_t* templates[] = {u"a\uFFFFb",
                                 u"1\uFFFF2",
                                 u"\uFFFF",
                                 u"\uFFFF\uFFFF",
                                 u"a\uFFFF",
                                 u"\uFFFFa",
                                 u"1\uFFFF",
                                 u"\uFFFF1",
                                 u"a\uFFFF1",
                                 u"1\uFFFFa",
                                 u"a.\uFFFFb",
                                 u"a\uFFFF.b",
                                 u"\u0628\uFFFF\u062A",
                                 u"a'\uFFFF'b",
                                 u"1,\uFFFF,2",
                                 u"\n\uFFFFa"};
  int64_t modelled = 0;
  for (UChar32 c = 0; c < 0x10000; ++c) {
    if (U_IS_SURROGATE(c) || c == 0xFFFF) continue;
    for (size_t t = 0; t < sizeof(templates) / sizeof(templates[0]); ++t) {
      icu::UnicodeString text(templates[t]);
      text.findAndReplace(icu::UnicodeString(static_cast<char16_t>(0xFFFF)),
                          icu::UnicodeString(static_cast<char16_t>(c)));
      const absl::optional<int32_t> direct =
          internal::CountWordsDirect(text.getBuffer(), text.length());
      if (!direct.has_value()) continue;
      ++modelled;
      ASSERT_EQ(*direct, IcuCount(text))
          << "U+" << std::hex << c << " in template " << std::dec << t;
    }
  }
  EXPECT_GT(modelled, 100000);
}

TEST(CountWordsDirectTest, AgreesWithIcuOnRandomMixtures) {
  // Letters, digits, marks and the punctuation of English and Arabic prose,
  // in random order: 200,000 strings.
  const std::u16string pool =
      u"aZ\u00E9\u0628\u0644\u0627\u06CC"
      u"09\u0661\u06F5"
      u"\u064E\u0651\u0301"
      u" \n\t\u00A0\u2009"
      u".,;:'\u2019\u00B7"
      u"\u060C\u066B\u066C-!?\"()%\u2013\u2026\u201C";
  std::mt19937 random(20230619);
  std::uniform_int_distribution<size_t> pick(0, pool.size() - 1);
  std::uniform_int_distribution<int> length(1, 12);
  for (int i = 0; i < 200000; ++i) {
    std::u16string text;
    for (int n = length(random); n > 0; --n) text.push_back(pool[pick(random)]);
    const absl::optional<int32_t> direct =
        internal::CountWordsDirect(text.data(), static_cast<int32_t>(text.size()));
    ASSERT_TRUE(direct.has_value());
    const icu::UnicodeString utf16(text.data(), static_cast<int32_t>(text.size()));
    ASSERT_EQ(*direct, IcuCount(utf16)) << i;
  }
}

TEST(CountWordsDirectTest, LeavesWhatItDoesNotModelToIcu) {
  for (const char16_t* text : {u"snake_case", u"\u05E9\u05DC\u05D5\u05DD", u"\u4E2D\u6587",
                               u"a\u00ADb", u"\U0001F600", u"\u0E20\u0E32\u0E29\u0E32"}) {
    EXPECT_FALSE(
        internal::CountWordsDirect(text, std::char_traits<char16_t>::length(text)).has_value());
  }
  // ICU's root rules split at a colon, unlike the Unicode data's MidLetter;
  // Swedish tailors it back, and other languages always get ICU's rules.
  EXPECT_EQ(Count("Founders: co-founder", "en").words, 3);
  EXPECT_EQ(Count("a:b", "en").words, 2);
  EXPECT_EQ(Count("a:b", "sv").words, 1);
}

}  // namespace
}  // namespace jisr::text
