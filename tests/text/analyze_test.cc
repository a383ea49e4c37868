#include "services/text/analyze.h"

#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/text/normalize.h"
#include "tests/text/test_support.h"
#include "unicode/unistr.h"

namespace jisr::text {
namespace {

using ::jisr::text::testing::RangeOf;
using ::jisr::text::testing::SeedArticleLines;
using ::jisr::text::testing::Slice;
using ::jisr::text::testing::UdhrHeadings;
using ::jisr::text::testing::UdhrParagraphs;

FieldAnalysis AnalyzeOk(absl::string_view text, const AnalyzeOptions& options) {
  absl::StatusOr<FieldAnalysis> analysis = Analyze(text, options);
  EXPECT_TRUE(analysis.ok()) << analysis.status();
  return analysis.ok() ? *std::move(analysis) : FieldAnalysis{};
}

AnalyzeOptions Options(const char* language, bool allow_newlines = true) {
  AnalyzeOptions options;
  options.language = language;
  options.allow_newlines = allow_newlines;
  return options;
}

TEST(AnalyzeTest, SeedArticleParagraphs) {
  for (const std::string& line : SeedArticleLines()) {
    const FieldAnalysis analysis = AnalyzeOk(line, Options("en", false));
    EXPECT_EQ(analysis.text, line);
    EXPECT_TRUE(analysis.warnings.empty()) << line;
    EXPECT_EQ(analysis.base_direction, Direction::kLtr) << line;
    EXPECT_TRUE(analysis.isolation_spans.empty()) << line;
    EXPECT_EQ(analysis.isolated_text, line);
    EXPECT_FALSE(analysis.script.wrong_script);
    EXPECT_FALSE(analysis.search_key.empty());
  }
  const FieldAnalysis caption = AnalyzeOk(
      "Antony Blinken is the highest-ranking US official to visit Beijing "
      "since 2018. AFP",
      Options("en"));
  EXPECT_EQ(caption.word_count, 14);
  EXPECT_EQ(caption.reading_time_seconds, 4);  // 14 * 60 / 230, rounded up
  EXPECT_EQ(caption.search_key,
            "antony blinken is the highest-ranking us official to visit "
            "beijing since 2018. afp");
}

TEST(AnalyzeTest, UdhrInBothLanguages) {
  for (const std::string& paragraph : UdhrParagraphs("arb")) {
    const FieldAnalysis analysis = AnalyzeOk(paragraph, Options("ar"));
    EXPECT_EQ(analysis.base_direction, Direction::kRtl);
    EXPECT_FALSE(analysis.script.wrong_script);
    EXPECT_GT(analysis.word_count, 0);
  }
  for (const std::string& paragraph : UdhrParagraphs("eng")) {
    const FieldAnalysis analysis = AnalyzeOk(paragraph, Options("en"));
    EXPECT_EQ(analysis.base_direction, Direction::kLtr);
    EXPECT_FALSE(analysis.script.wrong_script);
  }
  const std::string heading = UdhrHeadings("arb")[2];  // "المادة 1"
  const FieldAnalysis analysis = AnalyzeOk(heading, Options("ar", false));
  ASSERT_EQ(analysis.isolation_spans.size(), 1u) << heading;
  EXPECT_EQ(Slice(analysis.text, analysis.isolation_spans[0].range), "1");
  EXPECT_EQ(analysis.isolated_text,
            "المادة \xE2\x81\xA6"
            "1\xE2\x81\xA9");
}

TEST(AnalyzeTest, WrongLanguageIsReportedOverTheWholeInput) {
  const std::string paragraph = UdhrParagraphs("arb")[1];
  const FieldAnalysis analysis = AnalyzeOk(paragraph, Options("en"));
  ASSERT_EQ(analysis.warnings.size(), 1u);
  EXPECT_EQ(analysis.warnings[0].code, WarningCode::kWrongScript);
  EXPECT_EQ(analysis.warnings[0].range, RangeOf(paragraph, paragraph));
  EXPECT_TRUE(analysis.script.wrong_script);
  // The text is still analysed as what it is.
  EXPECT_EQ(analysis.base_direction, Direction::kRtl);
}

TEST(AnalyzeTest, WarningsPointIntoTheInputAndSpansIntoTheStoredText) {
  // A BOM and a control before the span: removed from the stored text, so
  // the two coordinate systems differ by two characters.
  const std::string input =
      "\xEF\xBB\xBF\x07"
      "قالت وكالة AFP إن";
  const FieldAnalysis analysis = AnalyzeOk(input, Options("ar"));
  EXPECT_EQ(analysis.text, "قالت وكالة AFP إن");
  ASSERT_EQ(analysis.warnings.size(), 2u);
  EXPECT_EQ(analysis.warnings[0].code, WarningCode::kByteOrderMarkRemoved);
  EXPECT_EQ(analysis.warnings[0].range.start, 0);
  EXPECT_EQ(analysis.warnings[1].code, WarningCode::kControlRemoved);
  EXPECT_EQ(analysis.warnings[1].range, RangeOf(input, "\x07"));
  ASSERT_EQ(analysis.isolation_spans.size(), 1u);
  EXPECT_EQ(analysis.isolation_spans[0].range, RangeOf(analysis.text, "AFP"));
  EXPECT_EQ(analysis.isolation_spans[0].range.start, 11);
}

TEST(AnalyzeTest, SingleLineFieldLosesItsLineBreaks) {
  const FieldAnalysis headline =
      AnalyzeOk("US Secretary of State wraps up\nmajor trip to China", Options("en", false));
  EXPECT_EQ(headline.text, "US Secretary of State wraps up major trip to China");
  ASSERT_EQ(headline.warnings.size(), 1u);
  EXPECT_EQ(headline.warnings[0].code, WarningCode::kLineBreakReplaced);
  EXPECT_EQ(headline.paragraphs.size(), 1u);

  const FieldAnalysis fact_box =
      AnalyzeOk("Date started: May 2017\nBased: Cairo, Egypt", Options("en", true));
  EXPECT_TRUE(fact_box.warnings.empty());
  ASSERT_EQ(fact_box.paragraphs.size(), 2u);
  EXPECT_EQ(Slice(fact_box.text, fact_box.paragraphs[1].range), "Based: Cairo, Egypt");
}

TEST(AnalyzeTest, MixedParagraphEverythingTogether) {
  AnalyzeOptions options = Options("ar");
  options.excerpt_max_chars = 20;
  const std::string input = "قالت وكالة AFP إن ١٥٠ شخصًا تجمّعوا في دبي\xE2\x80\xAE";
  const FieldAnalysis analysis = AnalyzeOk(input, options);
  EXPECT_EQ(analysis.text, "قالت وكالة AFP إن ١٥٠ شخصًا تجمّعوا في دبي");
  ASSERT_EQ(analysis.warnings.size(), 1u);
  EXPECT_EQ(analysis.warnings[0].code, WarningCode::kBidiOverrideRemoved);
  EXPECT_EQ(analysis.base_direction, Direction::kRtl);
  ASSERT_EQ(analysis.isolation_spans.size(), 2u);
  EXPECT_EQ(analysis.isolation_spans[1].kind, SpanKind::kNumber);
  EXPECT_EQ(Slice(analysis.text, analysis.isolation_spans[1].range), "١٥٠");
  EXPECT_EQ(analysis.search_key, "قالت وكاله afp ان 150 شخصا تجمعوا في دبي");
  EXPECT_EQ(analysis.word_count, 9);
  EXPECT_TRUE(analysis.excerpt_truncated);
  EXPECT_EQ(analysis.excerpt, "قالت وكالة AFP إن\xE2\x80\xA6");
}

TEST(AnalyzeTest, RejectsBadInput) {
  EXPECT_EQ(Analyze("abc", Options("")).status().code(), absl::StatusCode::kInvalidArgument);
  const absl::StatusOr<FieldAnalysis> bad = Analyze("ok\xC0\x80", Options("en"));
  ASSERT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("byte offset 2"), absl::string_view::npos);
  AnalyzeOptions negative = Options("en");
  negative.excerpt_max_chars = -1;
  EXPECT_EQ(Analyze("abc", negative).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(AnalyzeTest, LargeInputStaysLinear) {
  // 2 MB of alternating Arabic and Latin words with controls sprinkled in
  // (many runs, spans and warnings) finishes and stays consistent.
  std::string input;
  while (input.size() < 2 * 1024 * 1024) {
    input += "قالت وكالة AFP إن 150 \xE2\x81\xA9 ";
  }
  const FieldAnalysis analysis = AnalyzeOk(input, Options("ar"));
  EXPECT_GT(analysis.isolation_spans.size(), 100000u);
  EXPECT_GT(analysis.warnings.size(), 50000u);
  const IsolationSpan& last = analysis.isolation_spans.back();
  EXPECT_EQ(Slice(analysis.text, last.range), "150");
}

// Random mixtures of the characters that make text hard (bidi controls,
// marks, non-BMP, presentation forms, controls, line breaks, URLs, digits in
// both scripts) never break what renderers rely on.
TEST(AnalyzeTest, RandomHardTextKeepsEveryPromise) {
  const std::vector<std::string> pool = {"a",
                                         "Z",
                                         " ",
                                         "  ",
                                         "\n",
                                         "\r\n",
                                         "\t",
                                         "\x07",
                                         "\xC2\x85",
                                         "ق",
                                         "ل",
                                         "ا",
                                         "لا",
                                         "\xD9\x8E",
                                         "\xCC\x81",
                                         "1",
                                         "٣",
                                         "۴",
                                         "-",
                                         "(",
                                         ")",
                                         "[",
                                         "]",
                                         ".",
                                         ",",
                                         "،",
                                         "%",
                                         "@",
                                         "/",
                                         "https://x.ae/a",
                                         "www.b.com",
                                         "😀",
                                         "𝔸",
                                         "👨\xE2\x80\x8D👩",
                                         "\xEF\xBB\xBF",
                                         "ﻻ",
                                         "ﷲ",
                                         "\xE2\x80\xAA",
                                         "\xE2\x80\xAB",
                                         "\xE2\x80\xAC",
                                         "\xE2\x80\xAD",
                                         "\xE2\x80\xAE",
                                         "\xE2\x81\xA6",
                                         "\xE2\x81\xA7",
                                         "\xE2\x81\xA8",
                                         "\xE2\x81\xA9",
                                         "\xE2\x80\x8E",
                                         "\xE2\x80\x8F",
                                         "\xD8\x9C",
                                         "\xE2\x80\xA8",
                                         "AFP",
                                         "محمد"};
  std::mt19937 random(42);
  std::uniform_int_distribution<size_t> pick(0, pool.size() - 1);
  std::uniform_int_distribution<int> length(0, 40);
  auto strip_isolates = [](std::string text) {
    for (const char* isolate : {"\xE2\x81\xA6", "\xE2\x81\xA7", "\xE2\x81\xA9"}) {
      for (size_t at; (at = text.find(isolate)) != std::string::npos;) {
        text.erase(at, 3);
      }
    }
    return text;
  };
  int64_t spans_seen = 0;
  int64_t warnings_seen = 0;
  for (int iteration = 0; iteration < 3000; ++iteration) {
    std::string input;
    for (int n = length(random); n > 0; --n) input += pool[pick(random)];
    AnalyzeOptions options = Options(iteration % 2 ? "ar" : "en",
                                     /*allow_newlines=*/iteration % 3 != 0);
    options.excerpt_max_chars = 1 + iteration % 30;
    const FieldAnalysis analysis = AnalyzeOk(input, options);
    const std::string& text = analysis.text;

    // Stored text: NFC, no override/embedding/PDF, no stray control, and a
    // fixed point of the storage normalization.
    EXPECT_EQ(*NormalizeUnicode(text, NormalizationForm::kNfc), text);
    for (const char* banned : {"\xE2\x80\xAA", "\xE2\x80\xAB", "\xE2\x80\xAC", "\xE2\x80\xAD",
                               "\xE2\x80\xAE", "\xEF\xBB\xBF", "\x07", "\r"}) {
      EXPECT_EQ(text.find(banned), std::string::npos) << input;
    }
    NormalizeOptions again;
    again.allow_newlines = options.allow_newlines;
    const absl::StatusOr<NormalizedText> renormalized = NormalizeForStorage(text, again);
    ASSERT_TRUE(renormalized.ok());
    EXPECT_EQ(renormalized->text, text);
    EXPECT_TRUE(renormalized->warnings.empty()) << input;

    // Every range is inside its string and agrees in all three units.
    for (const TextWarning& warning : analysis.warnings) {
      testing::Slice(input, warning.range);
    }
    int32_t paragraph_end = -1;
    for (const ParagraphBidi& paragraph : analysis.paragraphs) {
      EXPECT_GT(paragraph.range.start, paragraph_end);
      paragraph_end = paragraph.range.end;
      int32_t run_end = paragraph.range.start;
      for (const BidiRun& run : paragraph.runs) {
        EXPECT_EQ(run.range.start, run_end);
        run_end = run.range.end;
        testing::Slice(text, run.range);
      }
      if (!paragraph.runs.empty()) {
        EXPECT_EQ(run_end, paragraph.range.end);
      }
    }
    int32_t span_end = 0;
    for (const IsolationSpan& span : analysis.isolation_spans) {
      EXPECT_GE(span.range.start, span_end);
      EXPECT_LT(span.range.start, span.range.end);
      span_end = span.range.end;
      testing::Slice(text, span.range);
    }
    // isolated_text is the text plus isolates, nothing else.
    EXPECT_EQ(strip_isolates(analysis.isolated_text), strip_isolates(text));
    EXPECT_LE(icu::UnicodeString::fromUTF8(analysis.excerpt).countChar32(),
              options.excerpt_max_chars);
    spans_seen += analysis.isolation_spans.size();
    warnings_seen += analysis.warnings.size();
  }
  // The mixtures did exercise spans and repairs.
  EXPECT_GT(spans_seen, 3000);
  EXPECT_GT(warnings_seen, 3000);
}

}  // namespace
}  // namespace jisr::text
