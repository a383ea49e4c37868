#include "services/textservice/text_service_core.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/common/errors.h"
#include "services/common/status_macros.h"
#include "services/common/utf8.h"
#include "services/text/analyze.h"
#include "services/text/dateline.h"
#include "services/text/isolate.h"
#include "services/text/language.h"
#include "services/text/normalize.h"
#include "services/text/search_key.h"
#include "services/text/slug.h"
#include "services/text/visual.h"
#include "services/textproto/text_messages.h"
#include "unicode/locid.h"

namespace jisr::textservice {
namespace {

using textproto::MergeStyle;
using textproto::ToFieldText;
using textproto::ToProto;

namespace v1 = ::jisr::v1;

// The field every TextService request keeps its text in, and the path warnings name.
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

// Checks a required text field. Ill-formed UTF-8 is returned at once, as the transport's own
// decoding reports it (reason INVALID_UTF8); the other problems go to `violations`.
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

// A well-formed BCP 47 tag with a language subtag, of any language (the text need not be in a
// language the newsroom publishes).
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

template <typename IsValid>
void CheckEnum(absl::string_view field, int value, IsValid is_valid, absl::string_view choices,
               FieldViolations& violations) {
  if (!is_valid(value)) {
    violations.Add(std::string(field),
                   absl::StrCat("unknown value ", value, ": use one of ", choices));
  }
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

// Each field of a requested dateline style that is set must work on its own; one violation per
// bad field, named "style.<field>".
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

void AddWarnings(const std::vector<text::TextWarning>& warnings,
                 google::protobuf::RepeatedPtrField<v1::TextWarning>* out) {
  out->Reserve(static_cast<int>(warnings.size()));
  for (const text::TextWarning& warning : warnings) *out->Add() = ToProto(warning, kTextField);
}

// The library validates what it is given too; after the checks above a failure is a fault of
// ours, not of the request.
absl::Status Unexpected(absl::string_view what, const absl::Status& status) {
  return absl::InternalError(
      absl::StrCat(what, " failed on a request that passed validation: ", status.message(),
                   "; report this with the request that caused it"));
}

}  // namespace

absl::StatusOr<v1::AnalyzeTextResponse> TextServiceCore::Analyze(
    const v1::AnalyzeTextRequest& request) const {
  FieldViolations violations;
  JISR_RETURN_IF_ERROR(CheckText(request.text(), violations));
  CheckLanguage("language", request.language(), violations);
  if (request.excerpt_max_chars() < 0 || request.excerpt_max_chars() > kMaxToolExcerptChars) {
    violations.Add("excerpt_max_chars",
                   absl::StrCat("must be between 0 (no excerpt) and ", kMaxToolExcerptChars,
                                ", got ", request.excerpt_max_chars()));
  }
  JISR_RETURN_IF_ERROR(violations.ToStatus());

  text::AnalyzeOptions options;
  options.language = request.language();
  options.allow_newlines = !request.single_line();
  options.excerpt_max_chars = request.excerpt_max_chars();
  absl::StatusOr<text::FieldAnalysis> analysis = text::Analyze(request.text(), options);
  if (!analysis.ok()) return Unexpected("Analyze", analysis.status());

  v1::AnalyzeTextResponse response;
  response.set_text(analysis->text);
  AddWarnings(analysis->warnings, response.mutable_warnings());
  *response.mutable_analysis() = ToFieldText(*analysis, "");
  response.set_reading_time_seconds(analysis->reading_time_seconds);
  response.set_excerpt(analysis->excerpt);
  response.set_letters_in_language_script(analysis->script.expected_script_letters);
  response.set_letters_in_other_scripts(analysis->script.counts.total() -
                                        analysis->script.expected_script_letters);
  return response;
}

absl::StatusOr<v1::NormalizeTextResponse> TextServiceCore::Normalize(
    const v1::NormalizeTextRequest& request) const {
  FieldViolations violations;
  JISR_RETURN_IF_ERROR(CheckText(request.text(), violations));
  JISR_RETURN_IF_ERROR(violations.ToStatus());

  text::NormalizeOptions options;
  options.allow_newlines = !request.single_line();
  absl::StatusOr<text::NormalizedText> normalized =
      text::NormalizeForStorage(request.text(), options);
  if (!normalized.ok()) return Unexpected("Normalize", normalized.status());

  v1::NormalizeTextResponse response;
  response.set_text(std::move(normalized->text));
  AddWarnings(normalized->warnings, response.mutable_warnings());
  return response;
}

absl::StatusOr<v1::IsolateTextResponse> TextServiceCore::Isolate(
    const v1::IsolateTextRequest& request) const {
  FieldViolations violations;
  JISR_RETURN_IF_ERROR(CheckText(request.text(), violations));
  CheckLanguage("language", request.language(), violations);
  JISR_RETURN_IF_ERROR(violations.ToStatus());

  absl::StatusOr<text::IsolatedText> isolated = text::Isolate(request.text(), request.language());
  if (!isolated.ok()) return Unexpected("Isolate", isolated.status());

  v1::IsolateTextResponse response;
  response.set_text(std::move(isolated->text));
  response.set_base_direction(ToProto(isolated->base_direction));
  for (const text::IsolationSpan& span : isolated->spans) *response.add_isolates() = ToProto(span);
  response.set_isolated_text(std::move(isolated->isolated_text));
  AddWarnings(isolated->warnings, response.mutable_warnings());
  return response;
}

absl::StatusOr<v1::VisualOrderResponse> TextServiceCore::VisualOrder(
    const v1::VisualOrderRequest& request) const {
  FieldViolations violations;
  JISR_RETURN_IF_ERROR(CheckText(request.text(), violations));
  CheckLanguage("language", request.language(), violations);
  CheckEnum("direction", request.direction(), v1::TextDirection_IsValid,
            "TEXT_DIRECTION_UNSPECIFIED (each paragraph's own), TEXT_DIRECTION_LEFT_TO_RIGHT, "
            "TEXT_DIRECTION_RIGHT_TO_LEFT",
            violations);
  if (request.max_line_chars() < 0) {
    violations.Add("max_line_chars",
                   absl::StrCat("must not be negative, got ", request.max_line_chars(),
                                ": use 0 to break lines only at line feeds"));
  }
  JISR_RETURN_IF_ERROR(violations.ToStatus());

  text::VisualOrderOptions options;
  options.language = request.language();
  if (request.direction() == v1::TEXT_DIRECTION_LEFT_TO_RIGHT) {
    options.direction = text::Direction::kLtr;
  } else if (request.direction() == v1::TEXT_DIRECTION_RIGHT_TO_LEFT) {
    options.direction = text::Direction::kRtl;
  }
  options.max_line_chars = request.max_line_chars();
  options.shape_arabic = request.shape_arabic();
  absl::StatusOr<std::vector<std::string>> lines = text::VisualOrder(request.text(), options);
  if (!lines.ok()) return Unexpected("VisualOrder", lines.status());

  v1::VisualOrderResponse response;
  for (std::string& line : *lines) response.add_lines(std::move(line));
  return response;
}

absl::StatusOr<v1::SlugifyResponse> TextServiceCore::Slugify(
    const v1::SlugifyRequest& request) const {
  FieldViolations violations;
  JISR_RETURN_IF_ERROR(CheckText(request.text(), violations));
  CheckLanguage("language", request.language(), violations);
  CheckEnum("script", request.script(), v1::SlugScript_IsValid,
            "SLUG_SCRIPT_UNSPECIFIED, SLUG_SCRIPT_NATIVE, SLUG_SCRIPT_LATIN", violations);
  JISR_RETURN_IF_ERROR(violations.ToStatus());

  const text::SlugScript script = request.script() == v1::SLUG_SCRIPT_LATIN
                                      ? text::SlugScript::kLatin
                                      : text::SlugScript::kNative;
  absl::StatusOr<std::string> slug = text::Slugify(request.text(), request.language(), script);
  if (!slug.ok()) return Unexpected("Slugify", slug.status());

  v1::SlugifyResponse response;
  response.set_slug_url(text::PercentEncodeSlug(*slug));
  response.set_slug(std::move(*slug));
  return response;
}

absl::StatusOr<v1::SearchKeyResponse> TextServiceCore::SearchKey(
    const v1::SearchKeyRequest& request) const {
  FieldViolations violations;
  JISR_RETURN_IF_ERROR(CheckText(request.text(), violations));
  JISR_RETURN_IF_ERROR(violations.ToStatus());

  absl::StatusOr<std::string> key = text::SearchKey(request.text());
  if (!key.ok()) return Unexpected("SearchKey", key.status());

  v1::SearchKeyResponse response;
  response.set_search_key(std::move(*key));
  return response;
}

absl::StatusOr<v1::FormatDateResponse> TextServiceCore::FormatDate(
    const v1::FormatDateRequest& request) const {
  FieldViolations violations;
  CheckTime(request, violations);
  const std::string language = request.language().empty() ? "en" : request.language();
  if (!request.language().empty()) CheckLanguage("language", request.language(), violations);
  CheckDatelineStyle(request.style(), violations);
  CheckEnum("kind", request.kind(), v1::DatelineKind_IsValid,
            "DATELINE_KIND_UNSPECIFIED (the date alone), DATELINE_KIND_PUBLISHED, "
            "DATELINE_KIND_UPDATED",
            violations);
  JISR_RETURN_IF_ERROR(violations.ToStatus());

  // The same starting point as the article service's datelines: the newsroom's style for the
  // language, with its configured locale, time zone, digits and calendar.
  const text::DateStyle style = MergeStyle(config_.DateStyleFor(language), request.style());
  const absl::Time time =
      absl::FromUnixSeconds(request.time().seconds()) + absl::Nanoseconds(request.time().nanos());
  absl::StatusOr<std::string> date = text::FormatDate(time, style);
  if (!date.ok()) {
    // Every requested part passed on its own: what fails comes from the newsroom's defaults.
    return ReasonedError(
        absl::StatusCode::kFailedPrecondition, "DATELINE_STYLE_NOT_CONFIGURED",
        absl::StrCat("the newsroom's dateline style for \"", language, "\" does not work (",
                     date.status().message(),
                     "): set style.locale, style.time_zone, "
                     "style.numbering and style.calendar in the request, or ask the operator to "
                     "fix jisrd's --languages and --dateline_styles"),
        {{"language", language}});
  }

  v1::FormatDateResponse response;
  if (request.kind() == v1::DATELINE_KIND_UNSPECIFIED) {
    response.set_text(std::move(*date));
  } else {
    const text::DatelineKind kind = request.kind() == v1::DATELINE_KIND_PUBLISHED
                                        ? text::DatelineKind::kPublished
                                        : text::DatelineKind::kUpdated;
    absl::StatusOr<std::string> line = text::FormatDateline(time, style, kind);
    if (!line.ok()) {
      // The date formats, so what is missing is the label: Jisr has labels for English and
      // Arabic only.
      return InvalidFieldError(
          "kind", absl::StrCat("Jisr has \"Published:\" and \"Updated:\" labels only for English "
                               "and Arabic locales, not \"",
                               style.locale,
                               "\": ask for DATELINE_KIND_UNSPECIFIED (the date alone) and add "
                               "your own label"));
    }
    response.set_text(std::move(*line));
  }
  *response.mutable_style() = ToProto(style);
  return response;
}

}  // namespace jisr::textservice
