#ifndef JISR_SERVICES_TEXT_REPAIR_PASS_H_
#define JISR_SERVICES_TEXT_REPAIR_PASS_H_

// The repair pass of the storage normalizer (steps 2-5 in normalize.h): line
// breaks and tabs as the field allows, control characters and byte order
// marks removed, explicit bidi controls repaired (bidi_controls.h), Arabic
// presentation forms folded, every change recorded in a RepairedText.
// Internal to jisr_text; NormalizeForStorage runs it.

#include <cstdint>

#include "absl/status/status.h"
#include "services/text/normalize.h"
#include "services/text/repaired_text.h"
#include "unicode/unistr.h"
#include "unicode/utypes.h"

namespace jisr::text::internal {

// The units the pass replaces, or keeps depending on the field.
inline constexpr char16_t kLineFeed = 0x000A;
inline constexpr char16_t kCarriageReturn = 0x000D;
inline constexpr char16_t kTab = 0x0009;
inline constexpr char16_t kSpace = 0x0020;
inline constexpr char16_t kNextLine = 0x0085;
inline constexpr char16_t kLineSeparator = 0x2028;
inline constexpr char16_t kParagraphSeparator = 0x2029;
inline constexpr char16_t kByteOrderMark = 0xFEFF;

inline bool IsPresentationFormA(UChar32 c) { return c >= 0xFB50 && c <= 0xFDFF; }
inline bool IsPresentationFormB(UChar32 c) { return c >= 0xFE70 && c <= 0xFEFF; }

// True for a UTF-16 unit the repair pass may change. Ordered so that ASCII
// letters leave after two comparisons and other letters below U+2028 (Latin,
// Arabic) after four.
inline bool NeedsRepair(char16_t c, bool allow_newlines) {
  if (c < 0x20) return !allow_newlines || (c != kLineFeed && c != kTab);
  if (c < 0x7F) return false;
  if (c <= 0x9F) return true;
  if (c < 0x2028) return false;
  if (c <= 0x202E) return true;  // LS, PS, LRE..RLO
  if (c < 0x2066) return false;
  if (c <= 0x2069) return true;  // LRI..PDI
  if (c < 0xFB50) return false;
  return IsPresentationFormA(c) || IsPresentationFormB(c);
}

// The repair pass over `input`. Runs only when the prescan found a unit
// NeedsRepair() flags.
absl::Status Repair(const icu::UnicodeString& input, const NormalizeOptions& options,
                    RepairedText* out);

}  // namespace jisr::text::internal

#endif  // JISR_SERVICES_TEXT_REPAIR_PASS_H_
