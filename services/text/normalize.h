#ifndef JISR_SERVICES_TEXT_NORMALIZE_H_
#define JISR_SERVICES_TEXT_NORMALIZE_H_

// Validation and normalization of a text field for storage.
//
// NormalizeForStorage applies, in this order:
//  1. UTF-8 validation: ill-formed input is InvalidArgument with the byte
//     offset ("ill-formed UTF-8 at byte offset 17"); the caller prefixes the
//     field name. Nothing else is an error.
//  2. Controls: C0/C1 control characters other than TAB and LF are removed
//     (CONTROL_REMOVED). Line breaks: CR LF, a lone CR, NEL U+0085, LS U+2028
//     and PS U+2029 become one LF (LINE_BREAK_NORMALIZED). In a single-line
//     field (allow_newlines = false, e.g. a headline) every line break and
//     tab becomes a space (LINE_BREAK_REPLACED, TAB_REPLACED).
//  3. U+FEFF (byte order mark, zero width no-break space) is removed
//     (BYTE_ORDER_MARK_REMOVED).
//  4. Arabic presentation forms, U+FB50-U+FDFF (Forms-A) and U+FE70-U+FEFF
//     (Forms-B), are replaced by their compatibility decomposition, i.e. the
//     base letters (PRESENTATION_FORM_FOLDED; the message names the block).
//     No other compatibility character is touched. Code points in those
//     blocks without a decomposition (ornate parentheses, noncharacters) are
//     kept.
//  5. Explicit bidi controls follow the policy in bidi_controls.h: overrides
//     removed, embeddings become isolates, unpaired terminators removed,
//     open isolates closed at the end of their paragraph, LRM/RLM/ALM kept.
//  6. Unicode Normalization Form C (ICU Normalizer2 NFC; NFC_NORMALIZED when
//     it changed anything, once per field, covering the changed span).
// Every change is reported as a TextWarning whose range is in the ORIGINAL
// input (see text_warning.h). A text that needs none of this (the common
// case) costs one scan plus an NFC quick check.

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/text/text_warning.h"
#include "unicode/normalizer2.h"
#include "unicode/unistr.h"

namespace jisr::text {

struct NormalizeOptions {
  // False for single-line fields (headline, caption credit, list item...):
  // line breaks and tabs become spaces.
  bool allow_newlines = true;
};

struct NormalizedText {
  std::string text;  // NFC, UTF-8
  std::vector<TextWarning> warnings;
};

absl::StatusOr<NormalizedText> NormalizeForStorage(absl::string_view utf8,
                                                   const NormalizeOptions& options);

// Plain Unicode normalization, through the same segment-wise code that
// NormalizeForStorage uses for NFC (so the Unicode conformance test of this
// function covers the storage path). InvalidArgument on ill-formed UTF-8.
enum class NormalizationForm { kNfc, kNfd, kNfkc, kNfkd };
absl::StatusOr<std::string> NormalizeUnicode(absl::string_view utf8, NormalizationForm form);

namespace internal {

// The UTF-16 core of NormalizeForStorage, for Analyze (which keeps working on
// the UTF-16 text). Leaves `output` untouched and sets `*changed` false when
// the input is already in storage form; then the input is the output.
absl::Status NormalizeUtf16(const icu::UnicodeString& input, const NormalizeOptions& options,
                            icu::UnicodeString* output, bool* changed,
                            std::vector<TextWarning>* warnings);

// Normalizes `input` with `normalizer` one normalization segment at a time,
// skipping what the quick check passes, and records the UTF-16 ranges of
// `input` whose segments changed. Returns false (and leaves `output`
// untouched) when nothing changes.
absl::StatusOr<bool> NormalizeTracked(const icu::Normalizer2& normalizer,
                                      const icu::UnicodeString& input, icu::UnicodeString* output,
                                      std::vector<std::pair<int32_t, int32_t>>* changed_ranges);

}  // namespace internal
}  // namespace jisr::text

#endif  // JISR_SERVICES_TEXT_NORMALIZE_H_
