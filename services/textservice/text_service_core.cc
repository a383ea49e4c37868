#include "services/textservice/text_service_core.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/common/errors.h"
#include "services/common/status_macros.h"
#include "services/text/analyze.h"
#include "services/text/dateline.h"
#include "services/text/isolate.h"
#include "services/text/normalize.h"
#include "services/text/search_key.h"
#include "services/text/slug.h"
#include "services/text/visual.h"
#include "services/textproto/text_messages.h"
#include "services/textservice/request_checks.h"

namespace jisr::textservice {
namespace {

using textproto::MergeStyle;
using textproto::ToProto;

namespace v1 = ::jisr::v1;

// The library validates what it is given too; after the request's checks (request_checks.h) a
// failure is a fault of ours, not of the request.
absl::Status Unexpected(absl::string_view what, const absl::Status& status) {
  return absl::InternalError(
      absl::StrCat(what, " failed on a request that passed validation: ", status.message(),
                   "; report this with the request that caused it"));
}

// `response` when its exact size is within the limit, if there is one. Counting while building
// left out the nested messages' own tags and lengths, so a response can still pass the limit here.
template <typename Response>
absl::StatusOr<Response> Checked(Response response, const ResponseBudget* limit) {
  if (limit != nullptr) JISR_RETURN_IF_ERROR(limit->Check(response));
  return response;
}

}  // namespace

absl::StatusOr<v1::AnalyzeTextResponse> TextServiceCore::Analyze(
    const v1::AnalyzeTextRequest& request, ResponseBudget* limit) const {
  FieldViolations violations;
  JISR_RETURN_IF_ERROR(CheckText(request.text(), violations));
  CheckLanguage("language", request.language(), violations);
  CheckDirectionRule(request.direction_rule(), violations);
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
  options.direction_rule = textproto::FromProto(request.direction_rule());
  absl::StatusOr<text::FieldAnalysis> analysis = text::Analyze(request.text(), options);
  if (!analysis.ok()) return Unexpected("Analyze", analysis.status());

  ResponseBudget unlimited;
  ResponseBudget& budget = limit != nullptr ? *limit : unlimited;
  v1::AnalyzeTextResponse response;
  // The strings first, whose sizes are known before anything is built; then the parts that grow
  // with the text, element by element.
  if (!budget.AddString(analysis->text) || !budget.AddString(analysis->excerpt) ||
      !AddWarnings(analysis->warnings, budget, response.mutable_warnings()) ||
      !MoveFieldText(*analysis, budget, response.mutable_analysis())) {
    return budget.TooLarge();
  }
  response.set_text(std::move(analysis->text));
  response.set_reading_time_seconds(analysis->reading_time_seconds);
  response.set_excerpt(std::move(analysis->excerpt));
  response.set_letters_in_language_script(analysis->script.expected_script_letters);
  response.set_letters_in_other_scripts(analysis->script.counts.total() -
                                        analysis->script.expected_script_letters);
  return Checked(std::move(response), limit);
}

absl::StatusOr<v1::NormalizeTextResponse> TextServiceCore::Normalize(
    const v1::NormalizeTextRequest& request, ResponseBudget* limit) const {
  FieldViolations violations;
  JISR_RETURN_IF_ERROR(CheckText(request.text(), violations));
  JISR_RETURN_IF_ERROR(violations.ToStatus());

  text::NormalizeOptions options;
  options.allow_newlines = !request.single_line();
  absl::StatusOr<text::NormalizedText> normalized =
      text::NormalizeForStorage(request.text(), options);
  if (!normalized.ok()) return Unexpected("Normalize", normalized.status());

  ResponseBudget unlimited;
  ResponseBudget& budget = limit != nullptr ? *limit : unlimited;
  v1::NormalizeTextResponse response;
  if (!budget.AddString(normalized->text) ||
      !AddWarnings(normalized->warnings, budget, response.mutable_warnings())) {
    return budget.TooLarge();
  }
  response.set_text(std::move(normalized->text));
  return Checked(std::move(response), limit);
}

absl::StatusOr<v1::IsolateTextResponse> TextServiceCore::Isolate(
    const v1::IsolateTextRequest& request, ResponseBudget* limit) const {
  FieldViolations violations;
  JISR_RETURN_IF_ERROR(CheckText(request.text(), violations));
  CheckLanguage("language", request.language(), violations);
  CheckDirectionRule(request.direction_rule(), violations);
  JISR_RETURN_IF_ERROR(violations.ToStatus());

  absl::StatusOr<text::IsolatedText> isolated = text::Isolate(
      request.text(), request.language(), textproto::FromProto(request.direction_rule()));
  if (!isolated.ok()) return Unexpected("Isolate", isolated.status());

  ResponseBudget unlimited;
  ResponseBudget& budget = limit != nullptr ? *limit : unlimited;
  v1::IsolateTextResponse response;
  if (!budget.AddString(isolated->text) || !budget.AddString(isolated->isolated_text) ||
      !AddWarnings(isolated->warnings, budget, response.mutable_warnings()) ||
      !AddIsolates(isolated->spans, budget, response.mutable_isolates())) {
    return budget.TooLarge();
  }
  response.set_text(std::move(isolated->text));
  response.set_base_direction(ToProto(isolated->base_direction));
  response.set_isolated_text(std::move(isolated->isolated_text));
  return Checked(std::move(response), limit);
}

absl::StatusOr<v1::VisualOrderResponse> TextServiceCore::VisualOrder(
    const v1::VisualOrderRequest& request, ResponseBudget* limit) const {
  FieldViolations violations;
  JISR_RETURN_IF_ERROR(CheckText(request.text(), violations));
  CheckLanguage("language", request.language(), violations);
  CheckEnum("direction", request.direction(), v1::TextDirection_IsValid,
            "TEXT_DIRECTION_UNSPECIFIED (each paragraph's own), TEXT_DIRECTION_LEFT_TO_RIGHT, "
            "TEXT_DIRECTION_RIGHT_TO_LEFT",
            violations);
  CheckDirectionRule(request.direction_rule(), violations);
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
  options.direction_rule = textproto::FromProto(request.direction_rule());
  absl::StatusOr<std::vector<std::string>> lines = text::VisualOrder(request.text(), options);
  if (!lines.ok()) return Unexpected("VisualOrder", lines.status());

  ResponseBudget unlimited;
  ResponseBudget& budget = limit != nullptr ? *limit : unlimited;
  v1::VisualOrderResponse response;
  if (!AddLines(*std::move(lines), budget, response.mutable_lines())) return budget.TooLarge();
  return Checked(std::move(response), limit);
}

absl::StatusOr<v1::SlugifyResponse> TextServiceCore::Slugify(const v1::SlugifyRequest& request,
                                                             ResponseBudget* limit) const {
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
  return Checked(std::move(response), limit);
}

absl::StatusOr<v1::SearchKeyResponse> TextServiceCore::SearchKey(
    const v1::SearchKeyRequest& request, ResponseBudget* limit) const {
  FieldViolations violations;
  JISR_RETURN_IF_ERROR(CheckText(request.text(), violations));
  JISR_RETURN_IF_ERROR(violations.ToStatus());

  absl::StatusOr<std::string> key = text::SearchKey(request.text());
  if (!key.ok()) return Unexpected("SearchKey", key.status());

  v1::SearchKeyResponse response;
  response.set_search_key(std::move(*key));
  return Checked(std::move(response), limit);
}

absl::StatusOr<v1::FormatDateResponse> TextServiceCore::FormatDate(
    const v1::FormatDateRequest& request, ResponseBudget* limit) const {
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
  return Checked(std::move(response), limit);
}

}  // namespace jisr::textservice
