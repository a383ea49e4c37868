#include "services/text/search_key.h"

#include <string>

#include "gtest/gtest.h"
#include "tests/text/test_support.h"
#include "unicode/utf8.h"

namespace jisr::text {
namespace {

using ::jisr::text::testing::UdhrParagraphs;

std::string Key(absl::string_view text) {
  absl::StatusOr<std::string> key = SearchKey(text);
  EXPECT_TRUE(key.ok()) << key.status();
  return key.ok() ? *key : "";
}

TEST(SearchKeyTest, ArabicFoldingTable) {
  struct Case {
    const char* input;
    const char* key;
    const char* rule;
  } cases[] = {
      {"مُحَمَّدٌ", "محمد", "harakat removed"},
      {"الْقُرْآن", "القران", "sukun and madda removed, alef madda folded"},
      {"رحمٰن", "رحمن", "superscript alef removed"},
      {"مـــرحـبـا", "مرحبا", "tatweel removed"},
      {"أحمد إبراهيم آمال ٱلله", "احمد ابراهيم امال الله", "alef forms"},
      {"مستشفى", "مستشفي", "alef maqsura to yeh"},
      {"مدرسة", "مدرسه", "teh marbuta to heh"},
      {"٢٠٢٣ ۱۹", "2023 19", "Arabic-Indic and extended digits"},
      {"یک کتاب", "يك كتاب", "Farsi yeh and keheh"},
      {"مسؤول رئيس", "مسؤول رئيس", "hamza on waw and yeh kept"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Key(c.input), c.key) << c.rule;
  }
}

TEST(SearchKeyTest, LatinFoldingAndWhitespace) {
  EXPECT_EQ(Key("  US Secretary of State\t\twraps UP  "), "us secretary of state wraps up");
  EXPECT_EQ(Key("Café Dvořák Straße ﬁnal"), "cafe dvorak strasse final");
  EXPECT_EQ(Key("Cafe\xCC\x81"), "cafe");  // decomposed accent
  EXPECT_EQ(Key("ＡＦＰ"), "afp");         // full-width letters
  EXPECT_EQ(Key("China’s “One China”"), "china’s “one china”");
  // Default-ignorables (soft hyphen, bidi marks and controls) vanish.
  EXPECT_EQ(Key("co\xC2\xAD"
                "operation \xE2\x80\x8F"
                "AFP\xE2\x81\xA9"),
            "cooperation afp");
  // NBSP and other spaces are whitespace.
  EXPECT_EQ(Key("150\xC2\xA0metres"), "150 metres");
}

TEST(SearchKeyTest, SameWordsFoldTheSameInEitherVariant) {
  EXPECT_EQ(Key("وزير الخارجية Antony BLINKEN"), Key("وزير الخارجيّة antony blinken"));
  EXPECT_EQ(Key("الإعلان العالمي لحقوق الإنسان"), Key("الاعلان العالمى لحقوق الانسان"));
}

TEST(SearchKeyTest, FastPathAgreesWithFullNormalization) {
  // A soft hyphen forces the full NFKC_Casefold path and then disappears,
  // so both paths must give the same key for every Arabic-block and ASCII
  // character, alone and after each Arabic letter.
  auto utf8 = [](UChar32 c) {
    char bytes[4];
    int32_t length = 0;
    U8_APPEND_UNSAFE(bytes, length, c);
    return std::string(bytes, length);
  };
  const std::string soft_hyphen = "\xC2\xAD";
  for (UChar32 c = 0x20; c < 0x0700; ++c) {
    if (c >= 0x80 && c < 0x0600) continue;
    const std::string text = "ب" + utf8(c) + "ك";
    EXPECT_EQ(Key(text), Key(text + soft_hyphen)) << std::hex << c;
  }
  for (UChar32 base = 0x0620; base < 0x064B; ++base) {
    for (UChar32 mark = 0x064B; mark <= 0x0670; ++mark) {
      const std::string text = utf8(base) + utf8(mark) + "x";
      ASSERT_EQ(Key(text), Key(text + soft_hyphen)) << std::hex << base << " " << mark;
    }
  }
}

TEST(SearchKeyTest, RealTextIsDeterministicAndNfcStable) {
  for (const std::string& paragraph : UdhrParagraphs("arb")) {
    const std::string key = Key(paragraph);
    EXPECT_FALSE(key.empty());
    EXPECT_EQ(Key(key), key) << "a key folds to itself";
    EXPECT_EQ(key.find("\xD9\x8E"), std::string::npos);  // no fatha left
  }
}

TEST(SearchKeyTest, IllFormedUtf8) {
  EXPECT_EQ(SearchKey("\xC3").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace jisr::text
