#include "services/text/normalize.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/text/test_support.h"

namespace jisr::text {
namespace {

using ::jisr::text::testing::RangeOf;
using ::jisr::text::testing::SeedArticleLines;
using ::jisr::text::testing::Slice;
using ::jisr::text::testing::UdhrParagraphs;

NormalizedText Normalize(absl::string_view input, bool allow_newlines = true) {
  NormalizeOptions options;
  options.allow_newlines = allow_newlines;
  absl::StatusOr<NormalizedText> result = NormalizeForStorage(input, options);
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *std::move(result) : NormalizedText{};
}

std::vector<WarningCode> Codes(const NormalizedText& normalized) {
  std::vector<WarningCode> codes;
  for (const TextWarning& warning : normalized.warnings) {
    codes.push_back(warning.code);
  }
  return codes;
}

TEST(NormalizeForStorageTest, RealTextIsStoredUnchangedWithoutWarnings) {
  for (const char* code : {"arb", "eng"}) {
    for (const std::string& paragraph : UdhrParagraphs(code)) {
      const NormalizedText normalized = Normalize(paragraph);
      EXPECT_EQ(normalized.text, paragraph);
      EXPECT_TRUE(normalized.warnings.empty()) << paragraph;
    }
  }
  for (const std::string& line : SeedArticleLines()) {
    const NormalizedText normalized = Normalize(line, false);
    EXPECT_EQ(normalized.text, line);
    EXPECT_TRUE(normalized.warnings.empty()) << line;
  }
}

TEST(NormalizeForStorageTest, IllFormedUtf8IsInvalidArgumentWithOffset) {
  const absl::StatusOr<NormalizedText> result =
      NormalizeForStorage("Blinken \xE2\x28\xA1", NormalizeOptions{});
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("byte offset 8"), absl::string_view::npos)
      << result.status();
}

TEST(NormalizeForStorageTest, ControlsAreRemovedAndReported) {
  const std::string input = "AFP\x07 report\x1B[0m \xC2\x85?";
  const NormalizedText normalized = Normalize(input, /*allow_newlines=*/false);
  // NEL (U+0085) is a line break: a space in a single-line field.
  EXPECT_EQ(normalized.text, "AFP report[0m  ?");
  ASSERT_EQ(Codes(normalized),
            (std::vector<WarningCode>{WarningCode::kControlRemoved, WarningCode::kControlRemoved,
                                      WarningCode::kLineBreakReplaced}));
  EXPECT_EQ(normalized.warnings[0].range, RangeOf(input, "\x07"));
  EXPECT_NE(normalized.warnings[0].message.find("U+0007"), std::string::npos);
  EXPECT_EQ(normalized.warnings[1].range, RangeOf(input, "\x1B"));
}

TEST(NormalizeForStorageTest, LineBreaksInMultiAndSingleLineFields) {
  const std::string input =
      "first\r\nsecond\rthird\xE2\x80\xA8"
      "fourth\tend";
  const NormalizedText paragraph = Normalize(input, /*allow_newlines=*/true);
  EXPECT_EQ(paragraph.text, "first\nsecond\nthird\nfourth\tend");
  EXPECT_EQ(Codes(paragraph), (std::vector<WarningCode>{WarningCode::kLineBreakNormalized,
                                                        WarningCode::kLineBreakNormalized,
                                                        WarningCode::kLineBreakNormalized}));
  EXPECT_EQ(paragraph.warnings[0].range, RangeOf(input, "\r\n"));

  const NormalizedText headline = Normalize(input, /*allow_newlines=*/false);
  EXPECT_EQ(headline.text, "first second third fourth end");
  EXPECT_EQ(Codes(headline), (std::vector<WarningCode>{
                                 WarningCode::kLineBreakReplaced, WarningCode::kLineBreakReplaced,
                                 WarningCode::kLineBreakReplaced, WarningCode::kTabReplaced}));
}

TEST(NormalizeForStorageTest, ByteOrderMarkIsRemovedNotDecomposed) {
  const std::string input =
      "\xEF\xBB\xBF"
      "قالت وكالة";
  const NormalizedText normalized = Normalize(input);
  EXPECT_EQ(normalized.text, "قالت وكالة");
  ASSERT_EQ(Codes(normalized), (std::vector<WarningCode>{WarningCode::kByteOrderMarkRemoved}));
  EXPECT_EQ(normalized.warnings[0].range.start, 0);
  EXPECT_EQ(normalized.warnings[0].range.utf8_end, 3);
}

TEST(NormalizeForStorageTest, ArabicPresentationFormsFoldToLetters) {
  // "مرحبا بكم" typed with Forms-B glyphs (as some PDF exports do), and the
  // Forms-A ligature of the word Allah.
  const std::string forms_b = "ﻣﺮﺣﺒﺎ ﺑﻜﻢ";
  const NormalizedText b = Normalize(forms_b);
  EXPECT_EQ(b.text, "مرحبا بكم");
  ASSERT_EQ(b.warnings.size(), 2u);  // one per word
  EXPECT_EQ(b.warnings[0].code, WarningCode::kPresentationFormFolded);
  EXPECT_EQ(b.warnings[0].range, RangeOf(forms_b, "ﻣﺮﺣﺒﺎ"));
  EXPECT_NE(b.warnings[0].message.find("Forms-B"), std::string::npos);

  const NormalizedText a = Normalize("بسم ﷲ");
  EXPECT_EQ(a.text, "بسم الله");
  ASSERT_EQ(a.warnings.size(), 1u);
  EXPECT_NE(a.warnings[0].message.find("Forms-A"), std::string::npos);

  // Lam-alef ligature U+FEFB.
  EXPECT_EQ(Normalize("ﻻ").text, "لا");
  // Other compatibility characters stay (only the Arabic blocks fold).
  EXPECT_EQ(Normalize("ﬁ ½").text, "ﬁ ½");
}

TEST(NormalizeForStorageTest, NfcIsAppliedAndReportedInInputOffsets) {
  const std::string input = "Cafe\xCC\x81 in Dubai";  // e + COMBINING ACUTE
  const NormalizedText normalized = Normalize(input);
  EXPECT_EQ(normalized.text, "Caf\xC3\xA9 in Dubai");
  ASSERT_EQ(Codes(normalized), (std::vector<WarningCode>{WarningCode::kNfcNormalized}));
  EXPECT_EQ(normalized.warnings[0].range, RangeOf(input, "e\xCC\x81"));
}

TEST(NormalizeForStorageTest, OverrideIsRemovedWithItsPdf) {
  // An RLO hides "Reuters" typed backwards behind a Latin credit.
  const std::string input =
      "Photo: \xE2\x80\xAE"
      "sretueR\xE2\x80\xAC";
  const NormalizedText normalized = Normalize(input);
  EXPECT_EQ(normalized.text, "Photo: sretueR");
  ASSERT_EQ(Codes(normalized), (std::vector<WarningCode>{WarningCode::kBidiOverrideRemoved,
                                                         WarningCode::kBidiOverrideRemoved}));
  EXPECT_EQ(normalized.warnings[0].range, RangeOf(input, "\xE2\x80\xAE"));
  EXPECT_EQ(normalized.warnings[1].range, RangeOf(input, "\xE2\x80\xAC"));
}

TEST(NormalizeForStorageTest, TrojanSourceCommentIsRepairedAndReported) {
  // The CVE-2021-42574 "commenting-out" pattern: RLO in a comment, then
  // isolates that make the rest look like code. Input code points:
  //   0 '/', 1 '*', 2 RLO, 6 LRI, 19 PDI, 21 LRI, 43 the end.
  const std::string input =
      "/*\xE2\x80\xAE } \xE2\x81\xA6if (isAdmin)\xE2\x81\xA9 \xE2\x81\xA6 begin "
      "admins only */";
  const NormalizedText normalized = Normalize(input);
  // RLO gone; the isolate left open is closed at the end of the paragraph.
  EXPECT_EQ(normalized.text,
            "/* } \xE2\x81\xA6if (isAdmin)\xE2\x81\xA9 \xE2\x81\xA6 begin "
            "admins only */\xE2\x81\xA9");
  ASSERT_EQ(Codes(normalized), (std::vector<WarningCode>{WarningCode::kBidiOverrideRemoved,
                                                         WarningCode::kBidiUnterminatedClosed}));
  EXPECT_EQ(normalized.warnings[0].range.start, 2);
  EXPECT_EQ(normalized.warnings[0].range.end, 3);
  EXPECT_EQ(normalized.warnings[0].range.utf8_start, 2);
  EXPECT_EQ(normalized.warnings[0].range.utf8_end, 5);
  // The PDI was inserted at the end of the input: an empty range there.
  const TextRange end = RangeOf(input, input);
  EXPECT_EQ(normalized.warnings[1].range.start, end.end);
  EXPECT_EQ(normalized.warnings[1].range.end, end.end);
  EXPECT_EQ(normalized.warnings[1].range.utf8_start, end.utf8_end);
  EXPECT_NE(normalized.warnings[1].message.find("opened at code point 21"), std::string::npos)
      << normalized.warnings[1].message;
}

TEST(NormalizeForStorageTest, TrojanSourceStretchedStringIsRepaired) {
  const std::string input =
      "if access_level != \"user\xE2\x80\xAE \xE2\x81\xA6// Check if "
      "admin\xE2\x81\xA9 \xE2\x81\xA6\" {";
  const NormalizedText normalized = Normalize(input, /*allow_newlines=*/false);
  EXPECT_EQ(normalized.text.find("\xE2\x80\xAE"), std::string::npos);
  ASSERT_GE(normalized.warnings.size(), 2u);
  EXPECT_EQ(normalized.warnings[0].code, WarningCode::kBidiOverrideRemoved);
  EXPECT_EQ(normalized.warnings[0].range, RangeOf(input, "\xE2\x80\xAE"));
  EXPECT_EQ(normalized.warnings.back().code, WarningCode::kBidiUnterminatedClosed);
}

TEST(NormalizeForStorageTest, EmbeddingsBecomeIsolates) {
  // RLE ... PDF around an Arabic name in English text.
  const std::string input =
      "Minister \xE2\x80\xAB"
      "محمد بن راشد\xE2\x80\xAC said";
  const NormalizedText normalized = Normalize(input);
  EXPECT_EQ(normalized.text,
            "Minister \xE2\x81\xA7"
            "محمد بن راشد\xE2\x81\xA9 said");
  EXPECT_EQ(Codes(normalized), (std::vector<WarningCode>{WarningCode::kBidiEmbeddingConverted,
                                                         WarningCode::kBidiEmbeddingConverted}));
}

TEST(NormalizeForStorageTest, UnpairedTerminatorsAreRemoved) {
  const std::string input =
      "AFP\xE2\x80\xAC and \xE2\x81\xA9"
      "Reuters";
  const NormalizedText normalized = Normalize(input);
  EXPECT_EQ(normalized.text, "AFP and Reuters");
  ASSERT_EQ(Codes(normalized),
            (std::vector<WarningCode>{WarningCode::kBidiUnpairedTerminatorRemoved,
                                      WarningCode::kBidiUnpairedTerminatorRemoved}));
  EXPECT_EQ(normalized.warnings[1].range, RangeOf(input, "\xE2\x81\xA9"));
}

TEST(NormalizeForStorageTest, OpenIsolatesCloseAtTheirParagraphEnd) {
  // An FSI left open in the first paragraph must not reach the second.
  const std::string input =
      "\xE2\x81\xA8"
      "وكالة AFP\nSecond paragraph";
  const NormalizedText normalized = Normalize(input);
  EXPECT_EQ(normalized.text,
            "\xE2\x81\xA8"
            "وكالة AFP\xE2\x81\xA9\nSecond paragraph");
  ASSERT_EQ(Codes(normalized), (std::vector<WarningCode>{WarningCode::kBidiUnterminatedClosed}));
  EXPECT_EQ(normalized.warnings[0].range.start, 10);  // before the LF
  EXPECT_TRUE(normalized.warnings[0].range.empty());
}

TEST(NormalizeForStorageTest, PdiClosesEmbeddingsOpenedInsideItsIsolate) {
  // LRI, RLE (becomes RLI), PDI: the PDI ends both (UAX #9 X6a), so the
  // converted embedding needs its own PDI before it.
  const std::string input =
      "\xE2\x81\xA6"
      "a\xE2\x80\xAB"
      "b\xE2\x81\xA9"
      "c";
  const NormalizedText normalized = Normalize(input);
  EXPECT_EQ(normalized.text,
            "\xE2\x81\xA6"
            "a\xE2\x81\xA7"
            "b\xE2\x81\xA9\xE2\x81\xA9"
            "c");
  EXPECT_EQ(Codes(normalized), (std::vector<WarningCode>{WarningCode::kBidiEmbeddingConverted,
                                                         WarningCode::kBidiUnterminatedClosed}));
}

TEST(NormalizeForStorageTest, MarksAreKept) {
  const std::string input =
      "\xE2\x80\x8F"
      "2018\xE2\x80\x8E \xD8\x9C"
      "150";  // RLM, LRM, ALM
  const NormalizedText normalized = Normalize(input);
  EXPECT_EQ(normalized.text, input);
  EXPECT_TRUE(normalized.warnings.empty());
}

TEST(NormalizeForStorageTest, NestingDeeperThanUaxLimitIsCut) {
  std::string input;
  for (int i = 0; i < 130; ++i) input += "\xE2\x81\xA7";  // RLI
  input += "x";
  for (int i = 0; i < 130; ++i) input += "\xE2\x81\xA9";  // PDI
  const NormalizedText normalized = Normalize(input);
  int depth_warnings = 0;
  for (const TextWarning& warning : normalized.warnings) {
    if (warning.code == WarningCode::kBidiDepthExceeded) ++depth_warnings;
  }
  EXPECT_EQ(depth_warnings, 10);  // 5 openers and their 5 PDIs
  EXPECT_EQ(normalized.text.size(), input.size() - 10 * 3);
}

TEST(NormalizeForStorageTest, WarningRangesPointIntoTheInputAfterEarlierRemovals) {
  // The BOM and control are gone from the output; the override's range is
  // still where the editor typed it.
  const std::string input =
      "\xEF\xBB\xBF\x01"
      "AFP \xE2\x80\xAE"
      "tset";
  const NormalizedText normalized = Normalize(input);
  ASSERT_EQ(normalized.warnings.size(), 3u);
  EXPECT_EQ(normalized.warnings[2].code, WarningCode::kBidiOverrideRemoved);
  EXPECT_EQ(Slice(input, normalized.warnings[2].range), "\xE2\x80\xAE");
}

TEST(NormalizeUnicodeTest, AllFourForms) {
  // U+FB01 LATIN SMALL LIGATURE FI, A + U+030A COMBINING RING ABOVE.
  const std::string input = "\xEF\xAC\x81 A\xCC\x8A";
  EXPECT_EQ(*NormalizeUnicode(input, NormalizationForm::kNfc), "\xEF\xAC\x81 \xC3\x85");
  EXPECT_EQ(*NormalizeUnicode(input, NormalizationForm::kNfd), input);
  EXPECT_EQ(*NormalizeUnicode(input, NormalizationForm::kNfkc), "fi \xC3\x85");
  EXPECT_EQ(*NormalizeUnicode(input, NormalizationForm::kNfkd), "fi A\xCC\x8A");
}

}  // namespace
}  // namespace jisr::text
