#include "services/text/word_count.h"

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "services/text/icu_status.h"
#include "services/text/utf.h"
#include "unicode/locid.h"
#include "unicode/ubrk.h"
#include "unicode/uchar.h"
#include "unicode/uscript.h"

namespace jisr::text {

int32_t ReadingTimeSeconds(int64_t words, int32_t words_per_minute) {
  if (words <= 0 || words_per_minute <= 0) return 0;
  return static_cast<int32_t>((words * 60 + words_per_minute - 1) / words_per_minute);
}

int32_t ReadingTimeMinutes(int64_t words, int32_t words_per_minute) {
  if (words <= 0 || words_per_minute <= 0) return 0;
  return static_cast<int32_t>((words + words_per_minute - 1) / words_per_minute);
}

namespace internal {
namespace {

// Word_Break classes of the direct counter; kIneligible for a character it
// does not model.
enum class WordClass : uint8_t {
  kIneligible,
  kOther,  // Other, CR, LF, Newline, WSegSpace, Double_Quote (no Hebrew)
  kLetter,
  kNumeric,
  kMidLetter,
  kMidNumLet,
  kMidNum,
  kSingleQuote,
  kExtend,
};

WordClass ClassifyForWords(UChar32 c) {
  if (U_IS_SURROGATE(c)) return WordClass::kIneligible;
  // Characters ICU's rules treat beyond their Word_Break value: emoji
  // sequences, dictionary-segmented scripts, CJK.
  if (u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) ||
      u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC) ||
      u_getIntPropertyValue(c, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT) {
    return WordClass::kIneligible;
  }
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(c, &status)) {
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_HANGUL:
      return WordClass::kIneligible;
    default:
      break;
  }
  // ICU's root rules differ from the Unicode data in two places: the colons
  // are not MidLetter ("a:b" is two words, as CLDR has it except in Swedish
  // and Finnish), and "@" is a letter (e-mail addresses and handles stay one
  // word).
  if (c == 0x003A || c == 0xFE55 || c == 0xFF1A) return WordClass::kOther;
  if (c == 0x0040) return WordClass::kLetter;
  switch (u_getIntPropertyValue(c, UCHAR_WORD_BREAK)) {
    case U_WB_ALETTER:
      return WordClass::kLetter;
    case U_WB_NUMERIC:
      return WordClass::kNumeric;
    case U_WB_MIDLETTER:
      return WordClass::kMidLetter;
    case U_WB_MIDNUMLET:
      return WordClass::kMidNumLet;
    case U_WB_MIDNUM:
      return WordClass::kMidNum;
    case U_WB_SINGLE_QUOTE:
      return WordClass::kSingleQuote;
    case U_WB_EXTEND:
      return WordClass::kExtend;
    case U_WB_OTHER:
    case U_WB_CR:
    case U_WB_LF:
    case U_WB_NEWLINE:
    case U_WB_WSEGSPACE:
    case U_WB_DOUBLE_QUOTE:
      return WordClass::kOther;
    default:
      return WordClass::kIneligible;
  }
}

// Classes of every BMP code unit, built once.
const WordClass* WordClasses() {
  static const WordClass* const classes = [] {
    auto* table = new WordClass[0x10000];
    for (UChar32 c = 0; c < 0x10000; ++c) table[c] = ClassifyForWords(c);
    return table;
  }();
  return classes;
}

constexpr int kWordClasses = 9;

// starts_word[b][p][x]: whether a character of class x, after p and before
// that b, begins a new word: x is a letter or digit, and no rule joins it to
// p (WB5 letter-letter, WB8-WB10 letters and digits), nor through a middle
// character p to b (WB6/WB7 letter Mid* letter, WB11/WB12 digit Mid* digit).
struct JoinTable {
  uint8_t starts_word[kWordClasses][kWordClasses][kWordClasses];
};

const JoinTable& Joins() {
  static const JoinTable table = [] {
    JoinTable t{};
    auto alphanumeric = [](WordClass c) {
      return c == WordClass::kLetter || c == WordClass::kNumeric;
    };
    for (int b = 0; b < kWordClasses; ++b) {
      for (int p = 0; p < kWordClasses; ++p) {
        for (int x = 0; x < kWordClasses; ++x) {
          const auto before = static_cast<WordClass>(b);
          const auto previous = static_cast<WordClass>(p);
          const auto current = static_cast<WordClass>(x);
          const bool letter_mid = previous == WordClass::kMidLetter ||
                                  previous == WordClass::kMidNumLet ||
                                  previous == WordClass::kSingleQuote;
          const bool number_mid = previous == WordClass::kMidNum ||
                                  previous == WordClass::kMidNumLet ||
                                  previous == WordClass::kSingleQuote;
          const bool joined =
              alphanumeric(previous) ||
              (current == WordClass::kLetter && before == WordClass::kLetter && letter_mid) ||
              (current == WordClass::kNumeric && before == WordClass::kNumeric && number_mid);
          t.starts_word[b][p][x] = alphanumeric(current) && !joined;
        }
      }
    }
    return t;
  }();
  return table;
}

}  // namespace

