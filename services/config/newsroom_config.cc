#include "services/config/newsroom_config.h"

#include <unicode/locid.h>
#include <unicode/timezone.h>
#include <unicode/uloc.h>
#include <unicode/unistr.h>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace jisr::config {
namespace {

std::string ToUtf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

bool IsKnownTimeZone(absl::string_view zone) {
  std::unique_ptr<icu::TimeZone> tz(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(
      icu::StringPiece(zone.data(), static_cast<int32_t>(zone.size())))));
  return tz != nullptr && *tz != icu::TimeZone::getUnknown();
}

// A BCP 47 language tag of the plain forms newsrooms use: "en", "ar", "fr-CA", "zh-Hant".
bool LooksLikeLanguageTag(absl::string_view code) {
  std::vector<absl::string_view> parts = absl::StrSplit(code, '-');
  if (parts.empty() || parts[0].size() < 2 || parts[0].size() > 3) return false;
  for (absl::string_view part : parts) {
    if (part.empty() || part.size() > 8) return false;
    for (char c : part) {
      if (!absl::ascii_isalnum(c)) return false;
    }
  }
  for (char c : parts[0]) {
    if (!absl::ascii_islower(c)) return false;
  }
  return true;
}

}  // namespace

const jisr::v1::Language* NewsroomConfig::FindLanguage(absl::string_view code) const {
  for (const auto& language : languages) {
    if (language.code() == code) return &language;
  }
  return nullptr;
}

text::DateStyle NewsroomConfig::DateStyleFor(absl::string_view code) const {
  text::DateStyle style = text::NewsroomDateStyle(code);
  if (const jisr::v1::Language* language = FindLanguage(code)) {
    if (!language->date_locale().empty()) style.locale = language->date_locale();
    if (!language->time_zone().empty()) style.time_zone = language->time_zone();
  }
  for (const auto& [language, digits_and_calendar] : dateline_overrides) {
    if (language != code) continue;
    style.numbering = digits_and_calendar.first;
    if (!digits_and_calendar.second.empty()) style.calendar = digits_and_calendar.second;
  }
  return style;
}

absl::Status ParseDatelineStyles(absl::string_view flag, NewsroomConfig& config) {
  for (absl::string_view entry : absl::StrSplit(flag, ',', absl::SkipWhitespace())) {
    std::vector<std::string> parts = absl::StrSplit(absl::StripAsciiWhitespace(entry), ':');
    if (parts.size() < 2 || parts.size() > 3 || config.FindLanguage(parts[0]) == nullptr ||
        (parts[1] != "latn" && parts[1] != "arab") ||
        (parts.size() == 3 && parts[2] != "gregorian" && parts[2] != "islamic-umalqura")) {
      return absl::InvalidArgumentError(
          absl::StrCat("--dateline_styles: \"", entry,
                       "\" is not code:numbering[:calendar] with a "
                       "configured language, numbering latn or arab, calendar gregorian or "
                       "islamic-umalqura (e.g. ar:arab)"));
    }
    config.dateline_overrides.push_back(
        {parts[0], {parts[1], parts.size() == 3 ? parts[2] : std::string()}});
  }
  return absl::OkStatus();
}

absl::StatusOr<NewsroomConfig> ParseLanguages(absl::string_view flag,
                                              absl::string_view default_time_zone) {
  NewsroomConfig config;
  absl::flat_hash_set<std::string> seen;
  for (absl::string_view entry : absl::StrSplit(flag, ',', absl::SkipWhitespace())) {
    std::vector<std::string> parts = absl::StrSplit(absl::StripAsciiWhitespace(entry), ':');
    const std::string& code = parts[0];
    if (!LooksLikeLanguageTag(code)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--languages: \"", code, "\" is not a BCP 47 language tag such as en, ar or fr-CA"));
    }
    if (!seen.insert(code).second) {
      return absl::InvalidArgumentError(absl::StrCat("--languages: ", code, " is listed twice"));
    }
    if (parts.size() > 3) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--languages: \"", entry, "\" has too many parts; use code[:date_locale[:time_zone]]"));
    }
    jisr::v1::Language language;
    language.set_code(code);
    language.set_date_locale(parts.size() > 1 && !parts[1].empty() ? parts[1]
                                                                   : absl::StrCat(code, "-AE"));
    language.set_time_zone(parts.size() > 2 && !parts[2].empty() ? parts[2]
                                                                 : std::string(default_time_zone));
    if (!IsKnownTimeZone(language.time_zone())) {
      return absl::InvalidArgumentError(absl::StrCat("--languages: unknown time zone \"",
                                                     language.time_zone(), "\" for ", code,
                                                     "; use an IANA name such as Asia/Dubai"));
    }
    UErrorCode icu_status = U_ZERO_ERROR;
    icu::Locale locale = icu::Locale::forLanguageTag(code, icu_status);
    if (U_FAILURE(icu_status)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--languages: ICU cannot parse the language tag \"", code, "\""));
    }
    icu::UnicodeString display;
    language.set_display_name(ToUtf8(locale.getDisplayName(icu::Locale::getEnglish(), display)));
    icu::UnicodeString native;
    language.set_native_name(ToUtf8(locale.getDisplayName(locale, native)));
    language.set_direction(uloc_isRightToLeft(locale.getName())
                               ? jisr::v1::TEXT_DIRECTION_RIGHT_TO_LEFT
                               : jisr::v1::TEXT_DIRECTION_LEFT_TO_RIGHT);
    config.languages.push_back(std::move(language));
  }
  if (config.languages.empty()) {
    return absl::InvalidArgumentError("--languages is empty: list at least one, such as en,ar");
  }
  return config;
}

}  // namespace jisr::config
