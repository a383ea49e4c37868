#ifndef JISR_SERVICES_TEXT_LANGUAGE_H_
#define JISR_SERVICES_TEXT_LANGUAGE_H_

// What the text pipeline needs to know about a variant's language.
//
// Languages are BCP 47 tags ("en", "ar", "en-AE", "ar-AE"). Only the language
// subtag and the script matter here; other languages than English and Arabic
// work through ICU's likely-subtags data (e.g. "fa" is right-to-left and
// written in Arabic script, "fr" left-to-right in Latin).

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/text/direction.h"
#include "unicode/uscript.h"

namespace jisr::text {

// Reading speeds, in words per minute, used for reading time. English:
// 230 wpm, the usual adult silent-reading rate for non-fiction. Arabic:
// 180 wpm, slower per word because Arabic words carry clitics (articles,
// prepositions, pronouns) that English writes as separate words.
inline constexpr int32_t kEnglishWordsPerMinute = 230;
inline constexpr int32_t kArabicWordsPerMinute = 180;
inline constexpr int32_t kDefaultWordsPerMinute = 200;

struct LanguageInfo {
  std::string language;  // the language subtag: "en", "ar"
  // Direction of a paragraph that has no strong character.
  Direction direction = Direction::kLtr;
  // The script the language is written in (likely subtags), or
  // USCRIPT_INVALID_CODE when ICU does not know the language.
  UScriptCode expected_script = USCRIPT_INVALID_CODE;
  int32_t words_per_minute = kDefaultWordsPerMinute;
};

// InvalidArgument for an empty or ill-formed tag. Cheap when called again
// with the same tag on the same thread (the common case inside one request).
absl::StatusOr<LanguageInfo> GetLanguageInfo(absl::string_view bcp47_tag);

}  // namespace jisr::text

#endif  // JISR_SERVICES_TEXT_LANGUAGE_H_
