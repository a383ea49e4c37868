#include "services/text/bidi.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/text/test_support.h"

namespace jisr::text {
namespace {

using ::jisr::text::testing::RangeOf;
using ::jisr::text::testing::Slice;
using ::jisr::text::testing::UdhrHeadings;
using ::jisr::text::testing::UdhrParagraphs;

BidiAnalysis Analyze(absl::string_view text, absl::string_view language) {
  absl::StatusOr<BidiAnalysis> analysis = AnalyzeBidi(text, language);
  EXPECT_TRUE(analysis.ok()) << analysis.status();
  return analysis.ok() ? *std::move(analysis) : BidiAnalysis{};
}

TEST(AnalyzeBidiTest, EveryArabicUdhrParagraphIsRtlWhateverTheLanguage) {
  std::vector<std::string> texts = UdhrParagraphs("arb");
  for (const std::string& heading : UdhrHeadings("arb")) texts.push_back(heading);
  ASSERT_GT(texts.size(), 30u);
  for (const std::string& text : texts) {
    // Arabic text is Arabic by its words, so even a wrong variant language
    // cannot make it left-to-right.
    for (const char* language : {"ar", "en"}) {
      const BidiAnalysis analysis = Analyze(text, language);
      EXPECT_EQ(analysis.base_direction, Direction::kRtl) << text;
      EXPECT_EQ(analysis.direction_source, std::string(language) == "ar"
                                               ? DirectionSource::kLanguageConfirmedByWords
                                               : DirectionSource::kOtherDirectionByWords);
      ASSERT_EQ(analysis.paragraphs.size(), 1u);
      EXPECT_EQ(analysis.paragraphs[0].direction, Direction::kRtl);
    }
  }
}

TEST(AnalyzeBidiTest, EveryEnglishUdhrParagraphIsLtr) {
  std::vector<std::string> texts = UdhrParagraphs("eng");
  for (const std::string& heading : UdhrHeadings("eng")) texts.push_back(heading);
  for (const std::string& text : texts) {
    const BidiAnalysis analysis = Analyze(text, "ar");
    EXPECT_EQ(analysis.base_direction, Direction::kLtr) << text;
    ASSERT_EQ(analysis.paragraphs.size(), 1u);
    // One LTR run covering the paragraph.
    ASSERT_EQ(analysis.paragraphs[0].runs.size(), 1u) << text;
    EXPECT_EQ(analysis.paragraphs[0].runs[0].level, 0);
    EXPECT_EQ(analysis.paragraphs[0].runs[0].range, RangeOf(text, text));
  }
}

TEST(AnalyzeBidiTest, RunsOfAnArabicSentenceWithLatinAndDigits) {
  const std::string text = "قالت وكالة AFP إن 150 شخصا قتلوا.";
  const BidiAnalysis analysis = Analyze(text, "ar");
  ASSERT_EQ(analysis.paragraphs.size(), 1u);
  const std::vector<BidiRun>& runs = analysis.paragraphs[0].runs;
  ASSERT_EQ(runs.size(), 5u);
  EXPECT_EQ(Slice(text, runs[1].range), "AFP");
  EXPECT_EQ(runs[1].level, 2);
  EXPECT_EQ(runs[1].direction, Direction::kLtr);
  EXPECT_EQ(Slice(text, runs[3].range), "150");
  EXPECT_EQ(runs[3].level, 2);
  EXPECT_EQ(runs[4].level, 1);
  // Runs tile the paragraph in logical order.
  for (size_t i = 1; i < runs.size(); ++i) {
    EXPECT_EQ(runs[i - 1].range.end, runs[i].range.start);
  }
  EXPECT_EQ(runs.back().range.end, analysis.paragraphs[0].range.end);
}

TEST(AnalyzeBidiTest, NoStrongCharacterFallsBackToTheLanguage) {
  for (const char* text : {"2018", "150 - 200", "", "(!)"}) {
    const BidiAnalysis arabic = Analyze(text, "ar");
    EXPECT_EQ(arabic.base_direction, Direction::kRtl) << text;
    EXPECT_EQ(arabic.direction_source, DirectionSource::kLanguageFallback);
    EXPECT_EQ(Analyze(text, "en").base_direction, Direction::kLtr) << text;
    EXPECT_EQ(Analyze(text, "en-AE").base_direction, Direction::kLtr) << text;
    EXPECT_EQ(Analyze(text, "ar-AE").base_direction, Direction::kRtl) << text;
  }
}

TEST(AnalyzeBidiTest, BothRulesSkipIsolates) {
  // P2: characters inside an isolate do not decide the paragraph; nor do they count as words.
  const std::string text =
      "\xE2\x81\xA6"
      "AFP\xE2\x81\xA9 قالت الوكالة";
  EXPECT_EQ(Analyze(text, "en").base_direction, Direction::kRtl);
  absl::StatusOr<BidiAnalysis> first_strong = AnalyzeBidi(text, "en", DirectionRule::kFirstStrong);
  ASSERT_TRUE(first_strong.ok());
  EXPECT_EQ(first_strong->base_direction, Direction::kRtl);
  EXPECT_EQ(first_strong->direction_source, DirectionSource::kFirstStrongCharacter);
}

TEST(AnalyzeBidiTest, EachParagraphHasItsOwnDirection) {
  const std::string text = "2018\nThe General Assembly\nالمادة 1";
  const BidiAnalysis analysis = Analyze(text, "ar");
  ASSERT_EQ(analysis.paragraphs.size(), 3u);
  EXPECT_EQ(analysis.paragraphs[0].direction, Direction::kRtl);
  EXPECT_EQ(analysis.paragraphs[0].direction_source, DirectionSource::kLanguageFallback);
  EXPECT_EQ(analysis.paragraphs[1].direction, Direction::kLtr);
  EXPECT_EQ(analysis.paragraphs[2].direction, Direction::kRtl);
  EXPECT_EQ(Slice(text, analysis.paragraphs[1].range), "The General Assembly");
  EXPECT_EQ(Slice(text, analysis.paragraphs[2].range), "المادة 1");
  // The field's direction is its first paragraph with a word that has a direction: an English
  // line in an Arabic variant.
  EXPECT_EQ(analysis.base_direction, Direction::kLtr);
  EXPECT_EQ(analysis.direction_source, DirectionSource::kOtherDirectionByWords);
}

TEST(AnalyzeBidiTest, RejectsBadInput) {
  EXPECT_EQ(AnalyzeBidi("abc", "").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(AnalyzeBidi("\xFF", "ar").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(FirstStrongDirectionTest, FollowsP2AndP3) {
  const std::u16string ltr = u"123 abc \u05D0";
  EXPECT_EQ(FirstStrongDirection(ltr.data(), ltr.size()), Direction::kLtr);
  const std::u16string rtl = u"(\u0627) abc";
  EXPECT_EQ(FirstStrongDirection(rtl.data(), rtl.size()), Direction::kRtl);
  // An unterminated isolate hides the rest of the paragraph.
  const std::u16string hidden = u"\u2068abc";
  EXPECT_FALSE(FirstStrongDirection(hidden.data(), hidden.size()).has_value());
  // A paragraph separator ends the search.
  const std::u16string separated = u"12\u2029abc";
  EXPECT_FALSE(FirstStrongDirection(separated.data(), separated.size()).has_value());
}

TEST(BidiParagraphTest, WritesVisualOrderWithMirroring) {
  BidiParagraph bidi;
  const std::u16string text = u"\u0642\u0627\u0644 (AFP)";
  ASSERT_TRUE(bidi.SetText(text.data(), text.size(), ParagraphLevel::kRtl).ok());
  icu::UnicodeString visual;
  ASSERT_TRUE(bidi.WriteVisual(&visual).ok());
  // The brackets take the Arabic direction: drawn mirrored, left of the
  // Arabic word, around the unreversed acronym.
  EXPECT_EQ(visual, icu::UnicodeString(u"(AFP) \u0644\u0627\u0642"));
}

}  // namespace
}  // namespace jisr::text
