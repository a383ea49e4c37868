#ifndef JISR_SERVICES_TEXT_SEARCH_KEY_H_
#define JISR_SERVICES_TEXT_SEARCH_KEY_H_

// Search keys: the folded form of a text that Jisr serves with the content,
// so every indexer folds the same way and a query folded with the same
// function matches. One function for every language: an Arabic name in an
// English article folds exactly as it does in the Arabic one.
//
// Folding, in order:
//  1. NFKC_Casefold (Unicode's "NFKC_Casefold" mapping, ICU Normalizer2
//     "nfkc_cf"): full case folding ("Straße" -> "strasse"), compatibility
//     forms ("ﬁ" -> "fi", full-width letters, Arabic presentation forms ->
//     letters, superscript digits -> digits) and removal of default-ignorable
//     characters (soft hyphen, ZWJ/ZWNJ, LRM/RLM/ALM, bidi controls).
//  2. Arabic: harakat U+064B-U+065F and superscript alef U+0670 removed,
//     tatweel U+0640 removed; alef forms آ U+0622, أ U+0623, إ U+0625,
//     ٱ U+0671 -> ا U+0627; alef maqsura ى U+0649 -> yeh ي U+064A; teh
//     marbuta ة U+0629 -> heh ه U+0647; Farsi yeh ی U+06CC -> ي and keheh
//     ک U+06A9 -> kaf ك U+0643 (the same words typed on a Persian keyboard);
//     Arabic-Indic digits U+0660-U+0669 and extended Arabic-Indic digits
//     U+06F0-U+06F9 -> ASCII 0-9. Hamza on waw ؤ and on yeh ئ are kept.
//  3. Latin letters lose their diacritics ("Café" -> "cafe", "Dvořák" ->
//     "dvorak"): the canonical decomposition minus nonspacing marks. Other
//     scripts keep their marks (they are often letters' vowels).
//  4. Whitespace (White_Space) runs become one U+0020; leading and trailing
//     whitespace is dropped. Punctuation is kept: tokenizing is the
//     indexer's job.
// The result is NFC-stable UTF-8; the same input always gives the same key.

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "unicode/unistr.h"

namespace jisr::text {

// InvalidArgument on ill-formed UTF-8.
absl::StatusOr<std::string> SearchKey(absl::string_view utf8);

namespace internal {
absl::Status AppendSearchKey(const icu::UnicodeString& text, std::string* key);
}  // namespace internal

}  // namespace jisr::text

#endif  // JISR_SERVICES_TEXT_SEARCH_KEY_H_
