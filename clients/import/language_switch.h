// Recognises the language switch of an article page ("• English", "• Arabic",
// "English • العربية"), which a scrape carries as lines of text but which is navigation.
#ifndef JISR_CLIENTS_IMPORT_LANGUAGE_SWITCH_H_
#define JISR_CLIENTS_IMPORT_LANGUAGE_SWITCH_H_

#include "absl/strings/string_view.h"

namespace jisr::import {

// True when the cleaned `line` consists only of names of the newsroom's languages (English,
// Arabic, in English or Arabic, or as "EN"/"AR") and separators (•, ·, |, /), with at least one
// separator or two names: a paragraph that is just the word "Arabic" is not a switch.
bool IsLanguageSwitch(absl::string_view line);

}  // namespace jisr::import

#endif  // JISR_CLIENTS_IMPORT_LANGUAGE_SWITCH_H_
