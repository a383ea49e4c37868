#include "services/text/utf.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/text/test_support.h"
#include "unicode/unistr.h"

namespace jisr::text {
namespace {

using ::jisr::text::testing::RangeOf;
using ::jisr::text::testing::Slice;
using ::jisr::text::testing::UdhrParagraphs;

absl::Status Decode(absl::string_view utf8) {
  icu::UnicodeString utf16;
  return DecodeUtf8(utf8, &utf16);
}

TEST(DecodeUtf8Test, IllFormedInputIsInvalidArgumentWithByteOffset) {
  struct Case {
    std::string input;
    const char* offset;
  } cases[] = {
      {"abc\xC3\x28", "byte offset 3"},             // lead byte, no trail byte
      {"\xED\xA0\x80 surrogate", "byte offset 0"},  // encoded U+D800
      {"ok \xC0\xAF", "byte offset 3"},             // overlong "/"
      {"\xF4\x90\x80\x80", "byte offset 0"},        // above U+10FFFF
      {"truncated \xE2\x82", "byte offset 10"},     // cut-off sequence
      {"\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 \xFF", "byte offset 11"},
  };
  for (const Case& c : cases) {
    const absl::Status status = Decode(c.input);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.input;
    EXPECT_NE(status.message().find(c.offset), absl::string_view::npos) << status.message();
  }
}

TEST(DecodeUtf8Test, AcceptsEveryUdhrParagraphAndNul) {
  for (const std::string& paragraph : UdhrParagraphs("arb")) {
    EXPECT_TRUE(Decode(paragraph).ok());
  }
  EXPECT_TRUE(Decode(std::string("a\0b", 3)).ok());
}

TEST(OffsetIndexTest, RangesAgreeInAllThreeUnitsWithNonBmpCharacters) {
  // U+1F600 and U+1D538 take 2 UTF-16 units and 4 UTF-8 bytes.
  const std::string text = "😀 وكالة AFP و𝔸 2018";
  icu::UnicodeString utf16 = icu::UnicodeString::fromUTF8(text);
  const OffsetIndex index(utf16);
  const int32_t afp = utf16.indexOf(u"AFP");
  const TextRange range = index.Range(afp, afp + 3);
  EXPECT_EQ(range, RangeOf(text, "AFP"));
  EXPECT_EQ(range.start, 8);
  EXPECT_EQ(range.utf16_start, 9);
  EXPECT_EQ(range.utf8_start, 16);
  EXPECT_EQ(Slice(text, range), "AFP");

  const int32_t year = utf16.indexOf(u"2018");
  EXPECT_EQ(index.Range(year, year + 4), RangeOf(text, "2018"));
  EXPECT_EQ(index.Whole(), RangeOf(text, text));
}

TEST(OffsetIndexTest, EveryBoundaryOfLongMixedTextMatchesCounting) {
  // Longer than several checkpoints, with non-BMP characters among Arabic.
  std::string text;
  for (const std::string& paragraph : UdhrParagraphs("arb")) {
    text += paragraph;
    text += " 😀 A𝔸 ";
    if (text.size() > 3000) break;
  }
  const icu::UnicodeString utf16 = icu::UnicodeString::fromUTF8(text);
  const OffsetIndex index(utf16);
  int32_t code_points = 0;
  int32_t utf8_bytes = 0;
  for (int32_t i = 0; i < utf16.length();) {
    EXPECT_EQ(index.CodePointOffset(i), code_points) << i;
    EXPECT_EQ(index.Utf8Offset(i), utf8_bytes) << i;
    const UChar32 c = utf16.char32At(i);
    i += U16_LENGTH(c);
    ++code_points;
    utf8_bytes += U8_LENGTH(c);
  }
  EXPECT_EQ(index.CodePointOffset(utf16.length()), code_points);
  EXPECT_EQ(index.Utf8Offset(utf16.length()), static_cast<int32_t>(text.size()));
}

TEST(OffsetIndexTest, AsciiOffsetsAreIdentical) {
  const std::string text = "Antony Blinken is the highest-ranking US official";
  const icu::UnicodeString utf16 = icu::UnicodeString::fromUTF8(text);
  const OffsetIndex index(utf16);
  EXPECT_EQ(index.Range(7, 14), RangeOf(text, "Blinken"));
}

TEST(ToUtf8Test, RoundTripsUdhrText) {
  for (const std::string& paragraph : UdhrParagraphs("arb")) {
    icu::UnicodeString utf16;
    ASSERT_TRUE(DecodeUtf8(paragraph, &utf16).ok());
    EXPECT_EQ(ToUtf8(utf16), paragraph);
  }
}

}  // namespace
}  // namespace jisr::text
