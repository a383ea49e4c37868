#include "services/text/search_key.h"

#include <array>
#include <bitset>
#include <memory>
#include <string>

#include "services/text/icu_status.h"
#include "services/text/utf.h"
#include "unicode/normalizer2.h"
#include "unicode/uchar.h"
#include "unicode/uscript.h"
#include "unicode/utf16.h"
#include "unicode/utf8.h"

namespace jisr::text {
namespace {

const icu::Normalizer2* NfkcCasefold(UErrorCode* status) {
  return icu::Normalizer2::getNFKCCasefoldInstance(*status);
}

inline bool IsHaraka(UChar32 c) { return (c >= 0x064B && c <= 0x065F) || c == 0x0670; }

// Step 2 for one code point: the replacement, or -1 to drop it.
inline UChar32 FoldArabic(UChar32 c) {
  if (IsHaraka(c) || c == 0x0640) return -1;
  switch (c) {
    case 0x0622:
    case 0x0623:
    case 0x0625:
    case 0x0671:
      return 0x0627;
    case 0x0649:
    case 0x06CC:
      return 0x064A;
    case 0x0629:
      return 0x0647;
    case 0x06A9:
      return 0x0643;
    default:
      break;
  }
  if (c >= 0x0660 && c <= 0x0669) return '0' + (c - 0x0660);
  if (c >= 0x06F0 && c <= 0x06F9) return '0' + (c - 0x06F0);
  return c;
}

bool IsLatinLetter(UChar32 c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  UErrorCode status = U_ZERO_ERROR;
  return (U_GET_GC_MASK(c) & U_GC_L_MASK) && uscript_getScript(c, &status) == USCRIPT_LATIN;
}

// What steps 2-4 do with a BMP code unit: the unit to write, or one of
// these (surrogate values, which are never written as such).
// Whitespace becomes ' '.
constexpr char16_t kDrop = 0xD800;  // removed (harakat, tatweel)
constexpr char16_t kLook = 0xD801;  // decided in context (marks, surrogates)

// Tables built once from ICU data.
struct Tables {
  // BMP code points that NFKC_Casefold leaves alone whatever surrounds them
  // (boundary before, maps to itself), plus ASCII (only lowercased) and the
  // harakat that step 2 removes anyway. A text of only these skips step 1.
  std::bitset<0x10000> fast;
  // Steps 2-4 for every BMP code unit.
  std::array<char16_t, 0x10000> fold{};
};

const Tables* BuildTables() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* casefold = NfkcCasefold(&status);
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) return nullptr;
  auto tables = std::make_unique<Tables>();
  icu::UnicodeString single;
  icu::UnicodeString folded;
  icu::UnicodeString decomposition;
  for (UChar32 c = 0; c < 0x10000; ++c) {
    // Step 1's fast set.
    if (U_IS_SURROGATE(c)) {
      tables->fold[c] = kLook;
      continue;
    }
    if (c < 0x80 || (IsHaraka(c) && (c < 0x0653 || c > 0x0655))) {
      // 0653-0655 compose with the letter before them; other harakat never
      // do, and are dropped.
      tables->fast.set(c);
    } else if (casefold->hasBoundaryBefore(c)) {
      if (casefold->isInert(c)) {
        tables->fast.set(c);
      } else {
        single.setTo(c);
        folded.remove();
        casefold->normalize(single, folded, status);
        if (U_FAILURE(status)) return nullptr;
        if (folded == single) tables->fast.set(c);
      }
    }
    // Steps 2-4.
    char16_t result = static_cast<char16_t>(c);
    if (c < 0x80) {
      if (c == ' ' || (c >= 0x09 && c <= 0x0D)) result = ' ';
      if (c >= 'A' && c <= 'Z') result = static_cast<char16_t>(c + 'a' - 'A');
    } else if (c >= 0x0600 && c <= 0x06FF) {
      const UChar32 arabic = FoldArabic(c);
      result = arabic < 0 ? kDrop : static_cast<char16_t>(arabic);
    } else if (u_isUWhiteSpace(c)) {
      result = ' ';
    } else if (u_charType(c) == U_NON_SPACING_MARK) {
      result = kLook;
    } else if (IsLatinLetter(c) && nfd->getDecomposition(c, decomposition)) {
      icu::UnicodeString base;
      for (int32_t i = 0; i < decomposition.length(); ++i) {
        const char16_t unit = decomposition.charAt(i);
        if (u_charType(unit) != U_NON_SPACING_MARK) base.append(unit);
      }
      if (base.length() == 1) result = base.charAt(0);
    }
    tables->fold[c] = result;
  }
  return tables.release();
}

