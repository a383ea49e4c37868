#ifndef JISR_SERVICES_TEXT_SLUG_H_
#define JISR_SERVICES_TEXT_SLUG_H_

// URL slugs from a headline.
//
// Latin slugs (SlugScript::kLatin, and kNative for a language written in
// Latin script such as English): the text is transliterated to Latin where
// it is not (ICU "Any-Latin", so an Arabic headline gives the consonantal
// romanisation "mhmd bn rashd"), folded to ASCII ("Latin-ASCII": "é" -> "e",
// "ß" -> "ss"), lowercased, and whatever is still not ASCII is removed
// ("[:^ASCII:] Remove", which drops the ʿ and ʾ marks Arabic-Latin writes).
// Native slugs (kNative for a language in another script, such as Arabic):
// letters and digits of every script are kept in NFC; Arabic harakat and
// tatweel are removed, Arabic-Indic digits become ASCII, Latin words are
// folded as above.
// In both: Arabic harakat are removed first, so a vocalised and an
// unvocalised headline give the same slug; apostrophes inside words are
// dropped ("China's" -> "chinas"); every other run of non-letters,
// non-digits is one "-"; no leading or trailing "-". The slug is cut to at
// most max_chars code points at a "-" (a single longer word is cut at a
// character boundary). A text with no letter or digit gives kUntitledSlug.
// The result is deterministic; making it unique is the caller's job.

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jisr::text {

enum class SlugScript {
  kNative = 0,
  kLatin = 1,
};

inline constexpr int32_t kDefaultSlugMaxChars = 80;
inline constexpr absl::string_view kUntitledSlug = "untitled";

// InvalidArgument on ill-formed UTF-8, an ill-formed language tag or
// max_chars < 1.
absl::StatusOr<std::string> Slugify(absl::string_view utf8, absl::string_view language,
                                    SlugScript script, int32_t max_chars = kDefaultSlugMaxChars);

// Percent-encodes a slug for a URL path: every byte outside the RFC 3986
// unreserved set (A-Z a-z 0-9 - . _ ~) becomes %XX (upper-case hex), so an
// Arabic slug's UTF-8 bytes are encoded and an ASCII slug is unchanged.
std::string PercentEncodeSlug(absl::string_view slug);

}  // namespace jisr::text

#endif  // JISR_SERVICES_TEXT_SLUG_H_
