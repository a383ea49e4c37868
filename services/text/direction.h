#ifndef JISR_SERVICES_TEXT_DIRECTION_H_
#define JISR_SERVICES_TEXT_DIRECTION_H_

#include "absl/strings/string_view.h"

namespace jisr::text {

// Writing direction of a paragraph, a run or an isolation span.
enum class Direction {
  kLtr = 0,
  kRtl = 1,
};

// Why a paragraph has the direction it has.
enum class DirectionSource {
  // The first strong character (UAX #9 rules P2/P3, skipping isolates), by
  // DirectionRule::kFirstStrong.
  kFirstStrongCharacter = 0,
  // The paragraph has no strong character (under the language rule: no word
  // with a direction): the field's language decided.
  kLanguageFallback = 1,
  // The caller forced the direction.
  kExplicit = 2,
  // The language rule kept the language's direction: enough of the words are
  // written in it (direction_rule.h).
  kLanguageConfirmedByWords = 3,
  // The language rule chose the other direction: the text is essentially in
  // another script.
  kOtherDirectionByWords = 4,
};

// "ltr" or "rtl": the value of an HTML dir attribute.
absl::string_view DirectionName(Direction direction);

inline Direction OppositeDirection(Direction direction) {
  return direction == Direction::kLtr ? Direction::kRtl : Direction::kLtr;
}

}  // namespace jisr::text

#endif  // JISR_SERVICES_TEXT_DIRECTION_H_
