// libFuzzer entry point for the write-time text pipeline (jisr_text's Analyze): any bytes, in
// either language, single-line or not, give a clean INVALID_ARGUMENT (ill-formed UTF-8 only) or
// a stored text that keeps the pipeline's promises:
//   - well-formed UTF-8 in NFC, without C0/C1 controls (but tab and line feed where allowed), a
//     byte order mark, an override or an embedding;
//   - every isolate closed by a PDI in its own paragraph, and no PDI that closes nothing, in the
//     stored text and in its isolated form (what reaches a renderer);
//   - stable: analysing the stored text again changes nothing and warns of nothing but the
//     script;
//   - every range (paragraphs, runs, spans) inside the stored text, its three units naming the
//     same characters, and every warning inside the input;
//   - an excerpt within its length.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/text/analyze.h"
#include "services/text/normalize.h"
#include "services/text/utf.h"
#include "unicode/utf8.h"

namespace {

constexpr int32_t kExcerptChars = 60;

void Require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "text_pipeline_fuzz: broken promise: %s\n", what);
  std::abort();
}

// The code points of well-formed UTF-8 (-1 for an ill-formed sequence).
std::vector<UChar32> CodePoints(absl::string_view utf8) {
  std::vector<UChar32> out;
  int32_t i = 0;
  const int32_t length = static_cast<int32_t>(utf8.size());
  while (i < length) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(utf8.data()), i, length, c);
    out.push_back(c);
  }
  return out;
}

// For each UTF-8 byte offset of a text, the code point and UTF-16 offsets there (-1 inside a
// character), so a range's three units can be compared in constant time.
struct Offsets {
  std::vector<int32_t> code_point;
  std::vector<int32_t> utf16;

  explicit Offsets(absl::string_view utf8)
      : code_point(utf8.size() + 1, -1), utf16(utf8.size() + 1, -1) {
    int32_t i = 0, points = 0, units = 0;
    const int32_t length = static_cast<int32_t>(utf8.size());
    while (i < length) {
      code_point[i] = points;
      utf16[i] = units;
      UChar32 c;
      U8_NEXT(reinterpret_cast<const uint8_t*>(utf8.data()), i, length, c);
      ++points;
      units += c > 0xFFFF ? 2 : 1;
    }
    code_point[length] = points;
    utf16[length] = units;
  }
};

// Isolates balance within each paragraph; no override or embedding is left.
void CheckBidiControls(absl::string_view utf8, const char* what) {
  int depth = 0;
  for (UChar32 c : CodePoints(utf8)) {
    Require(c < 0x202A || c > 0x202E, what);
    if (c == 0x2066 || c == 0x2067 || c == 0x2068) ++depth;
    if (c == 0x2069) Require(--depth >= 0, what);
    if (c == '\n') {
      Require(depth == 0, what);
      depth = 0;
    }
  }
  Require(depth == 0, what);
}

void CheckRange(const Offsets& offsets, const jisr::text::TextRange& r) {
  Require(0 <= r.utf8_start && r.utf8_start <= r.utf8_end &&
              r.utf8_end < static_cast<int32_t>(offsets.code_point.size()),
          "a range outside the stored text");
  Require(offsets.code_point[r.utf8_start] == r.start && offsets.code_point[r.utf8_end] == r.end,
          "a range's code points and UTF-8 bytes name different characters");
  Require(offsets.utf16[r.utf8_start] == r.utf16_start && offsets.utf16[r.utf8_end] == r.utf16_end,
          "a range's UTF-16 units and UTF-8 bytes name different characters");
}

