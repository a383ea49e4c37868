#include "services/text/direction_rule.h"

#include "absl/types/optional.h"
#include "services/text/bidi.h"
#include "unicode/uchar.h"
#include "unicode/utf16.h"

namespace jisr::text {
namespace {

char16_t AsciiLower(char16_t c) { return (c >= u'A' && c <= u'Z') ? c + (u'a' - u'A') : c; }

bool StartsWithAscii(const char16_t* text, int32_t length, const char* prefix) {
  int32_t i = 0;
  for (; prefix[i] != '\0'; ++i) {
    if (i >= length || AsciiLower(text[i]) != static_cast<char16_t>(prefix[i])) return false;
  }
  return true;
}

// URLs and e-mail addresses read the same in either direction once isolated, and a caption
// ending in a link is no less Arabic for it. A handle ("@AJArabic") is a name: it counts.
bool IsAddress(const char16_t* word, int32_t length) {
  // Skip opening punctuation: "(https://..." and "«www...".
  int32_t start = 0;
  while (start < length && u_ispunct(word[start]) && word[start] != u'@') ++start;
  const char16_t* text = word + start;
  const int32_t size = length - start;
  if (StartsWithAscii(text, size, "http://") || StartsWithAscii(text, size, "https://") ||
      StartsWithAscii(text, size, "www.")) {
    return true;
  }
  int32_t at = -1;
  for (int32_t i = 0; i < size; ++i) {
    if (text[i] == u'@' && at < 0) at = i;
    if (text[i] == u':' && i + 2 < size && text[i + 1] == u'/' && text[i + 2] == u'/') return true;
    if (text[i] == u'.' && at > 0 && i > at + 1 && i + 1 < size) return true;
  }
  return false;
}

bool IsWordSeparator(UChar32 c) {
  switch (u_charDirection(c)) {
    case U_WHITE_SPACE_NEUTRAL:
    case U_SEGMENT_SEPARATOR:
    case U_BLOCK_SEPARATOR:
      return true;
    default:
      return false;
  }
}

}  // namespace

absl::optional<Direction> StrongDirectionScanner::Next(UChar32 c) {
  switch (u_charDirection(c)) {
    case U_LEFT_TO_RIGHT:
      if (isolate_depth_ == 0) return Direction::kLtr;
      break;
    case U_RIGHT_TO_LEFT:
    case U_RIGHT_TO_LEFT_ARABIC:
      if (isolate_depth_ == 0) return Direction::kRtl;
      break;
    case U_LEFT_TO_RIGHT_ISOLATE:
    case U_RIGHT_TO_LEFT_ISOLATE:
    case U_FIRST_STRONG_ISOLATE:
      ++isolate_depth_;
      break;
    case U_POP_DIRECTIONAL_ISOLATE:
      if (isolate_depth_ > 0) --isolate_depth_;
      break;
    default:
      break;
  }
  return absl::nullopt;
}

DirectionalWords CountDirectionalWords(const char16_t* text, int32_t length) {
  DirectionalWords words;
  StrongDirectionScanner scanner;  // isolates may span words
  int32_t i = 0;
  while (i < length) {
    UChar32 c;
    int32_t next = i;
    U16_NEXT(text, next, length, c);
    if (IsWordSeparator(c)) {
      i = next;
      continue;
    }
    // A word: [start, i).
    const int32_t start = i;
    absl::optional<Direction> direction;
    while (i < length) {
      next = i;
      U16_NEXT(text, next, length, c);
      if (IsWordSeparator(c)) break;
      const absl::optional<Direction> strong = scanner.Next(c);
      if (strong && !direction) direction = strong;
      i = next;
    }
    if (!direction || IsAddress(text + start, i - start)) continue;
    ++(*direction == Direction::kRtl ? words.rtl : words.ltr);
  }
  return words;
}

ParagraphDirection DecideParagraphDirection(const char16_t* text, int32_t length,
                                            Direction language_direction, DirectionRule rule) {
  ParagraphDirection decided;
  decided.direction = language_direction;
  decided.source = DirectionSource::kLanguageFallback;
  if (rule == DirectionRule::kFirstStrong) {
    if (const absl::optional<Direction> strong = FirstStrongDirection(text, length)) {
      decided.direction = *strong;
      decided.source = DirectionSource::kFirstStrongCharacter;
    }
    return decided;
  }
  const DirectionalWords words = CountDirectionalWords(text, length);
  const int64_t counted = int64_t{words.ltr} + words.rtl;
  if (counted == 0) return decided;
  const int64_t in_language = language_direction == Direction::kRtl ? words.rtl : words.ltr;
  if (in_language * 100 >= counted * kLanguageWordsMinPercent) {
    decided.source = DirectionSource::kLanguageConfirmedByWords;
  } else {
    decided.direction = OppositeDirection(language_direction);
    decided.source = DirectionSource::kOtherDirectionByWords;
  }
  return decided;
}

}  // namespace jisr::text
