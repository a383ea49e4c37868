#ifndef JISR_SERVICES_TEXT_ANALYZE_H_
#define JISR_SERVICES_TEXT_ANALYZE_H_

// The write-time text pipeline: everything Jisr stores with a text field
// (headline, standfirst, paragraph, heading, quote, caption, credit, alt
// text, list item, fact-box label or value) so renderers never guess about
// text. One call runs, over one UTF-16 conversion of the field:
//   normalize.h     validation and storage normalization (+ warnings)
//   script_check.h  is the text in the variant language's script?
//   bidi.h          base direction and bidi runs per paragraph
//   isolate.h       isolation spans and isolated_text
//   search_key.h    the folded search key
//   word_count.h    words and reading time
//   excerpt.h       an excerpt, when asked for
// Offsets: warnings are in the input as submitted (text_warning.h), the
// normalization's in input order and WRONG_SCRIPT (whole input) last;
// everything else (paragraphs, runs, spans) is in `text`, the normalized
// field, in code points, UTF-16 units and UTF-8 bytes (utf.h).
//
// Analyze is linear in the input and allocation-light; it reuses per-thread
// ICU objects (UBiDi, break iterators) and ICU's normalizer singletons.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/text/bidi.h"
#include "services/text/direction.h"
#include "services/text/direction_rule.h"
#include "services/text/isolate.h"
#include "services/text/script_check.h"
#include "services/text/text_warning.h"

namespace jisr::text {

struct AnalyzeOptions {
  // BCP 47 tag of the variant ("en", "ar"). Required.
  std::string language;
  // False for single-line fields: line breaks and tabs become spaces.
  bool allow_newlines = true;
  // Positive: also produce an excerpt of at most this many code points.
  int32_t excerpt_max_chars = 0;
  // How each paragraph's base direction is decided (direction_rule.h).
  DirectionRule direction_rule = DirectionRule::kLanguage;
};

struct FieldAnalysis {
  std::string text;                   // normalized, NFC, UTF-8: what is stored
  std::vector<TextWarning> warnings;  // ranges in the input

  ScriptCheck script;  // wrong_script is also a WRONG_SCRIPT warning

  Direction base_direction = Direction::kLtr;
  DirectionSource direction_source = DirectionSource::kFirstStrongCharacter;
  std::vector<ParagraphBidi> paragraphs;

  std::vector<IsolationSpan> isolation_spans;
  std::string isolated_text;

  std::string search_key;

  int32_t word_count = 0;
  int32_t reading_time_seconds = 0;

  std::string excerpt;  // empty unless excerpt_max_chars > 0
  bool excerpt_truncated = false;
};

// InvalidArgument when `utf8` is ill-formed ("ill-formed UTF-8 at byte offset
// N"; the caller prefixes the field name), longer than kMaxTextBytes, or the
// language tag is empty or ill-formed, or excerpt_max_chars is negative.
absl::StatusOr<FieldAnalysis> Analyze(absl::string_view utf8, const AnalyzeOptions& options);

}  // namespace jisr::text

#endif  // JISR_SERVICES_TEXT_ANALYZE_H_
