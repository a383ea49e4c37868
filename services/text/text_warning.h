#ifndef JISR_SERVICES_TEXT_TEXT_WARNING_H_
#define JISR_SERVICES_TEXT_TEXT_WARNING_H_

// Every change the pipeline makes to a text, and every finding about it, is
// reported as a TextWarning: nothing is altered silently.
//
// Ranges of warnings are in the ORIGINAL input as the caller submitted it
// (before any change), in the three units of TextRange, so an editor can
// highlight what it sent. A removed character's range covers that character;
// a character the pipeline inserted (a closing PDI) has an empty range at the
// input position where it was inserted; a whole-field finding
// (WRONG_SCRIPT) covers the whole input.

#include <string>

#include "absl/strings/string_view.h"
#include "services/text/utf.h"

namespace jisr::text {

enum class WarningCode {
  // A C0/C1 control character other than tab and line feed was removed.
  kControlRemoved = 1,
  // CR, CR LF, NEL (U+0085), LS (U+2028) or PS (U+2029) became one LF.
  kLineBreakNormalized = 2,
  // A line break in a single-line field became a space.
  kLineBreakReplaced = 3,
  // A tab in a single-line field became a space.
  kTabReplaced = 4,
  // U+FEFF (byte order mark / zero width no-break space) was removed.
  kByteOrderMarkRemoved = 5,
  // Arabic presentation forms were folded back to base letters.
  kPresentationFormFolded = 6,
  // LRO/RLO (and the PDF that closed it) were removed.
  kBidiOverrideRemoved = 7,
  // LRE/RLE were replaced by LRI/RLI (and their PDF by PDI).
  kBidiEmbeddingConverted = 8,
  // A PDF or PDI that closed nothing was removed.
  kBidiUnpairedTerminatorRemoved = 9,
  // A PDI was inserted to close an isolate left open.
  kBidiUnterminatedClosed = 10,
  // An isolate nested deeper than UAX #9 allows (125) was removed.
  kBidiDepthExceeded = 11,
  // Characters were recomposed to Unicode Normalization Form C.
  kNfcNormalized = 12,
  // Most letters are in another script than the variant's language.
  kWrongScript = 13,
};

// "CONTROL_REMOVED", "WRONG_SCRIPT", ...: stable names for the API.
absl::string_view WarningCodeName(WarningCode code);

struct TextWarning {
  WarningCode code = WarningCode::kControlRemoved;
  TextRange range;  // in the original input (see above)
  std::string message;
};

}  // namespace jisr::text

#endif  // JISR_SERVICES_TEXT_TEXT_WARNING_H_