const Tables* GetTables() {
  static const Tables* const tables = BuildTables();
  return tables;
}

// Steps 2-4 over text that step 1 has already folded, or, with
// `unfolded_input`, over text that step 1 would not change apart from
// lowercasing ASCII: then it returns false, having written nothing, as soon
// as it meets a character outside Tables::fast. Writes UTF-8 straight into
// the key's buffer: no character of the result takes more UTF-8 bytes than
// three per UTF-16 unit it came from.
bool FoldTo(const char16_t* text, int32_t length, const Tables& tables, bool unfolded_input,
            std::string* key) {
  const size_t key_start = key->size();
  key->resize(key_start + static_cast<size_t>(length) * 3 + 1);
  auto* out = reinterpret_cast<uint8_t*>(key->data());
  int32_t written = static_cast<int32_t>(key_start);
  // Whitespace collapses to one space, and none leads.
  bool after_space = true;
  for (int32_t i = 0; i < length; ++i) {
    const char16_t unit = text[i];
    if (unfolded_input && !tables.fast[unit]) {  // surrogates are never fast
      key->resize(key_start);
      return false;
    }
    const char16_t folded = tables.fold[unit];
    if (folded < 0x800) {
      // One or two UTF-8 bytes (Latin, Arabic, space), written without a
      // branch on the data: both bytes are stored, the length decides.
      const bool two_bytes = folded >= 0x80;
      const bool space = folded == ' ';
      out[written] = static_cast<uint8_t>(two_bytes ? 0xC0 | (folded >> 6) : folded);
      out[written + 1] = static_cast<uint8_t>(0x80 | (folded & 0x3F));
      written += (space && after_space) ? 0 : 1 + two_bytes;
      after_space = space;
      continue;
    }
    if (folded == kDrop) continue;
    UChar32 c = folded;
    if (folded == kLook) {
      c = unit;
      if (U16_IS_LEAD(unit) && i + 1 < length && U16_IS_TRAIL(text[i + 1])) {
        c = U16_GET_SUPPLEMENTARY(unit, text[i + 1]);
        ++i;
      }
      if (u_charType(c) == U_NON_SPACING_MARK && written > static_cast<int32_t>(key_start) &&
          !after_space) {
        // A mark on a Latin letter that has no precomposed form goes.
        UChar32 last;
        int32_t before = written;
        U8_PREV(out, static_cast<int32_t>(key_start), before, last);
        if (IsLatinLetter(last)) continue;
      }
    }
    U8_APPEND_UNSAFE(out, written, c);
    after_space = false;
  }
  if (written > static_cast<int32_t>(key_start) && out[written - 1] == ' ') {
    --written;
  }
  key->resize(written);
  return true;
}

}  // namespace

namespace internal {

absl::Status AppendSearchKey(const icu::UnicodeString& text, std::string* key) {
  const Tables* tables = GetTables();
  if (tables == nullptr) {
    return absl::InternalError("cannot load ICU normalization data");
  }
  if (FoldTo(text.getBuffer(), text.length(), *tables,
             /*unfolded_input=*/true, key)) {
    return absl::OkStatus();
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* casefold = NfkcCasefold(&status);
  icu::UnicodeString folded;
  if (U_SUCCESS(status)) casefold->normalize(text, folded, status);
  JISR_TEXT_RETURN_IF_ERROR(IcuStatus(status, "NFKC_Casefold"));
  FoldTo(folded.getBuffer(), folded.length(), *tables,
         /*unfolded_input=*/false, key);
  return absl::OkStatus();
}

}  // namespace internal

absl::StatusOr<std::string> SearchKey(absl::string_view utf8) {
  icu::UnicodeString text;
  JISR_TEXT_RETURN_IF_ERROR(DecodeUtf8(utf8, &text));
  std::string key;
  JISR_TEXT_RETURN_IF_ERROR(internal::AppendSearchKey(text, &key));
  return key;
}

}  // namespace jisr::text
