#include "services/text/text_warning.h"

namespace jisr::text {

absl::string_view WarningCodeName(WarningCode code) {
  switch (code) {
    case WarningCode::kControlRemoved:
      return "CONTROL_REMOVED";
    case WarningCode::kLineBreakNormalized:
      return "LINE_BREAK_NORMALIZED";
    case WarningCode::kLineBreakReplaced:
      return "LINE_BREAK_REPLACED";
    case WarningCode::kTabReplaced:
      return "TAB_REPLACED";
    case WarningCode::kByteOrderMarkRemoved:
      return "BYTE_ORDER_MARK_REMOVED";
    case WarningCode::kPresentationFormFolded:
      return "PRESENTATION_FORM_FOLDED";
    case WarningCode::kBidiOverrideRemoved:
      return "BIDI_OVERRIDE_REMOVED";
    case WarningCode::kBidiEmbeddingConverted:
      return "BIDI_EMBEDDING_CONVERTED";
    case WarningCode::kBidiUnpairedTerminatorRemoved:
      return "BIDI_UNPAIRED_TERMINATOR_REMOVED";
    case WarningCode::kBidiUnterminatedClosed:
      return "BIDI_UNTERMINATED_CLOSED";
    case WarningCode::kBidiDepthExceeded:
      return "BIDI_DEPTH_EXCEEDED";
    case WarningCode::kNfcNormalized:
      return "NFC_NORMALIZED";
    case WarningCode::kWrongScript:
      return "WRONG_SCRIPT";
  }
  return "UNKNOWN";
}

}  // namespace jisr::text
