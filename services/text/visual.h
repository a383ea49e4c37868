#ifndef JISR_SERVICES_TEXT_VISUAL_H_
#define JISR_SERVICES_TEXT_VISUAL_H_

// Visual order, for renderers without a bidi engine (some push-notification
// targets, image-text renderers, LED tickers): each line's characters in the
// order they are drawn, left to right.
//
// The text first gets the storage normalization (so an override can never
// reorder what is drawn). It is split into paragraphs at line feeds, and each
// paragraph into lines: by ICU line breaking at max_line_chars code points
// when that is positive (trailing spaces are dropped from a wrapped line; a
// word longer than a line is cut between grapheme clusters), else one line per
// paragraph. A paragraph's direction is options.direction when given, else
// the one options.direction_rule decides (direction_rule.h); every line of the
// paragraph is reordered at that paragraph level. Reordering is ICU
// ubidi_writeReordered with mirroring (a "(" inside RTL text is drawn as
// ")"), bidi controls removed, and combining marks kept after their base.
// With shape_arabic, Arabic letters are first replaced by their contextual
// presentation forms, lam-alef by its ligature (u_shapeArabic, in logical
// order, so each line is shorter by one character per lam-alef).

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "services/text/direction.h"
#include "services/text/direction_rule.h"

namespace jisr::text {

struct VisualOrderOptions {
  // BCP 47 tag: the direction of paragraphs with no strong character.
  std::string language;
  // Forces the direction of every paragraph.
  absl::optional<Direction> direction;
  // Otherwise each paragraph's direction follows this rule (direction_rule.h).
  DirectionRule direction_rule = DirectionRule::kLanguage;
  // Greatest line length in code points; 0 breaks only at line feeds.
  int32_t max_line_chars = 0;
  bool shape_arabic = false;
};

// One string per line, UTF-8, in visual order. InvalidArgument on ill-formed
// UTF-8, an ill-formed language tag or a negative max_line_chars.
absl::StatusOr<std::vector<std::string>> VisualOrder(absl::string_view utf8,
                                                     const VisualOrderOptions& options);

}  // namespace jisr::text

#endif  // JISR_SERVICES_TEXT_VISUAL_H_
