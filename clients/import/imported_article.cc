#include "clients/import/imported_article.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/import/text_utils.h"

namespace jisr::import {

absl::Status ValidateLanguageTag(absl::string_view language) {
  const std::vector<absl::string_view> subtags = absl::StrSplit(language, '-');
  bool ok = !language.empty() && language.size() <= 35;
  for (size_t i = 0; ok && i < subtags.size(); ++i) {
    const absl::string_view subtag = subtags[i];
    ok = i == 0 ? subtag.size() >= 2 && subtag.size() <= 3 : !subtag.empty() && subtag.size() <= 8;
    for (char c : subtag) {
      const auto uc = static_cast<unsigned char>(c);
      ok = ok && (i == 0 ? absl::ascii_isalpha(uc) : absl::ascii_isalnum(uc));
    }
  }
  if (ok) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("language \"", language,
                   "\" is not a BCP 47 tag: pass the language code, such as \"en\" or \"ar\""));
}

absl::Status ValidateUtf8Input(absl::string_view text) {
  size_t bad_offset = 0;
  if (IsValidUtf8(text, &bad_offset)) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("the input is not valid UTF-8 (bad byte at offset ", bad_offset,
                   "): save the file as UTF-8 and import it again"));
}

}  // namespace jisr::import
