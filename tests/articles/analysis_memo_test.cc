// AnalysisMemo (services/articles/analysis_memo.h): a write's text analyses kept for the next
// write. What it answers from memory must be exactly what analysing the text again gives, for
// the same options only; it stays within its bytes; ill-formed text is an error it never keeps.
// Real text: every paragraph of the UDHR in Arabic and in English.
#include "services/articles/analysis_memo.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/import/udhr_html.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/textproto/text_messages.h"
#include "tests/testing/fixtures.h"

namespace jisr::articles {
namespace {

using ::testing::SizeIs;

struct Field {
  std::string language;
  std::string text;
};

// The declaration's paragraphs, headings and list items, in Arabic and in English.
std::vector<Field> UdhrParagraphs() {
  std::vector<Field> out;
  for (const auto& [file, language] : {std::pair{"udhr/arb.html", "ar"}, {"udhr/eng.html", "en"}}) {
    auto udhr = import::ParseUdhrHtml(
        ::jisr::testing::ReadFileOrDie(::jisr::testing::FixturePath(file)), language);
    EXPECT_TRUE(udhr.ok()) << udhr.status();
    for (const auto& block : udhr->blocks()) {
      if (block.has_paragraph()) out.push_back({language, block.paragraph().text()});
      if (block.has_heading()) out.push_back({language, block.heading().text()});
      for (const std::string& item : block.list().items()) out.push_back({language, item});
    }
  }
  return out;
}

text::AnalyzeOptions OptionsFor(const std::string& language) {
  text::AnalyzeOptions options;
  options.language = language;
  return options;
}

// Everything a write takes from an analysis, as bytes to compare.
std::string Fingerprint(const AnalyzedText& analyzed) {
  std::string out = absl::StrCat(analyzed.text, "\n", analyzed.word_count, "\n",
                                 analyzed.field_text.SerializeAsString());
  for (const auto& warning : analyzed.warnings) {
    absl::StrAppend(&out, "\n", textproto::ToProto(warning, "").SerializeAsString());
  }
  return out;
}

TEST(AnalysisMemoTest, RepeatsComeFromMemoryExactlyAsAFreshAnalysisGivesThem) {
  const std::vector<Field> paragraphs = UdhrParagraphs();
  ASSERT_GT(paragraphs.size(), 150u);
  AnalysisMemo memo(64 << 20);
  for (const Field& field : paragraphs) {
    auto fresh = AnalyzeText(field.text, OptionsFor(field.language), nullptr);
    ASSERT_TRUE(fresh.ok()) << fresh.status();
    auto first = memo.Analyze(field.text, OptionsFor(field.language));
    auto again = memo.Analyze(field.text, OptionsFor(field.language));
    ASSERT_TRUE(first.ok() && again.ok());
    EXPECT_EQ(Fingerprint(**first), Fingerprint(**fresh));
    EXPECT_EQ(Fingerprint(**again), Fingerprint(**fresh));
  }
  const AnalysisMemo::Stats stats = memo.stats();
  // The declaration repeats a few paragraphs word for word; those are hits the first time too.
  EXPECT_GE(stats.hits, static_cast<int64_t>(paragraphs.size()));
  EXPECT_EQ(stats.hits + stats.misses, static_cast<int64_t>(2 * paragraphs.size()));
  EXPECT_EQ(stats.entries, static_cast<size_t>(stats.misses));
}

TEST(AnalysisMemoTest, TheSameTextWithOtherOptionsIsAnalysedAgain) {
  std::string arabic;
  for (const Field& field : UdhrParagraphs()) {
    if (field.language == "ar" && field.text.size() > 200) {
      arabic = field.text;
      break;
    }
  }
  AnalysisMemo memo(1 << 20);
  auto as_arabic = memo.Analyze(arabic, OptionsFor("ar"));
  auto as_english = memo.Analyze(arabic, OptionsFor("en"));
  text::AnalyzeOptions one_line = OptionsFor("ar");
  one_line.allow_newlines = false;
  auto as_one_line = memo.Analyze(arabic, one_line);
  ASSERT_TRUE(as_arabic.ok() && as_english.ok() && as_one_line.ok());
  EXPECT_EQ(memo.stats().misses, 3);
  // Arabic text in an English variant is in the wrong script; in an Arabic one it is not.
  EXPECT_THAT((*as_arabic)->warnings, SizeIs(0));
  ASSERT_THAT((*as_english)->warnings, SizeIs(1));
  EXPECT_EQ((*as_english)->warnings[0].code, text::WarningCode::kWrongScript);
}

TEST(AnalysisMemoTest, ItKeepsWithinItsBytesAndForgetsTheOldestFirst) {
  const std::vector<Field> paragraphs = UdhrParagraphs();
  constexpr size_t kBytes = 32 << 10;
  AnalysisMemo memo(kBytes);
  for (const Field& field : paragraphs) {
    ASSERT_TRUE(memo.Analyze(field.text, OptionsFor(field.language)).ok());
    EXPECT_LE(memo.stats().bytes, kBytes);
  }
  EXPECT_LT(memo.stats().entries, paragraphs.size() / 2) << "32 KB cannot hold them all";
  const int64_t misses = memo.stats().misses;
  ASSERT_TRUE(memo.Analyze(paragraphs.back().text, OptionsFor(paragraphs.back().language)).ok());
  EXPECT_EQ(memo.stats().misses, misses) << "the newest is kept";
  ASSERT_TRUE(memo.Analyze(paragraphs[1].text, OptionsFor(paragraphs[1].language)).ok());
  EXPECT_EQ(memo.stats().misses, misses + 1) << "an early one was forgotten";
}

TEST(AnalysisMemoTest, IllFormedTextIsAnErrorEveryTimeAndIsNotKept) {
  AnalysisMemo memo(1 << 20);
  for (int i = 0; i < 2; ++i) {
    auto result = memo.Analyze("headline \xFF\xFE", OptionsFor("en"));
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  }
  EXPECT_EQ(memo.stats().entries, 0u);
  EXPECT_EQ(memo.stats().misses, 2);
}

}  // namespace
}  // namespace jisr::articles
