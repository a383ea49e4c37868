#include "services/text/visual.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/text/test_support.h"
#include "unicode/unistr.h"

namespace jisr::text {
namespace {

using ::jisr::text::testing::UdhrParagraphs;

std::vector<std::string> Lines(absl::string_view text, const VisualOrderOptions& options) {
  absl::StatusOr<std::vector<std::string>> lines = VisualOrder(text, options);
  EXPECT_TRUE(lines.ok()) << lines.status();
  return lines.ok() ? *std::move(lines) : std::vector<std::string>{};
}

VisualOrderOptions Options(const char* language, int32_t width = 0, bool shape = false) {
  VisualOrderOptions options;
  options.language = language;
  options.max_line_chars = width;
  options.shape_arabic = shape;
  return options;
}

TEST(VisualOrderTest, ArabicIsReversedAroundLatinAndNumbers) {
  const std::vector<std::string> lines = Lines("قالت وكالة (AFP) إن 150 شخصا قتلوا", Options("ar"));
  ASSERT_EQ(lines.size(), 1u);
  // Drawn left to right: the last Arabic word first; "AFP" and "150" keep
  // their own order; the brackets, Arabic-direction, are mirrored.
  EXPECT_EQ(lines[0], "اولتق اصخش 150 نإ (AFP) ةلاكو تلاق");
}

TEST(VisualOrderTest, EnglishIsUnchanged) {
  const std::string text = "Mr Blinken (the Secretary of State) said so.";
  EXPECT_EQ(Lines(text, Options("en")), std::vector<std::string>{text});
}

TEST(VisualOrderTest, ShapingGivesPresentationFormsAndLamAlef) {
  const std::vector<std::string> lines = Lines("السلام عليكم", Options("ar", 0, /*shape=*/true));
  ASSERT_EQ(lines.size(), 1u);
  const icu::UnicodeString shaped = icu::UnicodeString::fromUTF8(lines[0]);
  // "السلام" has a lam-alef: one ligature (U+FEFB isolated, U+FEFC final).
  EXPECT_TRUE(shaped.indexOf(u'\uFEFB') >= 0 || shaped.indexOf(u'\uFEFC') >= 0) << lines[0];
  // 12 code points, one fewer for the ligature.
  EXPECT_EQ(shaped.countChar32(), 11);
  for (int32_t i = 0; i < shaped.length(); ++i) {
    const char16_t c = shaped.charAt(i);
    EXPECT_TRUE(c == u' ' || (c >= 0xFE70 && c <= 0xFEFF)) << std::hex << c;
  }
  // Visual order: the first logical letter (alef, isolated U+FE8D) is drawn
  // rightmost.
  EXPECT_EQ(shaped.charAt(shaped.length() - 1), u'\uFE8D');
}

TEST(VisualOrderTest, WrapsAtTheLineWidthBeforeReordering) {
  const std::vector<std::string> lines =
      Lines("قالت وكالة (AFP) إن 150 شخصا قتلوا", Options("ar", 12));
  EXPECT_EQ(lines, (std::vector<std::string>{"ةلاكو تلاق", "150 نإ (AFP)", "اولتق اصخش"}));
  for (const std::string& paragraph : UdhrParagraphs("arb")) {
    for (const std::string& line : Lines(paragraph, Options("ar", 40))) {
      EXPECT_LE(icu::UnicodeString::fromUTF8(line).countChar32(), 40) << line;
      EXPECT_FALSE(line.empty());
    }
  }
}

TEST(VisualOrderTest, LineFeedsSeparateParagraphsWithTheirOwnDirection) {
  const std::vector<std::string> lines = Lines("AFP report\nقالت الوكالة\n2018", Options("ar"));
  EXPECT_EQ(lines, (std::vector<std::string>{"AFP report", "ةلاكولا تلاق", "2018"}));
  VisualOrderOptions forced = Options("ar");
  forced.direction = Direction::kRtl;
  // Forced RTL: "AFP report" is an LTR run inside an RTL line (same glyph
  // order), and a trailing "!" moves to its left.
  EXPECT_EQ(Lines("AFP report!", forced), std::vector<std::string>{"!AFP report"});
}

TEST(VisualOrderTest, OverridesCannotReorderWhatIsDrawn) {
  // Stored policy first: the RLO is removed, so the letters keep their order.
  EXPECT_EQ(Lines("Photo: \xE2\x80\xAE"
                  "sretueR\xE2\x80\xAC",
                  Options("en")),
            std::vector<std::string>{"Photo: sretueR"});
}

TEST(VisualOrderTest, RejectsBadInput) {
  VisualOrderOptions options = Options("ar", -1);
  EXPECT_EQ(VisualOrder("x", options).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VisualOrder("\xC3", Options("ar")).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace jisr::text