absl::StatusOr<icu::BreakIterator*> ThreadWordBreaker(absl::string_view language) {
  thread_local absl::flat_hash_map<std::string, std::unique_ptr<icu::BreakIterator>> breakers;
  auto it = breakers.find(language);
  if (it != breakers.end()) return it->second.get();
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> breaker(
      icu::BreakIterator::createWordInstance(icu::Locale(std::string(language).c_str()), status));
  JISR_TEXT_RETURN_IF_ERROR(IcuStatus(status, "createWordInstance"));
  icu::BreakIterator* raw = breaker.get();
  breakers.emplace(std::string(language), std::move(breaker));
  return raw;
}

absl::StatusOr<icu::BreakIterator*> ThreadCharacterBreaker() {
  thread_local std::unique_ptr<icu::BreakIterator> breaker;
  if (breaker == nullptr) {
    UErrorCode status = U_ZERO_ERROR;
    breaker.reset(icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) {
      breaker.reset();
      return IcuError(status, "createCharacterInstance");
    }
  }
  return breaker.get();
}

absl::StatusOr<int32_t> CountWordsWithBreakIterator(const icu::UnicodeString& text,
                                                    absl::string_view language) {
  JISR_TEXT_ASSIGN_OR_RETURN(icu::BreakIterator * breaker, ThreadWordBreaker(language));
  breaker->setText(text);
  int32_t words = 0;
  breaker->first();
  for (int32_t end = breaker->next(); end != icu::BreakIterator::DONE; end = breaker->next()) {
    if (breaker->getRuleStatus() >= UBRK_WORD_NONE_LIMIT) ++words;
  }
  // The breaker outlives the call: leave it pointing at a string that lives
  // as long, not at the caller's.
  static const icu::UnicodeString* const kEmpty = new icu::UnicodeString();
  breaker->setText(*kEmpty);
  return words;
}

absl::optional<int32_t> CountWordsDirect(const char16_t* text, int32_t length) {
  const WordClass* classes = WordClasses();
  const JoinTable& joins = Joins();
  int32_t words = 0;
  // The last two classes seen, marks skipped (WB4). The start of the text
  // behaves as Other.
  WordClass previous = WordClass::kOther;
  WordClass before_previous = WordClass::kOther;
  for (int32_t i = 0; i < length; ++i) {
    const WordClass x = classes[text[i]];  // surrogates are ineligible
    if (x == WordClass::kIneligible) return absl::nullopt;
    if (x == WordClass::kExtend) continue;
    // A letter or digit starts a word unless WB5-WB12 join it to what is
    // before it; counted without a branch per character.
    words += joins.starts_word[static_cast<int>(before_previous)][static_cast<int>(previous)]
                              [static_cast<int>(x)];
    before_previous = previous;
    previous = x;
  }
  return words;
}

absl::StatusOr<int32_t> CountWordsUtf16(const icu::UnicodeString& text,
                                        const LanguageInfo& language) {
  // The direct count models ICU's root word rules, which English and Arabic
  // use untailored.
  if (language.language == "en" || language.language == "ar") {
    if (const absl::optional<int32_t> words = CountWordsDirect(text.getBuffer(), text.length())) {
      return *words;
    }
  }
  return CountWordsWithBreakIterator(text, language.language);
}

}  // namespace internal

absl::StatusOr<WordCount> CountWords(absl::string_view utf8, absl::string_view language) {
  JISR_TEXT_ASSIGN_OR_RETURN(const LanguageInfo info, GetLanguageInfo(language));
  icu::UnicodeString text;
  JISR_TEXT_RETURN_IF_ERROR(DecodeUtf8(utf8, &text));
  WordCount count;
  JISR_TEXT_ASSIGN_OR_RETURN(count.words, internal::CountWordsUtf16(text, info));
  count.reading_time_seconds = ReadingTimeSeconds(count.words, info.words_per_minute);
  count.reading_time_minutes = ReadingTimeMinutes(count.words, info.words_per_minute);
  return count;
}

}  // namespace jisr::text
