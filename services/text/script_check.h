#ifndef JISR_SERVICES_TEXT_SCRIPT_CHECK_H_
#define JISR_SERVICES_TEXT_SCRIPT_CHECK_H_

// Is the text written in the script of its variant's language? Catches
// Arabic pasted into the English variant and the reverse.
//
// Only letters count (general category L): digits, punctuation, symbols,
// marks and whitespace are ignored, so numbers and quotes never tip the
// balance; nor do URLs and e-mail addresses (whitespace-separated tokens
// containing "://" or "@"), which are not language. The check fires (WRONG_SCRIPT) when the field
// has at least kMinLettersForScriptCheck letters and more than half of them are not in the
// language's script ("ar" expects Arabic, "en" Latin, other languages their
// likely script). Names, acronyms, credits and short quotes in the other
// script ("AFP", "Xi Jinping", "Getty Images") are normal and stay below
// the threshold inside a sentence, and below the letter minimum on their own.

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/text/language.h"
#include "unicode/unistr.h"
#include "unicode/uscript.h"

namespace jisr::text {

// About four words: shorter fields (a credit, a name, an acronym) are not
// judged.
inline constexpr int32_t kMinLettersForScriptCheck = 24;

struct ScriptCounts {
  int32_t arabic_letters = 0;
  int32_t latin_letters = 0;
  int32_t other_letters = 0;  // any other script (Cyrillic, Han, ...)
  int32_t total() const { return arabic_letters + latin_letters + other_letters; }
};

struct ScriptCheck {
  ScriptCounts counts;
  // The language's script, USCRIPT_INVALID_CODE when unknown (never wrong).
  UScriptCode expected_script = USCRIPT_INVALID_CODE;
  int32_t expected_script_letters = 0;
  bool wrong_script = false;
};

absl::StatusOr<ScriptCheck> CheckScript(absl::string_view utf8, absl::string_view language);

namespace internal {
ScriptCheck CheckScriptUtf16(const icu::UnicodeString& text, const LanguageInfo& language);
}  // namespace internal

}  // namespace jisr::text

#endif  // JISR_SERVICES_TEXT_SCRIPT_CHECK_H_