void Check(const std::string& input, const char* language, bool allow_newlines) {
  jisr::text::AnalyzeOptions options;
  options.language = language;
  options.allow_newlines = allow_newlines;
  options.excerpt_max_chars = kExcerptChars;
  absl::StatusOr<jisr::text::FieldAnalysis> analysis = jisr::text::Analyze(input, options);
  bool well_formed = true;
  for (UChar32 c : CodePoints(input)) well_formed &= c >= 0;
  if (!analysis.ok()) {
    Require(!well_formed && analysis.status().code() == absl::StatusCode::kInvalidArgument,
            "well-formed text refused, or ill-formed text refused with another code");
    return;
  }
  Require(well_formed, "ill-formed UTF-8 accepted");
  const std::string& text = analysis->text;
  for (UChar32 c : CodePoints(text)) {
    Require(c >= 0, "stored text is not well-formed UTF-8");
    const bool allowed_control = c == '\t' ? allow_newlines : c == '\n' ? allow_newlines : false;
    Require(allowed_control || !(c < 0x20 || (c >= 0x7F && c <= 0x9F)), "a control is stored");
    Require(c != 0xFEFF, "a byte order mark is stored");
  }
  absl::StatusOr<std::string> nfc =
      jisr::text::NormalizeUnicode(text, jisr::text::NormalizationForm::kNfc);
  Require(nfc.ok() && *nfc == text, "stored text is not NFC");
  CheckBidiControls(text, "stored text has an override, an embedding or unbalanced isolates");
  CheckBidiControls(analysis->isolated_text,
                    "isolated text has an override, an embedding or unbalanced isolates");

  const Offsets offsets(text);
  for (const auto& paragraph : analysis->paragraphs) {
    CheckRange(offsets, paragraph.range);
    for (const auto& run : paragraph.runs) CheckRange(offsets, run.range);
  }
  for (const auto& span : analysis->isolation_spans) CheckRange(offsets, span.range);
  for (const auto& warning : analysis->warnings) {
    Require(0 <= warning.range.utf8_start && warning.range.utf8_start <= warning.range.utf8_end &&
                warning.range.utf8_end <= static_cast<int32_t>(input.size()),
            "a warning outside the input");
  }
  Require(static_cast<int32_t>(CodePoints(analysis->excerpt).size()) <= kExcerptChars,
          "an excerpt longer than asked for");

  absl::StatusOr<jisr::text::FieldAnalysis> again = jisr::text::Analyze(text, options);
  Require(again.ok() && again->text == text, "analysing the stored text changes it");
  for (const auto& warning : again->warnings) {
    Require(warning.code == jisr::text::WarningCode::kWrongScript,
            "analysing the stored text warns of more than the script");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 20)) return 0;
  const std::string input(reinterpret_cast<const char*>(data), size);
  for (const char* language : {"ar", "en"}) {
    Check(input, language, /*allow_newlines=*/true);
    Check(input, language, /*allow_newlines=*/false);
  }
  return 0;
}

namespace jisr::fuzz {
extern const char kFuzzTargetName[] = "text_pipeline_fuzz";
// Bidi controls paired and not, marks, line breaks of every kind, controls, a byte order mark,
// presentation forms, lam-alef, joiners, characters outside the BMP and broken UTF-8.
const std::vector<std::string>& FuzzTokens() {
  static const auto* const tokens = new std::vector<std::string>{"\u202A",
                                                                 "\u202B",
                                                                 "\u202C",
                                                                 "\u202D",
                                                                 "\u202E",
                                                                 "\u2066",
                                                                 "\u2067",
                                                                 "\u2068",
                                                                 "\u2069",
                                                                 "\u200E",
                                                                 "\u200F",
                                                                 "\u061C",
                                                                 "\u202E\u2066abc\u202C\u2069",
                                                                 "\r\n",
                                                                 "\r",
                                                                 "\u0085",
                                                                 "\u2028",
                                                                 "\u2029",
                                                                 "\n",
                                                                 "\t",
                                                                 "\x01",
                                                                 "\u009B",
                                                                 "\uFEFF",
                                                                 "\uFEF5",
                                                                 "\uFDF2",
                                                                 "\uFE8D",
                                                                 "لا",
                                                                 "ﻻ",
                                                                 "\u064E\u0651",
                                                                 "\u0640",
                                                                 "e\u0301",
                                                                 "\u200D",
                                                                 "\U0001F468\u200D\U0001F469",
                                                                 "\U0001D538",
                                                                 "AFP",
                                                                 "150",
                                                                 "https://example.com/x",
                                                                 "\xD9",
                                                                 "\xE2\x80",
                                                                 "\xF0\x9F"};
  return *tokens;
}
}  // namespace jisr::fuzz
