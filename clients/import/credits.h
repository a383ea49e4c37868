// Recognises the picture credit a caption ends with ("... since 2018. AFP"), in English or
// Arabic, from a list of the agencies and pools a Gulf newsroom prints.
#ifndef JISR_CLIENTS_IMPORT_CREDITS_H_
#define JISR_CLIENTS_IMPORT_CREDITS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace jisr::import {

struct CaptionCredit {
  std::string caption;  // The caption without its credit.
  std::string credit;   // The credit as written ("AFP", "أ ف ب"); empty when none was found.
};

// Splits a cleaned caption line into caption and trailing credit. A credit is recognised when
// the last one to four words are a known credit (compared loosely: case, dots, hyphens, spaces
// and Arabic letter forms do not matter) and are set off from the caption: after sentence-ending
// punctuation, in parentheses, after a "Photo:"-style label, or after a "|" or dash separator.
// Without such a credit the whole line is the caption.
CaptionCredit SplitCaptionCredit(absl::string_view line);

// True when `text` as a whole is a known credit.
bool IsKnownCredit(absl::string_view text);

}  // namespace jisr::import

#endif  // JISR_CLIENTS_IMPORT_CREDITS_H_
