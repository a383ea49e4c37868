#include "services/text/visual.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/text/bidi.h"
#include "services/text/icu_status.h"
#include "services/text/language.h"
#include "services/text/normalize.h"
#include "services/text/utf.h"
#include "services/text/word_count.h"
#include "unicode/brkiter.h"
#include "unicode/uchar.h"
#include "unicode/ushape.h"
#include "unicode/utf16.h"

namespace jisr::text {
namespace {

absl::StatusOr<icu::BreakIterator*> ThreadLineBreaker() {
  thread_local std::unique_ptr<icu::BreakIterator> breaker;
  if (breaker == nullptr) {
    UErrorCode status = U_ZERO_ERROR;
    breaker.reset(icu::BreakIterator::createLineInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) {
      breaker.reset();
      return internal::IcuError(status, "createLineInstance");
    }
  }
  return breaker.get();
}

bool AllWhitespace(const char16_t* text, int32_t start, int32_t limit) {
  int32_t i = start;
  while (i < limit) {
    UChar32 c;
    U16_NEXT(text, i, limit, c);
    if (!u_isUWhiteSpace(c)) return false;
  }
  return true;
}

// Splits [start, limit) into lines of at most max_chars code points (not
// counting trailing whitespace). Appends [line start, line end) pairs.
absl::Status WrapParagraph(const icu::UnicodeString& text, int32_t start, int32_t limit,
                           int32_t max_chars, std::vector<std::pair<int32_t, int32_t>>* lines) {
  if (max_chars <= 0 || start == limit) {
    lines->emplace_back(start, limit);
    return absl::OkStatus();
  }
  JISR_TEXT_ASSIGN_OR_RETURN(icu::BreakIterator * line_breaker, ThreadLineBreaker());
  JISR_TEXT_ASSIGN_OR_RETURN(icu::BreakIterator * grapheme_breaker,
                             internal::ThreadCharacterBreaker());
  const icu::UnicodeString paragraph = text.tempSubStringBetween(start, limit);
  line_breaker->setText(paragraph);
  grapheme_breaker->setText(paragraph);
  const char16_t* buffer = paragraph.getBuffer();
  const int32_t length = paragraph.length();
  int32_t line_start = 0;
  while (line_start < length) {
    const int32_t fits = paragraph.moveIndex32(line_start, max_chars);
    int32_t line_end;
    if (fits >= length) {
      line_end = length;
    } else {
      line_end = line_breaker->isBoundary(fits) ? fits : line_breaker->preceding(fits);
      // Spaces after the last word that fits go with this line.
      const int32_t next = line_breaker->following(fits);
      if (next != icu::BreakIterator::DONE && AllWhitespace(buffer, fits, next)) {
        line_end = next;
      }
      if (line_end == icu::BreakIterator::DONE || line_end <= line_start) {
        // No break opportunity: cut the word between grapheme clusters.
        line_end = grapheme_breaker->isBoundary(fits) ? fits : grapheme_breaker->preceding(fits);
        if (line_end == icu::BreakIterator::DONE || line_end <= line_start) {
          line_end = grapheme_breaker->following(line_start);
        }
      }
    }
    lines->emplace_back(start + line_start, start + line_end);
    line_start = line_end;
  }
  static const icu::UnicodeString* const kEmpty = new icu::UnicodeString();
  line_breaker->setText(*kEmpty);
  grapheme_breaker->setText(*kEmpty);
  return absl::OkStatus();
}

absl::Status ShapeArabic(icu::UnicodeString* line) {
  const uint32_t options =
      U_SHAPE_LETTERS_SHAPE | U_SHAPE_LENGTH_GROW_SHRINK | U_SHAPE_TEXT_DIRECTION_LOGICAL;
  const int32_t length = line->length();
  if (length == 0) return absl::OkStatus();
  icu::UnicodeString shaped;
  // Shaping letters never lengthens the text; lam-alef shortens it.
  char16_t* buffer = shaped.getBuffer(length + 1);
  UErrorCode status = U_ZERO_ERROR;
  const int32_t written =
      u_shapeArabic(line->getBuffer(), length, buffer, length + 1, options, &status);
  shaped.releaseBuffer(U_SUCCESS(status) ? written : 0);
  JISR_TEXT_RETURN_IF_ERROR(internal::IcuStatus(status, "u_shapeArabic"));
  *line = std::move(shaped);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<std::string>> VisualOrder(absl::string_view utf8,
                                                     const VisualOrderOptions& options) {
  if (options.max_line_chars < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_line_chars must not be negative, got ", options.max_line_chars));
  }
  JISR_TEXT_ASSIGN_OR_RETURN(const LanguageInfo info, GetLanguageInfo(options.language));
  icu::UnicodeString input;
  JISR_TEXT_RETURN_IF_ERROR(DecodeUtf8(utf8, &input));
  icu::UnicodeString normalized;
  bool changed = false;
  std::vector<TextWarning> warnings;
  JISR_TEXT_RETURN_IF_ERROR(
      internal::NormalizeUtf16(input, NormalizeOptions{}, &normalized, &changed, &warnings));
  const icu::UnicodeString& text = changed ? normalized : input;
  const char16_t* buffer = text.getBuffer();
  const int32_t length = text.length();

  BidiParagraph bidi;
  std::vector<std::string> visual_lines;
  std::vector<std::pair<int32_t, int32_t>> lines;
  icu::UnicodeString line_text;
  icu::UnicodeString visual;
  int32_t start = 0;
  while (true) {
    int32_t limit = start;
    while (limit < length && buffer[limit] != u'\n') ++limit;
    const Direction direction =
        options.direction.has_value()
            ? *options.direction
            : DecideParagraphDirection(buffer + start, limit - start, info.direction,
                                       options.direction_rule)
                  .direction;
    lines.clear();
    JISR_TEXT_RETURN_IF_ERROR(WrapParagraph(text, start, limit, options.max_line_chars, &lines));
    for (const auto& [line_start, line_end] : lines) {
      int32_t end = line_end;
      if (options.max_line_chars > 0) {
        while (end > line_start && u_isUWhiteSpace(buffer[end - 1])) --end;
      }
      line_text.setTo(text, line_start, end - line_start);
      if (options.shape_arabic) JISR_TEXT_RETURN_IF_ERROR(ShapeArabic(&line_text));
      JISR_TEXT_RETURN_IF_ERROR(
          bidi.SetText(line_text.getBuffer(), line_text.length(),
                       direction == Direction::kRtl ? ParagraphLevel::kRtl : ParagraphLevel::kLtr));
      JISR_TEXT_RETURN_IF_ERROR(bidi.WriteVisual(&visual));
      visual_lines.push_back(ToUtf8(visual));
    }
    if (limit >= length) break;
    start = limit + 1;
  }
  return visual_lines;
}

}  // namespace jisr::text
