#ifndef JISR_SERVICES_TEXT_WORD_COUNT_H_
#define JISR_SERVICES_TEXT_WORD_COUNT_H_

// Word count and reading time.
//
// Words are the word-like segments of ICU's word BreakIterator for the
// language (UAX #29 word boundaries with CLDR tailoring): segments whose rule
// status is a letter, number, kana or ideograph word, so punctuation and
// spaces never count, "don't" and "co-operation" are one and two words, and
// "150" is a word. Arabic clitics written joined ("وبالحقوق") are one word,
// as they are for a reader.
//
// English and Arabic text made only of characters whose UAX #29 word-break
// behaviour ICU's root rules take from the Unicode data unchanged (letters,
// digits, combining marks, spaces, the punctuation of English and Arabic
// prose) is counted by a direct implementation of those rules (WB4-WB12),
// several times faster than driving the BreakIterator. Where ICU's root rules
// depart from the Unicode data it follows ICU (":" does not join letters, "@"
// is a letter), and its results are tested equal to ICU's for every character
// it handles. Anything else - other languages,
// which may tailor the rules, CJK, Thai, Hebrew, emoji, "_", format
// characters - goes to the BreakIterator.
//
// Reading time uses the language's words per minute (language.h: English
// 230, Arabic 180, others 200) and is rounded up: to whole seconds, and to
// whole minutes (so at least 1 when there is a word) for display.

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "services/text/language.h"
#include "unicode/brkiter.h"
#include "unicode/unistr.h"

namespace jisr::text {

struct WordCount {
  int32_t words = 0;
  int32_t reading_time_seconds = 0;
  int32_t reading_time_minutes = 0;
};

absl::StatusOr<WordCount> CountWords(absl::string_view utf8, absl::string_view language);

// For totals over many fields (an article): words at `words_per_minute`.
int32_t ReadingTimeSeconds(int64_t words, int32_t words_per_minute);
int32_t ReadingTimeMinutes(int64_t words, int32_t words_per_minute);

namespace internal {

absl::StatusOr<int32_t> CountWordsUtf16(const icu::UnicodeString& text,
                                        const LanguageInfo& language);

// The two ways CountWordsUtf16 counts, for tests: the direct implementation
// (nullopt when the text has a character it does not model) and ICU's word
// BreakIterator for `language`.
absl::optional<int32_t> CountWordsDirect(const char16_t* text, int32_t length);
absl::StatusOr<int32_t> CountWordsWithBreakIterator(const icu::UnicodeString& text,
                                                    absl::string_view language);

// A word BreakIterator for `language` owned by the calling thread (break
// iterators keep per-text state, so they are not shared between threads).
absl::StatusOr<icu::BreakIterator*> ThreadWordBreaker(absl::string_view language);
// A grapheme cluster BreakIterator owned by the calling thread.
absl::StatusOr<icu::BreakIterator*> ThreadCharacterBreaker();

}  // namespace internal
}  // namespace jisr::text

#endif  // JISR_SERVICES_TEXT_WORD_COUNT_H_
