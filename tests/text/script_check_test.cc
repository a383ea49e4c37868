#include "services/text/script_check.h"

#include <string>

#include "gtest/gtest.h"
#include "tests/text/test_support.h"

namespace jisr::text {
namespace {

using ::jisr::text::testing::SeedArticleLines;
using ::jisr::text::testing::UdhrParagraphs;

ScriptCheck Check(absl::string_view text, absl::string_view language) {
  absl::StatusOr<ScriptCheck> check = CheckScript(text, language);
  EXPECT_TRUE(check.ok()) << check.status();
  return check.ok() ? *check : ScriptCheck{};
}

TEST(CheckScriptTest, RealTextIsInItsOwnScript) {
  for (const std::string& paragraph : UdhrParagraphs("arb")) {
    EXPECT_FALSE(Check(paragraph, "ar").wrong_script) << paragraph;
  }
  for (const std::string& paragraph : UdhrParagraphs("eng")) {
    EXPECT_FALSE(Check(paragraph, "en").wrong_script) << paragraph;
  }
  for (const std::string& line : SeedArticleLines()) {
    EXPECT_FALSE(Check(line, "en").wrong_script) << line;
  }
}

TEST(CheckScriptTest, ArabicSavedIntoTheEnglishVariantIsFlagged) {
  const std::string paragraph = UdhrParagraphs("arb")[0];
  const ScriptCheck check = Check(paragraph, "en");
  EXPECT_TRUE(check.wrong_script);
  EXPECT_EQ(check.expected_script, USCRIPT_LATIN);
  EXPECT_EQ(check.counts.latin_letters, 0);
  EXPECT_GT(check.counts.arabic_letters, 80);
  // And the reverse.
  EXPECT_TRUE(Check(UdhrParagraphs("eng")[0], "ar").wrong_script);
}

TEST(CheckScriptTest, CountsIgnoreDigitsPunctuationAndMarks) {
  const ScriptCheck check = Check("أحرارًا 2018, AFP!", "ar");
  EXPECT_EQ(check.counts.arabic_letters, 6);  // the tanwin mark is not a letter
  EXPECT_EQ(check.counts.latin_letters, 3);
  EXPECT_EQ(check.counts.other_letters, 0);
  EXPECT_EQ(check.expected_script_letters, 6);
}

TEST(CheckScriptTest, NamesCreditsAndShortQuotesAreNotFlagged) {
  // Too few letters to judge.
  EXPECT_FALSE(Check("AFP", "ar").wrong_script);
  EXPECT_FALSE(Check("Getty Images / Reuters", "ar").wrong_script);
  EXPECT_FALSE(Check("محمد بن راشد", "en").wrong_script);
  // A Latin name and quote inside an Arabic sentence.
  EXPECT_FALSE(Check("قال وزير الخارجية الأمريكي Antony Blinken إن بلاده "
                     "تدعم سياسة \"One China\" التي تعترف بها",
                     "ar")
                   .wrong_script);
}

TEST(CheckScriptTest, UrlsAndEmailsAreNotLanguage) {
  const ScriptCheck check = Check(
      "للمزيد زوروا https://www.thenationalnews.com/world/asia/2023/06/19/ "
      "أو راسلوا newsdesk@thenationalnews.com",
      "ar");
  EXPECT_EQ(check.counts.latin_letters, 0);
  EXPECT_FALSE(check.wrong_script);
}

TEST(CheckScriptTest, OtherLanguagesUseTheirLikelyScript) {
  EXPECT_EQ(Check("x", "fa").expected_script, USCRIPT_ARABIC);
  EXPECT_EQ(Check("x", "fr").expected_script, USCRIPT_LATIN);
  EXPECT_TRUE(Check(UdhrParagraphs("eng")[1], "ru").wrong_script);
  EXPECT_EQ(CheckScript("x", "").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace jisr::text
