#include "services/text/bidi.h"

#include <algorithm>
#include <vector>

#include "services/text/icu_status.h"
#include "services/text/language.h"
#include "unicode/uchar.h"
#include "unicode/utf16.h"

namespace jisr::text {

absl::optional<Direction> FirstStrongDirection(const char16_t* text, int32_t length) {
  StrongDirectionScanner scanner;
  int32_t i = 0;
  while (i < length) {
    UChar32 c;
    U16_NEXT(text, i, length, c);
    if (u_charDirection(c) == U_BLOCK_SEPARATOR) return absl::nullopt;
    if (const absl::optional<Direction> strong = scanner.Next(c)) return strong;
  }
  return absl::nullopt;
}

BidiParagraph::BidiParagraph() : bidi_(ubidi_open()) {}

BidiParagraph::~BidiParagraph() {
  if (bidi_ != nullptr) ubidi_close(bidi_);
}

absl::Status BidiParagraph::SetText(const char16_t* text, int32_t length, ParagraphLevel level) {
  if (bidi_ == nullptr) return absl::ResourceExhaustedError("ubidi_open failed");
  UBiDiLevel para_level = 0;
  switch (level) {
    case ParagraphLevel::kLtr:
      para_level = 0;
      break;
    case ParagraphLevel::kRtl:
      para_level = 1;
      break;
    case ParagraphLevel::kAutoLtr:
      para_level = UBIDI_DEFAULT_LTR;
      break;
    case ParagraphLevel::kAutoRtl:
      para_level = UBIDI_DEFAULT_RTL;
      break;
  }
  UErrorCode status = U_ZERO_ERROR;
  ubidi_setPara(bidi_, text, length, para_level, nullptr, &status);
  length_ = length;
  return internal::IcuStatus(status, "ubidi_setPara");
}

int32_t BidiParagraph::paragraph_level() const { return ubidi_getParaLevel(bidi_); }

absl::Status BidiParagraph::GetLevels(std::vector<uint8_t>* levels) {
  UErrorCode status = U_ZERO_ERROR;
  const UBiDiLevel* resolved = ubidi_getLevels(bidi_, &status);
  JISR_TEXT_RETURN_IF_ERROR(internal::IcuStatus(status, "ubidi_getLevels"));
  const int32_t count = ubidi_getProcessedLength(bidi_);
  levels->assign(resolved, resolved + count);
  return absl::OkStatus();
}

absl::Status BidiParagraph::GetVisualToLogical(std::vector<int32_t>* visual_to_logical) {
  visual_to_logical->resize(ubidi_getResultLength(bidi_));
  UErrorCode status = U_ZERO_ERROR;
  ubidi_getVisualMap(bidi_, visual_to_logical->data(), &status);
  return internal::IcuStatus(status, "ubidi_getVisualMap");
}

absl::Status BidiParagraph::GetLogicalRuns(std::vector<LevelRun>* runs) {
  runs->clear();
  UErrorCode status = U_ZERO_ERROR;
  const int32_t count = ubidi_countRuns(bidi_, &status);
  JISR_TEXT_RETURN_IF_ERROR(internal::IcuStatus(status, "ubidi_countRuns"));
  runs->reserve(count);
  for (int32_t i = 0; i < count; ++i) {
    int32_t start = 0;
    int32_t run_length = 0;
    ubidi_getVisualRun(bidi_, i, &start, &run_length);
    runs->push_back({start, start + run_length, ubidi_getLevelAt(bidi_, start)});
  }
  // Visual runs of an LTR paragraph are already in logical order.
  if (!std::is_sorted(runs->begin(), runs->end(),
                      [](const LevelRun& a, const LevelRun& b) { return a.start < b.start; })) {
    std::sort(runs->begin(), runs->end(),
              [](const LevelRun& a, const LevelRun& b) { return a.start < b.start; });
  }
  return absl::OkStatus();
}

absl::Status BidiParagraph::WriteVisual(icu::UnicodeString* visual) {
  // Removing controls only shortens the text; mirroring keeps its length.
  const uint16_t options =
      UBIDI_DO_MIRRORING | UBIDI_REMOVE_BIDI_CONTROLS | UBIDI_KEEP_BASE_COMBINING;
  const int32_t capacity = length_ + 1;
  char16_t* buffer = visual->getBuffer(capacity);
  if (buffer == nullptr) return absl::ResourceExhaustedError("buffer");
  UErrorCode status = U_ZERO_ERROR;
  const int32_t written = ubidi_writeReordered(bidi_, buffer, capacity, options, &status);
  visual->releaseBuffer(U_SUCCESS(status) ? written : 0);
  return internal::IcuStatus(status, "ubidi_writeReordered");
}

namespace internal {

absl::Status AnalyzeParagraphs(const icu::UnicodeString& text, Direction language_direction,
                               DirectionRule rule, std::vector<ParagraphRuns>* paragraphs) {
  // One UBiDi per thread: its buffers are reused across fields.
  thread_local BidiParagraph bidi;
  // Elements are reused (with their run vectors' memory) across calls.
  size_t count = 0;
  const char16_t* buffer = text.getBuffer();
  const int32_t length = text.length();
  int32_t start = 0;
  while (true) {
    int32_t limit = start;
    while (limit < length && buffer[limit] != u'\n') ++limit;
    if (count == paragraphs->size()) paragraphs->emplace_back();
    ParagraphRuns& paragraph = (*paragraphs)[count++];
    paragraph.start = start;
    paragraph.limit = limit;
    const ParagraphDirection decided =
        DecideParagraphDirection(buffer + start, limit - start, language_direction, rule);
    paragraph.direction = decided.direction;
    paragraph.direction_source = decided.source;
    // ICU's automatic levels are first-strong only: it is given the level decided above.
    JISR_TEXT_RETURN_IF_ERROR(bidi.SetText(
        buffer + start, limit - start,
        paragraph.direction == Direction::kRtl ? ParagraphLevel::kRtl : ParagraphLevel::kLtr));
    JISR_TEXT_RETURN_IF_ERROR(bidi.GetLogicalRuns(&paragraph.runs));
    if (limit >= length) break;
    start = limit + 1;
  }
  paragraphs->resize(count);
  return absl::OkStatus();
}

void ToBidiAnalysis(const std::vector<ParagraphRuns>& paragraphs, const OffsetIndex& index,
                    Direction fallback, BidiAnalysis* analysis) {
  analysis->base_direction = fallback;
  analysis->direction_source = DirectionSource::kLanguageFallback;
  analysis->paragraphs.clear();
  analysis->paragraphs.reserve(paragraphs.size());
  for (const ParagraphRuns& levels : paragraphs) {
    if (analysis->direction_source == DirectionSource::kLanguageFallback &&
        levels.direction_source != DirectionSource::kLanguageFallback) {
      analysis->base_direction = levels.direction;
      analysis->direction_source = levels.direction_source;
    }
    ParagraphBidi paragraph;
    paragraph.range = index.Range(levels.start, levels.limit);
    paragraph.direction = levels.direction;
    paragraph.direction_source = levels.direction_source;
    paragraph.runs.reserve(levels.runs.size());
    for (const LevelRun& run : levels.runs) {
      BidiRun bidi_run;
      bidi_run.range = index.Range(levels.start + run.start, levels.start + run.limit);
      bidi_run.level = run.level;
      bidi_run.direction = (run.level & 1) ? Direction::kRtl : Direction::kLtr;
      paragraph.runs.push_back(bidi_run);
    }
    analysis->paragraphs.push_back(std::move(paragraph));
  }
}

}  // namespace internal

absl::StatusOr<BidiAnalysis> AnalyzeBidi(absl::string_view utf8, absl::string_view language,
                                         DirectionRule rule) {
  JISR_TEXT_ASSIGN_OR_RETURN(const LanguageInfo info, GetLanguageInfo(language));
  icu::UnicodeString text;
  JISR_TEXT_RETURN_IF_ERROR(DecodeUtf8(utf8, &text));
  std::vector<internal::ParagraphRuns> paragraphs;
  JISR_TEXT_RETURN_IF_ERROR(internal::AnalyzeParagraphs(text, info.direction, rule, &paragraphs));
  const OffsetIndex index(text);
  BidiAnalysis analysis;
  internal::ToBidiAnalysis(paragraphs, index, info.direction, &analysis);
  return analysis;
}

}  // namespace jisr::text
