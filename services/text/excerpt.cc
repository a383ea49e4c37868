#include "services/text/excerpt.h"

#include "absl/strings/str_cat.h"
#include "services/text/icu_status.h"
#include "services/text/utf.h"
#include "services/text/word_count.h"
#include "unicode/brkiter.h"
#include "unicode/uchar.h"
#include "unicode/utf16.h"

namespace jisr::text {
namespace {

constexpr char16_t kEllipsis = 0x2026;

bool IsAlef(UChar32 c) {
  return c == 0x0622 || c == 0x0623 || c == 0x0625 || c == 0x0627 || c == 0x0671 || c == 0x0672 ||
         c == 0x0673 || c == 0x0675;
}

// Moves a cut that falls between lam (and its marks) and alef to before the
// lam.
int32_t KeepLamAlef(const char16_t* text, int32_t length, int32_t cut) {
  if (cut <= 0 || cut >= length) return cut;
  UChar32 next;
  int32_t i = cut;
  U16_NEXT(text, i, length, next);
  if (!IsAlef(next)) return cut;
  int32_t position = cut;
  while (position > 0) {
    UChar32 c;
    int32_t previous = position;
    U16_PREV(text, 0, previous, c);
    if (U_GET_GC_MASK(c) & U_GC_M_MASK) {
      position = previous;
      continue;
    }
    return c == 0x0644 ? previous : cut;
  }
  return cut;
}

// Whitespace and clause punctuation an excerpt does not end with.
bool IsTrailingJunk(UChar32 c) {
  if (u_isUWhiteSpace(c)) return true;
  switch (u_charType(c)) {
    case U_DASH_PUNCTUATION:
    case U_START_PUNCTUATION:
    case U_INITIAL_PUNCTUATION:
      return true;
    default:
      break;
  }
  return c == ',' || c == ';' || c == ':' || c == 0x060C || c == 0x061B;
}

}  // namespace

namespace internal {

absl::Status ExcerptUtf16(const icu::UnicodeString& text, int32_t max_chars,
                          icu::UnicodeString* excerpt, bool* truncated) {
  if (max_chars < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("excerpt length must be at least 1, got ", max_chars));
  }
  const char16_t* buffer = text.getBuffer();
  const int32_t length = text.length();
  // UTF-16 offset after max_chars - 1 code points (room for the ellipsis),
  // and whether the text is longer than max_chars at all.
  int32_t budget_end = 0;
  int32_t code_points = 0;
  int32_t i = 0;
  while (i < length && code_points < max_chars) {
    U16_FWD_1(buffer, i, length);
    ++code_points;
    if (code_points == max_chars - 1) budget_end = i;
  }
  if (i >= length) {
    *excerpt = text;
    *truncated = false;
    return absl::OkStatus();
  }
  *truncated = true;

  JISR_TEXT_ASSIGN_OR_RETURN(icu::BreakIterator * words, ThreadWordBreaker("root"));
  JISR_TEXT_ASSIGN_OR_RETURN(icu::BreakIterator * graphemes, ThreadCharacterBreaker());
  words->setText(text);
  graphemes->setText(text);
  int32_t cut = 0;
  if (budget_end > 0) {
    cut = words->isBoundary(budget_end) ? budget_end : words->preceding(budget_end);
    if (cut == icu::BreakIterator::DONE) cut = 0;
    // Word boundaries can fall inside a cluster (after a prepended mark).
    if (cut > 0 && !graphemes->isBoundary(cut)) cut = graphemes->preceding(cut);
    cut = KeepLamAlef(buffer, length, cut);
    if (cut <= 0) {
      // The first word is longer than the budget.
      cut = graphemes->isBoundary(budget_end) ? budget_end : graphemes->preceding(budget_end);
      if (cut == icu::BreakIterator::DONE) cut = 0;
      cut = KeepLamAlef(buffer, length, cut);
    }
  }
  // Moving back before a lam can leave the cut after a prepended mark (U+0600 ARABIC NUMBER
  // SIGN joins what follows it): back to the cluster's start, until both rules hold.
  while (cut > 0 && !graphemes->isBoundary(cut)) {
    cut = graphemes->preceding(cut);
    if (cut == icu::BreakIterator::DONE) cut = 0;
    cut = KeepLamAlef(buffer, length, cut);
  }
  // Trailing spaces and clause punctuation go, but only as whole clusters: a space that a
  // prepended mark joins stays, or the mark would join the ellipsis instead.
  while (cut > 0) {
    UChar32 c;
    int32_t previous = cut;
    U16_PREV(buffer, 0, previous, c);
    if (!IsTrailingJunk(c) || (previous > 0 && !graphemes->isBoundary(previous))) break;
    cut = previous;
  }
  static const icu::UnicodeString* const kEmpty = new icu::UnicodeString();
  words->setText(*kEmpty);
  graphemes->setText(*kEmpty);
  excerpt->setTo(text, 0, cut);
  excerpt->append(kEllipsis);
  return absl::OkStatus();
}

}  // namespace internal

absl::StatusOr<std::string> Excerpt(absl::string_view utf8, int32_t max_chars) {
  icu::UnicodeString text;
  JISR_TEXT_RETURN_IF_ERROR(DecodeUtf8(utf8, &text));
  icu::UnicodeString excerpt;
  bool truncated = false;
  JISR_TEXT_RETURN_IF_ERROR(internal::ExcerptUtf16(text, max_chars, &excerpt, &truncated));
  return truncated ? ToUtf8(excerpt) : std::string(utf8);
}

}  // namespace jisr::text
