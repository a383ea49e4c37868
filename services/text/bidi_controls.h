#ifndef JISR_SERVICES_TEXT_BIDI_CONTROLS_H_
#define JISR_SERVICES_TEXT_BIDI_CONTROLS_H_

// The storage policy for explicit bidirectional formatting characters
// (UAX #9 section 2): what a stored text may contain, so that no control can
// reorder text the author did not see reordered, nor leak past its paragraph
// into the page around it ("Trojan Source", CVE-2021-42574).
//
//   LRO U+202D, RLO U+202E  Overrides force a direction on every character
//                           they cover, so the order shown differs from the
//                           order typed. Removed, together with the PDF that
//                           closes each one; the text keeps its logical order,
//                           which is the order the author typed.
//   LRE U+202A, RLE U+202B  Embeddings are replaced by the equivalent
//                           isolates LRI U+2066 / RLI U+2067, and the PDF that
//                           closes each one by PDI U+2069. An isolate cannot
//                           affect the text around it; an embedding can.
//   LRI, RLI, FSI U+2068    Kept.
//   PDF U+202C, PDI U+2069  Kept when they close something (PDF as PDI, see
//                           above); removed when they close nothing.
//   Openers left open       A PDI is inserted at the end of the paragraph
//                           (before its line feed, or at the end of the text)
//                           for every isolate or converted embedding still
//                           open; a PDI also closes the converted embeddings
//                           opened inside its isolate, as UAX #9 rule X6a
//                           says it does.
//   Depth                   An isolate or embedding nested more than 125 deep
//                           (UAX #9 max_depth) is removed with its terminator.
//   LRM U+200E, RLM U+200F, ALM U+061C  Kept: marks are legitimate and cannot
//                           leak.
// Every change is reported (BIDI_* warning codes). Pairing follows UAX #9
// rules X5a-X7: a PDF closes the innermost embedding or override opened
// since the innermost open isolate; a PDI closes the innermost open isolate.
// Internal to jisr_text; NormalizeForStorage applies it.

#include <cstdint>
#include <vector>

#include "services/text/repaired_text.h"

namespace jisr::text::internal {

inline constexpr char16_t kLre = 0x202A;
inline constexpr char16_t kRle = 0x202B;
inline constexpr char16_t kPdf = 0x202C;
inline constexpr char16_t kLro = 0x202D;
inline constexpr char16_t kRlo = 0x202E;
inline constexpr char16_t kLri = 0x2066;
inline constexpr char16_t kRli = 0x2067;
inline constexpr char16_t kFsi = 0x2068;
inline constexpr char16_t kPdi = 0x2069;

inline bool IsExplicitBidiControl(UChar32 c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

// Deepest nesting of kept isolates (UAX #9 max_depth).
inline constexpr int32_t kMaxBidiDepth = 125;

class BidiControlRepair {
 public:
  explicit BidiControlRepair(RepairedText* out) : out_(out) {}

  // `control` is one of the nine explicit controls above, found at input
  // UTF-16 offset `input_offset`.
  void OnControl(char16_t control, int32_t input_offset);

  // Closes what is still open; `input_offset` is where the paragraph ends.
  void EndParagraph(int32_t input_offset);

 private:
  enum class Kind : uint8_t {
    kIsolate,             // kept
    kDroppedIsolate,      // too deep: removed
    kConvertedEmbedding,  // LRE/RLE written as LRI/RLI
    kDroppedEmbedding,    // too deep: removed
    kRemovedOverride,     // LRO/RLO removed
  };
  struct Open {
    Kind kind;
    char16_t opener;
    int32_t input_offset;
  };
  static bool IsIsolate(Kind kind) {
    return kind == Kind::kIsolate || kind == Kind::kDroppedIsolate;
  }

  // OnControl's cases, one per kind of control at `input_offset`: PDF closes
  // an embedding or override, PDI an isolate (each removed when there is
  // nothing for it to close).
  void OpenIsolate(char16_t control, int32_t input_offset);
  void OpenEmbedding(char16_t control, int32_t input_offset);
  void RemoveOverride(char16_t control, int32_t input_offset);
  void CloseEmbeddingOrOverride(int32_t input_offset);
  void CloseIsolate(int32_t input_offset);

  void Warn(WarningCode code, int32_t start, int32_t end, std::string message,
            int32_t related_input_offset = -1);
  // Pops the top entry, inserting a PDI at `input_offset` if it was kept.
  void CloseTop(int32_t input_offset, bool at_paragraph_end);

  RepairedText* out_;
  std::vector<Open> stack_;
  int32_t open_isolates_ = 0;  // kIsolate and kDroppedIsolate entries
  int32_t kept_depth_ = 0;     // kIsolate and kConvertedEmbedding entries
};

}  // namespace jisr::text::internal

#endif  // JISR_SERVICES_TEXT_BIDI_CONTROLS_H_
