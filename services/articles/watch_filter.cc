#include "services/articles/watch_filter.h"

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "services/common/errors.h"

namespace jisr::articles {
namespace {

namespace v1 = ::jisr::v1;

// What a caller who reads published content only may watch.
bool IsPublishedContentChange(int kind) {
  // Corrections are published on published variants only: a notice readers see.
  return kind == v1::CHANGE_KIND_PUBLISHED || kind == v1::CHANGE_KIND_UNPUBLISHED ||
         kind == v1::CHANGE_KIND_CORRECTED;
}

void ReadKinds(const v1::WatchRequest& request, bool sees_drafts, WatchPlan& plan,
               FieldViolations& violations) {
  for (int i = 0; i < request.kinds_size(); ++i) {
    const std::string field = absl::StrCat("kinds[", i, "]");
    const int kind = request.kinds(i);
    if (!v1::ChangeKind_IsValid(kind) || kind == v1::CHANGE_KIND_UNSPECIFIED) {
      violations.Add(field, "a ChangeKind value");
    } else if (kind == v1::CHANGE_KIND_HEARTBEAT) {
      violations.Add(field,
                     "heartbeats are not filtered for: ask for them with "
                     "heartbeat_interval");
    } else if (!sees_drafts && !IsPublishedContentChange(kind)) {
      violations.Add(field,
                     "a caller who reads published content only watches "
                     "CHANGE_KIND_PUBLISHED and CHANGE_KIND_UNPUBLISHED");
    }
    plan.filter.kinds.insert(kind);
  }
  if (!sees_drafts && plan.filter.kinds.empty()) {
    plan.filter.kinds = {v1::CHANGE_KIND_PUBLISHED, v1::CHANGE_KIND_UNPUBLISHED,
                         v1::CHANGE_KIND_CORRECTED};
  }
}

void ReadLanguages(const v1::WatchRequest& request, const config::NewsroomConfig& config,
                   WatchPlan& plan, FieldViolations& violations) {
  for (int i = 0; i < request.languages_size(); ++i) {
    const std::string& language = request.languages(i);
    if (config.FindLanguage(language) == nullptr) {
      // Otherwise the stream would wait forever for events that cannot come.
      violations.Add(absl::StrCat("languages[", i, "]"),
                     absl::StrCat("\"", absl::CHexEscape(language.substr(0, 64)),
                                  "\" is not a configured language (ListLanguages lists them)"));
    }
    plan.filter.languages.insert(language);
  }
}

}  // namespace

absl::StatusOr<WatchPlan> ReadWatchRequest(const v1::WatchRequest& request,
                                           const config::NewsroomConfig& config,
                                           const CallContext& call) {
  WatchPlan plan;
  FieldViolations violations;
  ReadKinds(request, call.SeesDrafts(), plan, violations);
  plan.redact_authors = !call.SeesDrafts();
  ReadLanguages(request, config, plan, violations);
  if (request.has_heartbeat_interval()) {
    const auto& interval = request.heartbeat_interval();
    plan.heartbeat = absl::Seconds(interval.seconds()) + absl::Nanoseconds(interval.nanos());
    if (plan.heartbeat != absl::ZeroDuration() &&
        (plan.heartbeat < absl::Seconds(1) || plan.heartbeat > absl::Hours(1))) {
      violations.Add("heartbeat_interval", "between 1s and 1h, or unset for no heartbeats");
    }
  }
  if (!request.cursor().empty()) {
    absl::StatusOr<int64_t> position = ChangeFeed::ParseCursor("cursor", request.cursor());
    if (position.ok()) {
      plan.resume_after = *position;
    } else {
      for (const auto& v : FieldViolationsOf(position.status())) {
        violations.Add(v.field, v.description);
      }
    }
  }
  plan.from_oldest = request.from_oldest();
  // The reason follows the first violation (ErrorInfo names its field): a bad cursor alone says
  // so, as a bad page token does.
  const bool only_cursor =
      violations.violations().size() == 1 && violations.violations().front().field == "cursor";
  if (!violations.empty())
    return violations.ToStatus(only_cursor ? "INVALID_CURSOR" : "INVALID_FIELD");
  return plan;
}

}  // namespace jisr::articles
