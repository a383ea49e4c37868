#include "services/text/language.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "unicode/locid.h"
#include "unicode/uchar.h"

namespace jisr::text {
namespace {

absl::StatusOr<LanguageInfo> ComputeLanguageInfo(absl::string_view tag) {
  if (tag.empty()) {
    return absl::InvalidArgumentError("language tag is empty");
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale = icu::Locale::forLanguageTag(
      icu::StringPiece(tag.data(), static_cast<int32_t>(tag.size())), status);
  if (U_FAILURE(status) || locale.isBogus() || locale.getLanguage()[0] == 0) {
    return absl::InvalidArgumentError(absl::StrCat("ill-formed BCP 47 language tag \"", tag, "\""));
  }
  LanguageInfo info;
  info.language = locale.getLanguage();
  info.direction = locale.isRightToLeft() ? Direction::kRtl : Direction::kLtr;

  icu::Locale maximized = locale;
  UErrorCode likely_status = U_ZERO_ERROR;
  maximized.addLikelySubtags(likely_status);
  const char* script = maximized.getScript();
  if (U_SUCCESS(likely_status) && script[0] != 0) {
    const int32_t code = u_getPropertyValueEnum(UCHAR_SCRIPT, script);
    if (code != UCHAR_INVALID_CODE) {
      info.expected_script = static_cast<UScriptCode>(code);
    }
  }

  if (info.language == "en") {
    info.words_per_minute = kEnglishWordsPerMinute;
  } else if (info.language == "ar") {
    info.words_per_minute = kArabicWordsPerMinute;
  }
  return info;
}

}  // namespace

absl::StatusOr<LanguageInfo> GetLanguageInfo(absl::string_view bcp47_tag) {
  // One entry per thread: a request analyses many fields of one variant.
  thread_local std::string cached_tag;
  thread_local absl::StatusOr<LanguageInfo> cached_info =
      absl::InvalidArgumentError("language tag is empty");
  if (cached_tag != bcp47_tag || cached_tag.empty()) {
    cached_info = ComputeLanguageInfo(bcp47_tag);
    cached_tag = std::string(bcp47_tag);
  }
  return cached_info;
}

}  // namespace jisr::text
