#include "services/text/script_check.h"

#include <array>
#include <cstdint>

#include "services/text/icu_status.h"
#include "services/text/utf.h"
#include "unicode/uchar.h"
#include "unicode/utf16.h"

namespace jisr::text {
namespace {

enum LetterClass : uint8_t { kNotLetter, kLatin, kArabic, kOtherScript };

LetterClass Classify(UChar32 c, UScriptCode* script) {
  if ((U_GET_GC_MASK(c) & U_GC_L_MASK) == 0) return kNotLetter;
  UErrorCode status = U_ZERO_ERROR;
  *script = uscript_getScript(c, &status);
  if (U_FAILURE(status)) *script = USCRIPT_UNKNOWN;
  if (*script == USCRIPT_LATIN) return kLatin;
  if (*script == USCRIPT_ARABIC) return kArabic;
  return kOtherScript;
}

// Letter classes of the BMP up to the end of General Punctuation, where
// English and Arabic prose stays, one byte each.
constexpr UChar32 kTableSize = 0x2100;
const std::array<uint8_t, kTableSize>& ClassTable() {
  static const std::array<uint8_t, kTableSize> table = [] {
    std::array<uint8_t, kTableSize> t{};
    for (UChar32 c = 0; c < kTableSize; ++c) {
      UScriptCode script = USCRIPT_COMMON;
      t[c] = U_IS_SURROGATE(c) ? kNotLetter : Classify(c, &script);
    }
    return t;
  }();
  return table;
}

// Counts are summed as three 16-bit fields of one word (Latin, Arabic,
// other-script letters), flushed well before a field could overflow.
constexpr uint64_t kDeltas[4] = {0, 1, uint64_t{1} << 16, uint64_t{1} << 32};
constexpr int32_t kFlushEvery = 0x4000;

struct Counts {
  int32_t latin = 0;
  int32_t arabic = 0;
  int32_t other = 0;
  int32_t expected = 0;  // kept only when the expected script is another one

  void Add(uint64_t packed) {
    latin += static_cast<int32_t>(packed & 0xFFFF);
    arabic += static_cast<int32_t>((packed >> 16) & 0xFFFF);
    other += static_cast<int32_t>((packed >> 32) & 0xFFFF);
  }
  void Add(const Counts& more) {
    latin += more.latin;
    arabic += more.arabic;
    other += more.other;
    expected += more.expected;
  }
};

// The class of the code point at text[*i], advancing *i past it.
inline LetterClass Next(const char16_t* text, int32_t length, int32_t* i, UChar32* c,
                        UScriptCode* script) {
  *c = text[(*i)++];
  if (*c < kTableSize && *script == USCRIPT_INVALID_CODE) {
    return static_cast<LetterClass>(ClassTable()[*c]);
  }
  if (U16_IS_LEAD(*c) && *i < length && U16_IS_TRAIL(text[*i])) {
    *c = U16_GET_SUPPLEMENTARY(*c, text[*i]);
    ++*i;
  }
  *script = USCRIPT_COMMON;
  return Classify(*c, script);
}

// The common case: Latin or Arabic expected, and no "@" or "/" in the text,
// so no token can be an address: one table lookup and one addition per
// character, without a data-dependent branch. Returns false (counting
// nothing) when the text has "@" or "/".
bool CountWithoutAddresses(const char16_t* text, int32_t length, Counts* total) {
  const auto& classes = ClassTable();
  uint64_t packed = 0;
  int address_punctuation = 0;
  int32_t since_flush = 0;
  int32_t i = 0;
  while (i < length) {
    const char16_t unit = text[i];
    if (unit < kTableSize) {
      ++i;
      packed += kDeltas[classes[unit]];
      address_punctuation |= (unit == '@') | (unit == '/');
    } else {
      UChar32 c;
      UScriptCode script = USCRIPT_COMMON;
      packed += kDeltas[Next(text, length, &i, &c, &script)];
    }
    if (++since_flush == kFlushEvery) {
      total->Add(packed);
      packed = 0;
      since_flush = 0;
    }
  }
  if (address_punctuation) return false;
  total->Add(packed);
  return true;
}

// Counts letters per whitespace-separated token, leaving out tokens that
// are URLs or e-mail addresses (they contain "://" or "@").
Counts CountByToken(const char16_t* text, int32_t length, UScriptCode expected_script) {
  const bool track_expected = expected_script != USCRIPT_LATIN &&
                              expected_script != USCRIPT_ARABIC &&
                              expected_script != USCRIPT_INVALID_CODE;
  Counts total;
  Counts token;
  bool address = false;
  int address_state = 0;  // 1 after ":", 2 after ":/"
  int32_t i = 0;
  while (i < length) {
    UChar32 c;
    UScriptCode script = track_expected ? USCRIPT_COMMON : USCRIPT_INVALID_CODE;
    const LetterClass letter_class = Next(text, length, &i, &c, &script);
    if (u_isUWhiteSpace(c)) {
      if (!address) total.Add(token);
      token = Counts();
      address = false;
      address_state = 0;
      continue;
    }
    if (c == '@' || (c == '/' && address_state == 2)) address = true;
    address_state = c == ':' ? 1 : (c == '/' && address_state == 1) ? 2 : 0;
    token.latin += letter_class == kLatin;
    token.arabic += letter_class == kArabic;
    token.other += letter_class == kOtherScript;
    token.expected += letter_class != kNotLetter && script == expected_script;
  }
  if (!address) total.Add(token);
  return total;
}

}  // namespace

namespace internal {

ScriptCheck CheckScriptUtf16(const icu::UnicodeString& text, const LanguageInfo& language) {
  const UScriptCode expected_script = language.expected_script;
  const bool latin_or_arabic =
      expected_script == USCRIPT_LATIN || expected_script == USCRIPT_ARABIC;
  const char16_t* buffer = text.getBuffer();
  const int32_t length = text.length();
  Counts total;
  if (!latin_or_arabic || !CountWithoutAddresses(buffer, length, &total)) {
    total = CountByToken(buffer, length, expected_script);
  }

  ScriptCheck check;
  check.expected_script = expected_script;
  check.counts.latin_letters = total.latin;
  check.counts.arabic_letters = total.arabic;
  check.counts.other_letters = total.other;
  check.expected_script_letters = expected_script == USCRIPT_LATIN    ? total.latin
                                  : expected_script == USCRIPT_ARABIC ? total.arabic
                                                                      : total.expected;
  const int32_t letters = check.counts.total();
  check.wrong_script = expected_script != USCRIPT_INVALID_CODE &&
                       letters >= kMinLettersForScriptCheck &&
                       2 * (letters - check.expected_script_letters) > letters;
  return check;
}

}  // namespace internal

absl::StatusOr<ScriptCheck> CheckScript(absl::string_view utf8, absl::string_view language) {
  JISR_TEXT_ASSIGN_OR_RETURN(const LanguageInfo info, GetLanguageInfo(language));
  icu::UnicodeString text;
  JISR_TEXT_RETURN_IF_ERROR(DecodeUtf8(utf8, &text));
  return internal::CheckScriptUtf16(text, info);
}

}  // namespace jisr::text
