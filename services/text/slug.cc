#include "services/text/slug.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/text/icu_status.h"
#include "services/text/language.h"
#include "services/text/normalize.h"
#include "services/text/utf.h"
#include "unicode/locid.h"
#include "unicode/normalizer2.h"
#include "unicode/translit.h"
#include "unicode/uchar.h"
#include "unicode/utf16.h"

namespace jisr::text {
namespace {

// The two transliterator chains slugs use.
enum class Chain {
  // Everything to Latin, then to ASCII; what is left that is not ASCII goes.
  kToLatinAscii,
  // Only Latin letters are folded (native slugs keep other scripts).
  kLatinToAscii,
};

const char* ChainId(Chain chain) {
  return chain == Chain::kToLatinAscii ? "Any-Latin; Latin-ASCII; [:^ASCII:] Remove"
                                       : "Latin-ASCII";
}

// Building a transliterator compiles rules (milliseconds), so each ID is
// built once per process; transliterate() is not used concurrently on one
// instance, so each thread clones the prototype once (clone() is const and
// safe to call concurrently).
absl::StatusOr<const icu::Transliterator*> Prototype(Chain chain) {
  struct Built {
    std::unique_ptr<icu::Transliterator> transliterator;
    UErrorCode status = U_ZERO_ERROR;
  };
  auto build = [](Chain chain) {
    Built built;
    built.transliterator.reset(icu::Transliterator::createInstance(
        icu::UnicodeString::fromUTF8(ChainId(chain)), UTRANS_FORWARD, built.status));
    return built;
  };
  static const Built* const to_latin_ascii = new Built(build(Chain::kToLatinAscii));
  static const Built* const latin_to_ascii = new Built(build(Chain::kLatinToAscii));
  const Built* built = chain == Chain::kToLatinAscii ? to_latin_ascii : latin_to_ascii;
  if (U_FAILURE(built->status) || built->transliterator == nullptr) {
    return internal::IcuError(built->status,
                              absl::StrCat("Transliterator \"", ChainId(chain), "\""));
  }
  return built->transliterator.get();
}

absl::StatusOr<icu::Transliterator*> ThreadTransliterator(Chain chain) {
  thread_local std::unique_ptr<icu::Transliterator> to_latin_ascii;
  thread_local std::unique_ptr<icu::Transliterator> latin_to_ascii;
  std::unique_ptr<icu::Transliterator>& slot =
      chain == Chain::kToLatinAscii ? to_latin_ascii : latin_to_ascii;
  if (slot == nullptr) {
    JISR_TEXT_ASSIGN_OR_RETURN(const icu::Transliterator* prototype, Prototype(chain));
    slot.reset(prototype->clone());
    if (slot == nullptr) return absl::ResourceExhaustedError("clone failed");
  }
  return slot.get();
}

bool IsApostrophe(UChar32 c) { return c == '\'' || c == 0x2019; }

// NFC; Arabic harakat, superscript alef and tatweel removed; Arabic-Indic
// digits to ASCII.
absl::StatusOr<icu::UnicodeString> Prepare(absl::string_view utf8) {
  icu::UnicodeString decoded;
  JISR_TEXT_RETURN_IF_ERROR(DecodeUtf8(utf8, &decoded));
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  JISR_TEXT_RETURN_IF_ERROR(internal::IcuStatus(status, "NFC instance"));
  icu::UnicodeString composed;
  JISR_TEXT_ASSIGN_OR_RETURN(const bool changed,
                             internal::NormalizeTracked(*nfc, decoded, &composed, nullptr));
  const icu::UnicodeString& text = changed ? composed : decoded;
  icu::UnicodeString prepared;
  prepared.getBuffer(text.length());  // reserve
  prepared.releaseBuffer(0);
  for (int32_t i = 0; i < text.length(); ++i) {
    const char16_t c = text.charAt(i);
    if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640) continue;
    if (c >= 0x0660 && c <= 0x0669) {
      prepared.append(static_cast<char16_t>('0' + c - 0x0660));
    } else if (c >= 0x06F0 && c <= 0x06F9) {
      prepared.append(static_cast<char16_t>('0' + c - 0x06F0));
    } else {
      prepared.append(c);
    }
  }
  return prepared;
}

// Splits into words of letters, marks and digits (apostrophes dropped) and
// joins them with "-", within max_chars code points.
std::string JoinWords(const icu::UnicodeString& text, int32_t max_chars) {
  std::vector<icu::UnicodeString> words(1);
  const int32_t length = text.length();
  int32_t i = 0;
  while (i < length) {
    UChar32 c;
    U16_NEXT(text.getBuffer(), i, length, c);
    const uint32_t mask = U_GET_GC_MASK(c);
    if (mask & (U_GC_L_MASK | U_GC_ND_MASK)) {
      words.back().append(c);
    } else if ((mask & U_GC_M_MASK) && !words.back().isEmpty()) {
      words.back().append(c);
    } else if (IsApostrophe(c)) {
      continue;
    } else if (!words.back().isEmpty()) {
      words.emplace_back();
    }
  }
  icu::UnicodeString slug;
  int32_t slug_chars = 0;
  for (const icu::UnicodeString& word : words) {
    if (word.isEmpty()) continue;
    const int32_t word_chars = word.countChar32();
    const int32_t needed = word_chars + (slug_chars > 0 ? 1 : 0);
    if (slug_chars + needed <= max_chars) {
      if (slug_chars > 0) slug.append(u'-');
      slug.append(word);
      slug_chars += needed;
      continue;
    }
    if (slug_chars == 0) {
      // One word longer than the limit: cut it between characters, not
      // before a combining mark.
      int32_t end = word.moveIndex32(0, max_chars);
      while (end > 0 && (U_GET_GC_MASK(word.char32At(end)) & U_GC_M_MASK) && end < word.length()) {
        end = word.moveIndex32(end, -1);
      }
      slug.append(word, 0, end);
    }
    break;
  }
  return ToUtf8(slug);
}

}  // namespace

absl::StatusOr<std::string> Slugify(absl::string_view utf8, absl::string_view language,
                                    SlugScript script, int32_t max_chars) {
  if (max_chars < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("slug length must be at least 1, got ", max_chars));
  }
  JISR_TEXT_ASSIGN_OR_RETURN(const LanguageInfo info, GetLanguageInfo(language));
  JISR_TEXT_ASSIGN_OR_RETURN(icu::UnicodeString text, Prepare(utf8));
  const bool latin = script == SlugScript::kLatin || info.expected_script == USCRIPT_LATIN;
  JISR_TEXT_ASSIGN_OR_RETURN(
      icu::Transliterator * transliterator,
      ThreadTransliterator(latin ? Chain::kToLatinAscii : Chain::kLatinToAscii));
  transliterator->transliterate(text);
  text.toLower(icu::Locale::getRoot());
  std::string slug = JoinWords(text, max_chars);
  if (slug.empty()) slug = std::string(kUntitledSlug);
  return slug;
}

std::string PercentEncodeSlug(absl::string_view slug) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  encoded.reserve(slug.size() * 3);
  for (const char ch : slug) {
    const auto byte = static_cast<unsigned char>(ch);
    const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                            (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' ||
                            byte == '_' || byte == '~';
    if (unreserved) {
      encoded.push_back(ch);
    } else {
      encoded.push_back('%');
      encoded.push_back(kHex[byte >> 4]);
      encoded.push_back(kHex[byte & 0xF]);
    }
  }
  return encoded;
}

}  // namespace jisr::text
