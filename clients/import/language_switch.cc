#include "clients/import/language_switch.h"

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_replace.h"
#include "clients/import/text_utils.h"

namespace jisr::import {
namespace {

const absl::flat_hash_set<std::string>& LanguageNames() {
  static const auto* names = [] {
    auto* set = new absl::flat_hash_set<std::string>();
    for (const char* name :
         {"English", "Arabic", "EN", "AR", "العربية", "عربي", "عربى", "الإنجليزية", "الإنكليزية",
          "إنجليزي", "انجليزي", "English.", "Arabic."}) {
      set->insert(MatchKey(name));
    }
    return set;
  }();
  return *names;
}

}  // namespace

bool IsLanguageSwitch(absl::string_view line) {
  const std::string spaced = absl::StrReplaceAll(
      line, {{"•", " \x1F "}, {"·", " \x1F "}, {"|", " \x1F "}, {"/", " \x1F "}, {"◦", " \x1F "}});
  bool has_separator = false;
  int names = 0;
  for (absl::string_view word : Words(spaced)) {
    if (word == "\x1F") {
      has_separator = true;
      continue;
    }
    if (!LanguageNames().contains(MatchKey(word))) return false;
    ++names;
  }
  return names >= 1 && (has_separator || names >= 2);
}

}  // namespace jisr::import
