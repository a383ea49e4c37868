#include "services/text/isolate.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/text/test_support.h"

namespace jisr::text {
namespace {

using ::jisr::text::testing::RangeOf;
using ::jisr::text::testing::SeedArticleLines;
using ::jisr::text::testing::Slice;
using ::jisr::text::testing::UdhrHeadings;
using ::jisr::text::testing::UdhrParagraphs;

IsolatedText IsolateOk(absl::string_view text, absl::string_view language) {
  absl::StatusOr<IsolatedText> result = Isolate(text, language);
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *std::move(result) : IsolatedText{};
}

void ExpectSpan(const IsolatedText& result, size_t index, absl::string_view content,
                Direction direction, SpanKind kind) {
  ASSERT_LT(index, result.spans.size()) << content;
  const IsolationSpan& span = result.spans[index];
  // The range is exactly where `content` is, in all three units.
  EXPECT_EQ(span.range, RangeOf(result.text, content)) << content;
  EXPECT_EQ(Slice(result.text, span.range), content);
  EXPECT_EQ(span.direction, direction) << content;
  EXPECT_EQ(span.kind, kind) << content;
}

TEST(IsolateTest, LatinCreditNumbersNameAndUrlInsideArabic) {
  // An emoji (two UTF-16 units, four bytes) first, so every unit differs.
  const std::string text =
      "😀 قالت وكالة AFP إن 150 شخصا قتلوا منذ 2018، وزار Antony Blinken "
      "الموقع https://www.thenationalnews.com/world/ أمس.";
  const IsolatedText result = IsolateOk(text, "ar");
  EXPECT_EQ(result.base_direction, Direction::kRtl);
  ASSERT_EQ(result.spans.size(), 5u);
  ExpectSpan(result, 0, "AFP", Direction::kLtr, SpanKind::kText);
  ExpectSpan(result, 1, "150", Direction::kLtr, SpanKind::kNumber);
  ExpectSpan(result, 2, "2018", Direction::kLtr, SpanKind::kNumber);
  ExpectSpan(result, 3, "Antony Blinken", Direction::kLtr, SpanKind::kText);
  // The URL keeps its trailing "/" (the bidi algorithm alone gives the "/"
  // to the Arabic around it).
  ExpectSpan(result, 4, "https://www.thenationalnews.com/world/", Direction::kLtr, SpanKind::kUrl);
  EXPECT_EQ(result.spans[0].range.start, 13);
  EXPECT_EQ(result.spans[0].range.utf16_start, 14);
  EXPECT_EQ(result.spans[0].range.utf8_start, 25);
  EXPECT_EQ(result.isolated_text,
            "😀 قالت وكالة \xE2\x81\xA6"
            "AFP\xE2\x81\xA9 إن \xE2\x81\xA6"
            "150"
            "\xE2\x81\xA9 شخصا قتلوا منذ \xE2\x81\xA6"
            "2018\xE2\x81\xA9، وزار "
            "\xE2\x81\xA6"
            "Antony Blinken\xE2\x81\xA9 الموقع \xE2\x81\xA6"
            "https://www.thenationalnews.com/world/\xE2\x81\xA9 أمس.");
}

TEST(IsolateTest, MathematicalLetterBeforeTheSpan) {
  // U+1D538 (outside the BMP, and a strong LTR letter): its own span, and
  // every offset after it differs by unit.
  const std::string text = "الرمز 𝔸 يعني PRC في النص";
  const IsolatedText result = IsolateOk(text, "ar");
  ASSERT_EQ(result.spans.size(), 2u);
  ExpectSpan(result, 0, "𝔸", Direction::kLtr, SpanKind::kText);
  ExpectSpan(result, 1, "PRC", Direction::kLtr, SpanKind::kText);
  EXPECT_EQ(result.spans[1].range.start, 13);
  EXPECT_EQ(result.spans[1].range.utf16_start, 14);
  EXPECT_EQ(result.spans[1].range.utf8_start, 25);
}

TEST(IsolateTest, ArabicNameInsideEnglishIsAnRtlSpan) {
  const std::string text = "Mr Blinken met محمد بن سلمان in Riyadh on Monday.";
  const IsolatedText result = IsolateOk(text, "en");
  EXPECT_EQ(result.base_direction, Direction::kLtr);
  ASSERT_EQ(result.spans.size(), 1u);
  ExpectSpan(result, 0, "محمد بن سلمان", Direction::kRtl, SpanKind::kText);
  EXPECT_EQ(result.isolated_text,
            "Mr Blinken met \xE2\x81\xA7"
            "محمد بن سلمان\xE2\x81\xA9 in Riyadh "
            "on Monday.");
}

TEST(IsolateTest, UdhrArticleHeadingsIsolateTheirNumber) {
  const std::vector<std::string> headings = UdhrHeadings("arb");
  int numbered = 0;
  for (const std::string& heading : headings) {
    if (heading.rfind("المادة ", 0) != 0) continue;
    ++numbered;
    const IsolatedText result = IsolateOk(heading, "ar");
    ASSERT_EQ(result.spans.size(), 1u) << heading;
    EXPECT_EQ(result.spans[0].kind, SpanKind::kNumber);
    EXPECT_EQ(result.spans[0].direction, Direction::kLtr);
    EXPECT_EQ(Slice(heading, result.spans[0].range), heading.substr(std::string("المادة ").size()));
  }
  EXPECT_EQ(numbered, 30);
}

TEST(IsolateTest, SingleDirectionTextHasNoSpans) {
  for (const std::string& paragraph : UdhrParagraphs("arb")) {
    const IsolatedText result = IsolateOk(paragraph, "ar");
    EXPECT_TRUE(result.spans.empty()) << paragraph;
    EXPECT_EQ(result.isolated_text, paragraph);
  }
  for (const std::string& line : SeedArticleLines()) {
    const IsolatedText result = IsolateOk(line, "en");
    EXPECT_TRUE(result.spans.empty()) << line;
    EXPECT_EQ(result.isolated_text, line);
  }
}

TEST(IsolateTest, EmailAndSignedNumber) {
  const std::string text = "راسلونا على news@thenational.ae وانخفضت -5 نقاط.";
  const IsolatedText result = IsolateOk(text, "ar");
  ASSERT_EQ(result.spans.size(), 2u);
  ExpectSpan(result, 0, "news@thenational.ae", Direction::kLtr, SpanKind::kEmail);
  // "-5" reads "-5", not "5-".
  ExpectSpan(result, 1, "-5", Direction::kLtr, SpanKind::kNumber);
}

TEST(IsolateTest, BracketsStayWithTheirContentOnlyWhenBalanced) {
  // "(People's Republic of China)" after a Latin word: the brackets resolve
  // to LTR and belong in the span; around Arabic they stay outside.
  const std::string inside = "قال إن PRC (People's Republic of China) تتقدم";
  const IsolatedText a = IsolateOk(inside, "ar");
  ASSERT_EQ(a.spans.size(), 1u);
  ExpectSpan(a, 0, "PRC (People's Republic of China)", Direction::kLtr, SpanKind::kText);
  const std::string outside = "قال إن (PRC) تتقدم";
  const IsolatedText b = IsolateOk(outside, "ar");
  ASSERT_EQ(b.spans.size(), 1u);
  ExpectSpan(b, 0, "PRC", Direction::kLtr, SpanKind::kText);
}

TEST(IsolateTest, TextTheAuthorAlreadyIsolatedIsNotWrappedTwice) {
  const std::string text =
      "قالت وكالة \xE2\x81\xA6"
      "AFP\xE2\x81\xA9 إن";
  const IsolatedText result = IsolateOk(text, "ar");
  ASSERT_EQ(result.spans.size(), 1u);
  ExpectSpan(result, 0, "AFP", Direction::kLtr, SpanKind::kText);
  EXPECT_EQ(result.isolated_text, text);
}

TEST(IsolateTest, StrayControlsCannotLeakIntoIsolatedText) {
  const std::string text =
      "\xE2\x80\xAE"
      "AFP قالت";
  const IsolatedText result = IsolateOk(text, "ar");
  EXPECT_EQ(result.text, "AFP قالت");
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_EQ(result.warnings[0].code, WarningCode::kBidiOverrideRemoved);
  EXPECT_EQ(result.isolated_text.find("\xE2\x80\xAE"), std::string::npos);
}

}  // namespace
}  // namespace jisr::text
