#ifndef JISR_SERVICES_TEXT_BIDI_H_
#define JISR_SERVICES_TEXT_BIDI_H_

// Bidirectional analysis of a text field with ICU's UBiDi (UAX #9).
//
// A field is split into paragraphs at LF (after NormalizeForStorage the only
// paragraph separator a stored text has). Each paragraph gets:
//  - its base direction, decided by a DirectionRule (direction_rule.h): by
//    default the field's language's ("ar" RTL, "en" LTR) unless the paragraph
//    is essentially in the other direction; on request the first strong
//    character (UAX #9 P2/P3). DirectionSource says what decided;
//  - its bidi runs in logical order: maximal stretches of one resolved
//    embedding level (even = LTR, odd = RTL), after rules L1 (trailing
//    whitespace takes the paragraph level).
// The field's base direction is that of its first paragraph whose text
// decided its direction (source other than kLanguageFallback), else the
// language's. All ranges are over the analysed text.
//
// BidiParagraph is the one ICU wrapper the library (and the Unicode
// conformance tests) use; it owns a UBiDi and reuses its memory across calls.

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "services/text/direction.h"
#include "services/text/direction_rule.h"
#include "services/text/utf.h"
#include "unicode/ubidi.h"
#include "unicode/unistr.h"

namespace jisr::text {

struct BidiRun {
  TextRange range;
  int32_t level = 0;  // resolved embedding level
  Direction direction = Direction::kLtr;
};

struct ParagraphBidi {
  TextRange range;  // the paragraph, without its line feed
  Direction direction = Direction::kLtr;
  DirectionSource direction_source = DirectionSource::kFirstStrongCharacter;
  std::vector<BidiRun> runs;  // logical order
};

struct BidiAnalysis {
  Direction base_direction = Direction::kLtr;
  DirectionSource direction_source = DirectionSource::kFirstStrongCharacter;
  std::vector<ParagraphBidi> paragraphs;
};

// Analyses a stored (normalized) UTF-8 field. `language` is a BCP 47 tag.
// InvalidArgument on ill-formed UTF-8 or language tag.
absl::StatusOr<BidiAnalysis> AnalyzeBidi(absl::string_view utf8, absl::string_view language,
                                         DirectionRule rule = DirectionRule::kLanguage);

// UAX #9 P2/P3: direction of the first character of bidi class L, R or AL,
// skipping characters between an isolate initiator and its matching PDI (or
// the end of the paragraph), and stopping at a paragraph separator.
// Nullopt when there is none.
absl::optional<Direction> FirstStrongDirection(const char16_t* text, int32_t length);

// How the paragraph level of a BidiParagraph is chosen.
enum class ParagraphLevel {
  kLtr,      // 0
  kRtl,      // 1
  kAutoLtr,  // P2/P3, LTR when there is no strong character
  kAutoRtl,  // P2/P3, RTL when there is no strong character
};

// A level run of a paragraph, in UTF-16 offsets relative to the paragraph.
struct LevelRun {
  int32_t start = 0;
  int32_t limit = 0;
  uint8_t level = 0;
};

class BidiParagraph {
 public:
  BidiParagraph();
  ~BidiParagraph();
  BidiParagraph(const BidiParagraph&) = delete;
  BidiParagraph& operator=(const BidiParagraph&) = delete;

  // Runs UAX #9 over text[0, length). ICU keeps a pointer to the text: it
  // must outlive every later call until the next SetText. A text with
  // paragraph separators is several paragraphs, each with its own level
  // when the level is automatic.
  absl::Status SetText(const char16_t* text, int32_t length, ParagraphLevel level);

  // Resolved level of the (first) paragraph: 0 or 1.
  int32_t paragraph_level() const;

  // Resolved level of every UTF-16 unit. For characters UAX #9 rule X9
  // removes (explicit controls, BN) ICU reports a level too; callers that
  // compare with UAX #9 data skip them.
  absl::Status GetLevels(std::vector<uint8_t>* levels);

  // visual_to_logical[v] = logical index of the unit shown at visual
  // position v (left to right), over the whole line.
  absl::Status GetVisualToLogical(std::vector<int32_t>* visual_to_logical);

  // Level runs in logical order.
  absl::Status GetLogicalRuns(std::vector<LevelRun>* runs);

  // The line in visual order, left to right, with mirrored glyphs for
  // mirrored characters (brackets) and the bidi controls removed.
  absl::Status WriteVisual(icu::UnicodeString* visual);

 private:
  UBiDi* bidi_;
  int32_t length_ = 0;
};

namespace internal {

// Per-paragraph analysis in UTF-16, shared with Analyze and Isolate.
struct ParagraphRuns {
  int32_t start = 0;  // UTF-16 offsets in the field
  int32_t limit = 0;
  Direction direction = Direction::kLtr;
  DirectionSource direction_source = DirectionSource::kFirstStrongCharacter;
  std::vector<LevelRun> runs;  // relative to `start`
};

// Each paragraph's direction by `rule`, for a field whose language is written
// in `language_direction`, and its level runs at that paragraph level (so
// isolation spans are always those of the reported direction).
absl::Status AnalyzeParagraphs(const icu::UnicodeString& text, Direction language_direction,
                               DirectionRule rule, std::vector<ParagraphRuns>* paragraphs);

// Fills `analysis` from AnalyzeParagraphs' result.
void ToBidiAnalysis(const std::vector<ParagraphRuns>& paragraphs, const OffsetIndex& index,
                    Direction fallback, BidiAnalysis* analysis);

}  // namespace internal
}  // namespace jisr::text

#endif  // JISR_SERVICES_TEXT_BIDI_H_
