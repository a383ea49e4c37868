#ifndef JISR_SERVICES_TEXT_DIRECTION_RULE_H_
#define JISR_SERVICES_TEXT_DIRECTION_RULE_H_

// The rule that decides a paragraph's base direction (docs/text-direction.md).
//
// Jisr knows the language of every field it stores, and W3C's "Strings on the
// Web" prefers such metadata to guessing from the text. UAX #9's rules P2/P3
// (the first strong character, what dir="auto" does) get Arabic news wrong:
// "Apple تطلق هاتفاً جديداً" or "CNN: إطلاق صاروخ من غزة" is an Arabic
// sentence, and read left to right an Arabic reader meets its subject last.
// So by default (DirectionRule::kLanguage) a paragraph keeps its language's
// direction unless its text is essentially in the other direction, estimated
// over its words (as Closure Library's estimateDirection does, but anchored on
// the language rather than on a fixed share of right-to-left words):
//  - a word is a run of characters between whitespace; its direction is that
//    of its first strong character (bidi class L, or R/AL) outside isolates.
//    Words with no strong character (numbers, punctuation), URLs and e-mail
//    addresses have no direction and are not counted: they read the same in
//    either direction once isolated;
//  - no word with a direction: the language's (kLanguageFallback);
//  - at least one in ten of the counted words in the language's direction:
//    the language's (kLanguageConfirmedByWords);
//  - otherwise the other direction (kOtherDirectionByWords): a whole English
//    quotation or a Latin credit such as "Getty Images" in an Arabic variant,
//    a whole Arabic quotation in an English one.
// Why one in ten: an Arabic sentence needs its own words around a quoted
// English phrase or a list of brand names ("قال: “We will not give up”",
// "Google وMicrosoft وAmazon"), so even one Arabic word in a few Latin ones
// makes the frame Arabic; but a paragraph of English with one Arabic credit at
// its end ("... told reporters. (رويترز)") is still English.
// DirectionRule::kFirstStrong is UAX #9 P2/P3, with the language for a
// paragraph with no strong character, for callers who ask for it.

#include <cstdint>

#include "absl/types/optional.h"
#include "services/text/direction.h"
#include "unicode/umachine.h"

namespace jisr::text {

enum class DirectionRule {
  kLanguage = 0,
  kFirstStrong = 1,
};

// Reads a paragraph character by character, following isolate initiators and
// their PDIs (UAX #9 P2 skips what they enclose).
class StrongDirectionScanner {
 public:
  // The direction of `c` when it is strong (bidi class L, R or AL) and
  // outside every isolate; nullopt otherwise.
  absl::optional<Direction> Next(UChar32 c);

 private:
  int32_t isolate_depth_ = 0;
};

// The language's direction is kept when at least this many in a hundred of a
// paragraph's counted words are in it.
inline constexpr int32_t kLanguageWordsMinPercent = 10;

// Words of a paragraph by direction, as the language rule counts them.
struct DirectionalWords {
  int32_t ltr = 0;
  int32_t rtl = 0;
};

// Counts the words of text[0, length) (one paragraph: no line feed).
DirectionalWords CountDirectionalWords(const char16_t* text, int32_t length);

struct ParagraphDirection {
  Direction direction = Direction::kLtr;
  DirectionSource source = DirectionSource::kLanguageFallback;
};

// The base direction of one paragraph under `rule`, for a field whose
// language is written in `language_direction`.
ParagraphDirection DecideParagraphDirection(const char16_t* text, int32_t length,
                                            Direction language_direction, DirectionRule rule);

}  // namespace jisr::text

#endif  // JISR_SERVICES_TEXT_DIRECTION_RULE_H_
