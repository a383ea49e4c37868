#ifndef JISR_SERVICES_TEXT_ISOLATE_H_
#define JISR_SERVICES_TEXT_ISOLATE_H_

// Isolation spans: the stretches of a paragraph written in the direction
// opposite to the paragraph's, which a renderer should wrap in
// <bdi dir="...">, or in LRI/RLI ... PDI, so they cannot reorder their
// neighbours: the credit "AFP", the acronym "PRC", a figure such as 150 or
// 2018, a URL or an e-mail address inside an Arabic sentence; an Arabic name
// inside an English one.
//
// A span is a maximal stretch of bidi runs whose resolved level is above
// the paragraph level and whose lowest level has the opposite direction (so
// text the author already isolated in the paragraph's own direction is not
// reported). Then:
//  - whitespace and punctuation (bidi classes WS, S, B, BN, ON, CS, ES) are
//    trimmed from both edges, except a bracket whose partner is inside the
//    span; number affixes such as % and $ (class ET) are kept;
//  - a span that starts with a URL (a scheme and "://", or "www.") and ends
//    inside it is extended to the URL's end (the next whitespace or isolate,
//    less trailing sentence punctuation and unbalanced closing brackets), so
//    a URL the bidi algorithm would split (a trailing "/", an Arabic path
//    segment) stays one span; a span it then overlaps is merged into it. An
//    e-mail address is a span of its own already;
//  - a + or - sign directly before a number span (at the start of the
//    paragraph or after whitespace or an opening bracket) joins the span, so
//    "-5" inside Arabic reads "-5", not "5-".
// isolated_text is the field with every span wrapped in LRI (U+2066, for an
// LTR span) or RLI (U+2067, RTL) ... PDI (U+2069): explicit isolates rather
// than FSI, because the span's direction is already known. A span the text
// already wraps in an isolate is not wrapped twice. Spans never nest or
// overlap, and are ordered by position.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/text/bidi.h"
#include "services/text/direction.h"
#include "services/text/direction_rule.h"
#include "services/text/text_warning.h"
#include "services/text/utf.h"
#include "unicode/unistr.h"

namespace jisr::text {

enum class SpanKind {
  kText = 0,    // has letters
  kNumber = 1,  // digits with number punctuation, no letters
  kUrl = 2,
  kEmail = 3,
  kOther = 4,  // symbols only
};

// "text", "number", "url", "email", "other".
absl::string_view SpanKindName(SpanKind kind);

struct IsolationSpan {
  TextRange range;  // over the normalized text
  Direction direction = Direction::kLtr;
  SpanKind kind = SpanKind::kText;
  int32_t paragraph = 0;  // index of the paragraph holding the span
};

struct IsolatedText {
  std::string text;                   // NormalizeForStorage(input, multi-line)
  std::vector<TextWarning> warnings;  // from the normalization
  Direction base_direction = Direction::kLtr;
  std::vector<IsolationSpan> spans;
  std::string isolated_text;
};

// For any string (a title in a list, a name in a push notification): the
// storage normalization (so no stray control can leak), then the spans and
// isolated_text. `language` is a BCP 47 tag.
// Paragraph directions follow `rule` (direction_rule.h), and the spans are
// those of the directions reported.
absl::StatusOr<IsolatedText> Isolate(absl::string_view utf8, absl::string_view language,
                                     DirectionRule rule = DirectionRule::kLanguage);

namespace internal {

struct Span16 {
  int32_t start = 0;  // UTF-16 offsets in the field
  int32_t limit = 0;
  Direction direction = Direction::kLtr;
  SpanKind kind = SpanKind::kText;
  int32_t paragraph = 0;
  bool already_isolated = false;
};

void FindIsolationSpans(const icu::UnicodeString& text,
                        const std::vector<ParagraphRuns>& paragraphs, std::vector<Span16>* spans);

// `utf8` is `text` in UTF-8; spans carry UTF-8 offsets through `index`.
void ToIsolationSpans(const std::vector<Span16>& spans16, const OffsetIndex& index,
                      std::vector<IsolationSpan>* spans);
std::string BuildIsolatedText(absl::string_view utf8, const std::vector<Span16>& spans16,
                              const std::vector<IsolationSpan>& spans);

}  // namespace internal
}  // namespace jisr::text

#endif  // JISR_SERVICES_TEXT_ISOLATE_H_
