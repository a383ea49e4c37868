#include "services/textservice/request_checks.h"

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/common/utf8.h"
#include "services/text/dateline.h"
#include "services/text/language.h"
#include "services/textproto/text_messages.h"
#include "services/textservice/text_service_core.h"
#include "unicode/locid.h"

namespace jisr::textservice {
namespace {

namespace v1 = ::jisr::v1;
using textproto::MergeStyle;

// The field every TextService request keeps its text in.
constexpr char kTextField[] = "text";

// Longer than any real language tag, locale or time zone name.
constexpr size_t kMaxNameBytes = 128;

// google.protobuf.Timestamp's documented range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
constexpr int64_t kMinTimestampSeconds = -62135596800;
constexpr int64_t kMaxTimestampSeconds = 253402300799;

// A value for an error message: quoted, unless it is too long or not UTF-8 to repeat.
std::string Shown(const std::string& value) {
  if (value.size() > kMaxNameBytes || FindInvalidUtf8(value) >= 0) {
    return absl::StrCat("the value (", value.size(), " bytes)");
  }
  return absl::StrCat("\"", value, "\"");
}

// Languages ICU has locale data for, so a dateline in them is not silently ICU's root format.
bool IcuHasLocaleData(const icu::Locale& locale) {
  static const auto* const languages = [] {
    auto* set = new absl::flat_hash_set<std::string>();
    int32_t count = 0;
    const icu::Locale* available = icu::Locale::getAvailableLocales(count);
    for (int32_t i = 0; i < count; ++i) set->insert(available[i].getLanguage());
    return set;
  }();
  return languages->contains(locale.getLanguage());
}

}  // namespace

absl::Status CheckText(const std::string& text, FieldViolations& violations) {
  if (text.empty()) {
    violations.Add(kTextField, "required: send the text to work on");
    return absl::OkStatus();
  }
  if (static_cast<int64_t>(text.size()) > kMaxToolTextBytes) {
    violations.Add(kTextField, absl::StrCat("too long: ", text.size(), " bytes of UTF-8, at most ",
                                            kMaxToolTextBytes,
                                            " (1 MiB) allowed; split the text and send "
                                            "the parts separately"));
    return absl::OkStatus();
  }
  const int64_t bad = FindInvalidUtf8(text);
  if (bad >= 0) {
    return InvalidFieldError(
        kTextField,
        absl::StrCat("invalid UTF-8 at byte ", bad,
                     ": send the text as UTF-8 (the wire format of proto strings)"),
        "INVALID_UTF8");
  }
  return absl::OkStatus();
}

void CheckLanguage(absl::string_view field, const std::string& tag, FieldViolations& violations) {
  if (tag.empty()) {
    violations.Add(std::string(field), "required: a BCP 47 language tag such as en or ar");
    return;
  }
  if (tag.size() > kMaxNameBytes || !text::GetLanguageInfo(tag).ok()) {
    violations.Add(std::string(field),
                   absl::StrCat(Shown(tag),
                                " is not a well-formed BCP 47 language tag: use one "
                                "such as en, ar, fr-CA or zh-Hant (hyphens, not underscores)"));
  }
}

void CheckDatelineStyle(const v1::DatelineStyle& style, FieldViolations& violations) {
  struct Part {
    const char* field;
    const std::string& value;
    const char* advice;
  };
  const Part parts[] = {
      {"locale", style.locale(), "use a BCP 47 locale such as en-AE or ar-AE"},
      {"time_zone", style.time_zone(), "use an IANA time zone such as Asia/Dubai or UTC"},
      {"numbering", style.numbering(), "use latn (0-9) or arab (Arabic-Indic digits)"},
      {"calendar", style.calendar(), "use gregorian or islamic-umalqura (Hijri)"},
  };
  for (const Part& part : parts) {
    if (part.value.empty()) continue;
    const std::string field = absl::StrCat("style.", part.field);
    if (part.value.size() > kMaxNameBytes || FindInvalidUtf8(part.value) >= 0) {
      violations.Add(field,
                     absl::StrCat(Shown(part.value), " is not a name Jisr knows: ", part.advice));
      continue;
    }
    v1::DatelineStyle alone;
    alone.GetReflection()->SetString(&alone, alone.GetDescriptor()->FindFieldByName(part.field),
                                     part.value);
    const absl::Status formatted =
        text::FormatDate(absl::UnixEpoch(), MergeStyle(text::DateStyle(), alone)).status();
    if (!formatted.ok()) {
      violations.Add(field, absl::StrCat(formatted.message(), ": ", part.advice));
      continue;
    }
    if (absl::string_view(part.field) == "locale") {
      UErrorCode status = U_ZERO_ERROR;
      const icu::Locale locale = icu::Locale::forLanguageTag(part.value, status);
      if (U_SUCCESS(status) && !IcuHasLocaleData(locale)) {
        violations.Add(field, absl::StrCat("no locale data for ", Shown(part.value),
                                           " (its language is unknown to ICU): ", part.advice));
      }
    }
  }
}

void CheckTime(const v1::FormatDateRequest& request, FieldViolations& violations) {
  if (!request.has_time()) {
    violations.Add("time", "required: the instant to format, as a google.protobuf.Timestamp");
    return;
  }
  const auto& time = request.time();
  if (time.seconds() < kMinTimestampSeconds || time.seconds() > kMaxTimestampSeconds ||
      time.nanos() < 0 || time.nanos() > 999999999) {
    violations.Add("time", absl::StrCat("not a valid timestamp (seconds ", time.seconds(),
                                        ", nanos ", time.nanos(),
                                        "): seconds must fall between "
                                        "0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z and "
                                        "nanos between 0 and 999999999"));
  }
}

}  // namespace jisr::textservice
