#ifndef JISR_SERVICES_TEXT_EXCERPT_H_
#define JISR_SERVICES_TEXT_EXCERPT_H_

// Excerpts: a text shortened to at most N characters for cards, push
// notifications and previews.
//
// N counts code points, and the ellipsis "…" (U+2026) counts within N. A text
// of at most N code points is returned unchanged, without an ellipsis.
// Otherwise the text is cut at the last word boundary (ICU word
// BreakIterator) that leaves room for the ellipsis; whitespace and clause
// punctuation (, ; : ، ؛ dashes, opening brackets and quotes) before the cut
// are dropped; then "…" is appended. The cut is never inside a grapheme
// cluster (a letter and its marks, an emoji sequence) nor between lam and
// alef (لا, which Arabic renders as one ligature although it is two grapheme
// clusters). When the first word alone is too long, the cut falls at the last
// grapheme boundary that fits. When nothing fits, the excerpt is "…".

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "unicode/unistr.h"

namespace jisr::text {

// InvalidArgument on ill-formed UTF-8 or max_chars < 1.
absl::StatusOr<std::string> Excerpt(absl::string_view utf8, int32_t max_chars);

namespace internal {
// Sets *truncated to whether `text` was shortened.
absl::Status ExcerptUtf16(const icu::UnicodeString& text, int32_t max_chars,
                          icu::UnicodeString* excerpt, bool* truncated);
}  // namespace internal

}  // namespace jisr::text

#endif  // JISR_SERVICES_TEXT_EXCERPT_H_
