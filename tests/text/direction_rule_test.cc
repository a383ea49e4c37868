// The language rule for a paragraph's base direction (services/text/direction_rule.h): what it
// counts as a word with a direction, where its threshold lies, and what Analyze, Isolate and
// VisualOrder do with the direction it decides.
#include "services/text/direction_rule.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "services/text/analyze.h"
#include "services/text/isolate.h"
#include "services/text/visual.h"
#include "unicode/unistr.h"

namespace jisr::text {
namespace {

DirectionalWords Count(const std::string& text) {
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  return CountDirectionalWords(u.getBuffer(), u.length());
}

ParagraphDirection Decide(const std::string& text, Direction language,
                          DirectionRule rule = DirectionRule::kLanguage) {
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  return DecideParagraphDirection(u.getBuffer(), u.length(), language, rule);
}

FieldAnalysis AnalyzeArabic(const std::string& text) {
  AnalyzeOptions options;
  options.language = "ar";
  absl::StatusOr<FieldAnalysis> analysis = Analyze(text, options);
  EXPECT_TRUE(analysis.ok()) << analysis.status();
  return analysis.ok() ? *std::move(analysis) : FieldAnalysis{};
}

TEST(DirectionRuleTest, AWordTakesTheDirectionOfItsFirstStrongCharacter) {
  // "و500" is an Arabic word; "Flat6labs،" a Latin one; "999" has no direction.
  DirectionalWords words = Count("Flat6labs، و500 Falcons، وثلاثة مستثمرين ملائكيين");
  EXPECT_EQ(words.ltr, 2);
  EXPECT_EQ(words.rtl, 4);
  words = Count("  بسعر 999 دولاراً (2024) - 15%  ");
  EXPECT_EQ(words.ltr, 0);
  EXPECT_EQ(words.rtl, 2);
}

TEST(DirectionRuleTest, AddressesDoNotCountButHandlesAndHashtagsDo) {
  for (const std::string address :
       {"https://www.aljazeera.net/news/2024/1/1/x", "(http://example.com/a)", "www.un.org/ar",
        "press@un.org", "«https://example.com»", "ftp://files.example.com"}) {
    const DirectionalWords words = Count(address);
    EXPECT_EQ(words.ltr + words.rtl, 0) << address;
  }
  EXPECT_EQ(Count("@AJArabic").ltr, 1);
  EXPECT_EQ(Count("#COP28").ltr, 1);
  EXPECT_EQ(Count("#غزة").rtl, 1);
  // A caption that ends in a link is as Arabic as one that does not.
  const ParagraphDirection decided =
      Decide("التفاصيل على https://www.aljazeera.net/news/live", Direction::kRtl);
  EXPECT_EQ(decided.direction, Direction::kRtl);
  EXPECT_EQ(decided.source, DirectionSource::kLanguageConfirmedByWords);
}

TEST(DirectionRuleTest, WordsInsideIsolatesDoNotCount) {
  // The author isolated the English title: the sentence around it decides.
  const std::string text = "\u2066The Crown\u2069 \u2066Season 6\u2069 يعرض الآن";
  const DirectionalWords words = Count(text);
  EXPECT_EQ(words.ltr, 0);
  EXPECT_EQ(words.rtl, 2);
}

TEST(DirectionRuleTest, TheLanguageHoldsDownToOneWordInTen) {
  // One Arabic word with nine English ones: still Arabic in an Arabic variant.
  const std::string nine = "one two three four five six seven eight nine";
  ParagraphDirection decided = Decide(absl::StrCat("قال ", nine), Direction::kRtl);
  EXPECT_EQ(decided.direction, Direction::kRtl);
  EXPECT_EQ(decided.source, DirectionSource::kLanguageConfirmedByWords);
  // With ten English ones it is essentially English.
  decided = Decide(absl::StrCat("قال ", nine, " ten"), Direction::kRtl);
  EXPECT_EQ(decided.direction, Direction::kLtr);
  EXPECT_EQ(decided.source, DirectionSource::kOtherDirectionByWords);
  // The same threshold the other way round, for an English variant.
  decided = Decide("نحن هنا ولن نغادر أبداً مهما طال الزمن والقصف said", Direction::kLtr);
  EXPECT_EQ(decided.direction, Direction::kLtr);
  decided = Decide("«نحن هنا ولن نغادر أبداً مهما طال الزمن والقصف والحصار»", Direction::kLtr);
  EXPECT_EQ(decided.direction, Direction::kRtl);
  EXPECT_EQ(decided.source, DirectionSource::kOtherDirectionByWords);
}

TEST(DirectionRuleTest, NoWordWithADirectionTakesTheLanguage) {
  for (const std::string text : {"", "2024", "150 - 200", "(!)", "https://example.com/x"}) {
    for (Direction language : {Direction::kLtr, Direction::kRtl}) {
      const ParagraphDirection decided = Decide(text, language);
      EXPECT_EQ(decided.direction, language) << text;
      EXPECT_EQ(decided.source, DirectionSource::kLanguageFallback) << text;
    }
  }
}

TEST(DirectionRuleTest, FirstStrongIsUax9P2P3WhenAskedFor) {
  ParagraphDirection decided =
      Decide("CNN: إطلاق صاروخ من غزة", Direction::kRtl, DirectionRule::kFirstStrong);
  EXPECT_EQ(decided.direction, Direction::kLtr);
  EXPECT_EQ(decided.source, DirectionSource::kFirstStrongCharacter);
  decided = Decide("2024", Direction::kRtl, DirectionRule::kFirstStrong);
  EXPECT_EQ(decided.direction, Direction::kRtl);
  EXPECT_EQ(decided.source, DirectionSource::kLanguageFallback);
}

TEST(DirectionRuleTest, SpansAndIsolatedTextAreThoseOfTheReportedDirection) {
  const FieldAnalysis analysis = AnalyzeArabic("Apple تطلق هاتفاً جديداً بسعر 999 دولاراً");
  EXPECT_EQ(analysis.base_direction, Direction::kRtl);
  ASSERT_EQ(analysis.isolation_spans.size(), 2u);
  EXPECT_EQ(analysis.isolation_spans[0].direction, Direction::kLtr);
  EXPECT_EQ(analysis.isolation_spans[0].kind, SpanKind::kText);
  EXPECT_EQ(analysis.isolation_spans[1].kind, SpanKind::kNumber);
  EXPECT_EQ(analysis.isolated_text,
            "\u2066Apple\u2069 تطلق هاتفاً جديداً بسعر \u2066999\u2069 دولاراً");
  absl::StatusOr<IsolatedText> isolated = Isolate(analysis.text, "ar");
  ASSERT_TRUE(isolated.ok());
  EXPECT_EQ(isolated->base_direction, Direction::kRtl);
  EXPECT_EQ(isolated->isolated_text, analysis.isolated_text);
}

TEST(DirectionRuleTest, TheFactBoxValueReadsRightToLeftInVisualOrder) {
  // Drawn left to right: the Arabic words first (mirrored letters), "Flat6labs" rightmost.
  VisualOrderOptions options;
  options.language = "ar";
  absl::StatusOr<std::vector<std::string>> lines =
      VisualOrder("Flat6labs، و500 Falcons، وثلاثة", options);
  ASSERT_TRUE(lines.ok());
  ASSERT_EQ(lines->size(), 1u);
  const std::string& line = (*lines)[0];
  const size_t flat6labs = line.find("Flat6labs");
  const size_t falcons = line.find("Falcons");
  const size_t thalatha = line.find("ةثالثو");  // وثلاثة drawn from its last letter
  ASSERT_NE(flat6labs, std::string::npos) << line;
  ASSERT_NE(falcons, std::string::npos) << line;
  ASSERT_NE(thalatha, std::string::npos) << line;
  EXPECT_LT(thalatha, falcons) << line;
  EXPECT_LT(falcons, flat6labs) << line;
}

}  // namespace
}  // namespace jisr::text
