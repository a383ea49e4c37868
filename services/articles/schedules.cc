#include "services/articles/schedules.h"

#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/articles/names.h"
#include "services/articles/paging.h"
#include "services/articles/timestamps.h"
#include "services/articles/view_limits.h"
#include "services/common/errors.h"
#include "services/common/ids.h"
#include "services/common/status_macros.h"

namespace jisr::articles {
namespace {

namespace v1 = ::jisr::v1;

// Who the scheduler's writes are recorded as.
constexpr char kSchedulerAuthor[] = "jisr-scheduler";
// The most variants one schedule changes, and the most schedules one run carries out.
constexpr int kMaxScheduledVariants = 20;
constexpr int kMaxSchedulesPerRun = 20;

absl::StatusOr<std::string> ParseScheduleName(absl::string_view field, absl::string_view name) {
  if (!absl::StartsWith(name, "schedules/") || !IsValidResourceId(name.substr(10))) {
    return InvalidFieldError(field, "a schedule name such as \"schedules/abc123\"",
                             name.empty() ? "REQUIRED_FIELD" : "MALFORMED_NAME");
  }
  return std::string(name.substr(10));
}

absl::StatusOr<v1::Schedule> ParseSchedule(const storage::ScheduleRow& row) {
  v1::Schedule schedule;
  if (!schedule.ParseFromString(row.data)) {
    return absl::DataLossError(absl::StrCat("the stored data of schedules/", row.id,
                                            " cannot be read: restore it from a backup"));
  }
  return schedule;
}

storage::ScheduleRow ToRow(const std::string& id, const v1::Schedule& schedule,
                           std::vector<std::string> variant_ids) {
  storage::ScheduleRow row;
  row.id = id;
  row.due_micros = absl::ToUnixMicros(FromProto(schedule.due_time()));
  row.state = schedule.state();
  row.variant_ids = std::move(variant_ids);
  row.data = schedule.SerializeAsString();
  return row;
}

absl::Status CheckScheduleFields(const v1::Schedule& input, absl::Time now) {
  FieldViolations violations;
  if (input.action() != v1::SCHEDULE_ACTION_PUBLISH &&
      input.action() != v1::SCHEDULE_ACTION_UNPUBLISH) {
    violations.Add("schedule.action", "SCHEDULE_ACTION_PUBLISH or SCHEDULE_ACTION_UNPUBLISH");
  }
  if (!input.has_due_time()) {
    violations.Add("schedule.due_time", "required: when to carry it out");
  } else if (!IsValidTimestamp(input.due_time())) {
    violations.Add("schedule.due_time", "not a valid timestamp (years 1 to 9999)");
  } else if (FromProto(input.due_time()) <= now) {
    violations.Add("schedule.due_time", "must be in the future: to publish now, PublishVariant");
  }
  return violations.ToStatus();
}

void RemoveScheduledChange(v1::Variant& variant, const std::string& schedule) {
  auto* changes = variant.mutable_scheduled_changes();
  for (int i = changes->size() - 1; i >= 0; --i) {
    if (changes->Get(i).schedule() == schedule) changes->DeleteSubrange(i, 1);
  }
}

absl::Status ScheduleNotFound(absl::string_view name) {
  return ResourceNotFoundError("Schedule", name, "SCHEDULE_NOT_FOUND",
                               absl::StrCat(name, " does not exist"));
}

}  // namespace

absl::StatusOr<v1::Schedule> Schedules::CreateSchedule(const v1::CreateScheduleRequest& request,
                                                       const CallContext& caller) const {
  const v1::Schedule& input = request.schedule();
  absl::StatusOr<std::vector<std::string>> parsed =
      ParseVariantNameList("schedule.variants", input.variants(), kMaxScheduledVariants);
  absl::Status fields = CheckScheduleFields(input, runner_.Now());
  if (!parsed.ok() || !fields.ok()) {
    // One error naming every bad field.
    FieldViolations violations;
    for (const auto& v : FieldViolationsOf(parsed.status())) violations.Add(v.field, v.description);
    for (const auto& v : FieldViolationsOf(fields)) violations.Add(v.field, v.description);
    return violations.ToStatus();
  }
  const std::vector<std::string> ids = *std::move(parsed);
  const std::string id = NewResourceId();
  v1::Schedule schedule;
  return runner_.Run<v1::Schedule>(
      CallOf("CreateSchedule", request, caller),
      [&](WriteContext& write) -> absl::Status {
        JISR_ASSIGN_OR_RETURN(
            std::vector<StoredVariant> variants,
            store_.LoadVariantsOfOneStory(write, ids, "schedule.variants", "a schedule changes"));
        for (const StoredVariant& v : variants) {
          JISR_RETURN_IF_ERROR(ArticleStore::CheckNotDeleted(v));
        }
        schedule.Clear();
        schedule.set_name(absl::StrCat("schedules/", id));
        for (const StoredVariant& v : variants) schedule.add_variants(v.variant.name());
        schedule.set_action(input.action());
        *schedule.mutable_due_time() = input.due_time();
        schedule.set_state(v1::SCHEDULE_STATE_PENDING);
        schedule.set_author(write.author());
        schedule.set_author_name(write.author_name());
        *schedule.mutable_create_time() = ToProto(write.now());
        JISR_RETURN_IF_ERROR(write.txn().InsertSchedule(ToRow(id, schedule, ids)));
        for (StoredVariant& v : variants) {
          auto* change = v.variant.add_scheduled_changes();
          change->set_schedule(schedule.name());
          change->set_action(schedule.action());
          *change->mutable_due_time() = schedule.due_time();
          JISR_RETURN_IF_ERROR(store_.SaveDerivedState(write, v));
          JISR_RETURN_IF_ERROR(
              store_.AppendEvent(write, v1::CHANGE_KIND_SCHEDULED, &v, v.story_id()));
        }
        return absl::OkStatus();
      },
      [&](WriteContext&) -> absl::StatusOr<v1::Schedule> { return schedule; });
}

absl::StatusOr<v1::Schedule> Schedules::GetSchedule(const v1::GetScheduleRequest& request,
                                                    const CallContext&) const {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseScheduleName("name", request.name()));
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  JISR_ASSIGN_OR_RETURN(std::optional<storage::ScheduleRow> row, txn->GetSchedule(id));
  if (!row.has_value()) return ScheduleNotFound(request.name());
  return ParseSchedule(*row);
}

absl::StatusOr<v1::ListSchedulesResponse> Schedules::ListSchedules(
    const v1::ListSchedulesRequest& request, const CallContext&) const {
  if (!v1::ScheduleState_IsValid(request.state())) {
    return InvalidFieldError("state", "a ScheduleState value (unspecified means PENDING)");
  }
  storage::ScheduleQuery query;
  query.state = request.state() == v1::SCHEDULE_STATE_UNSPECIFIED ? v1::SCHEDULE_STATE_PENDING
                                                                  : request.state();
  if (!request.variant().empty()) {
    JISR_ASSIGN_OR_RETURN(query.variant_id, ParseVariantName("variant", request.variant()));
  }
  JISR_ASSIGN_OR_RETURN(
      Page page, Page::Start(request.page_size(), request.page_token(),
                             absl::StrCat("schedules:", query.state, ":", query.variant_id)));
  query.limit = page.fetch_limit();
  if (page.after().has_value()) query.after = page.after()->AsPair();
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  JISR_ASSIGN_OR_RETURN(std::vector<storage::ScheduleRow> rows, txn->ListSchedules(query));
  v1::ListSchedulesResponse response;
  JISR_RETURN_IF_ERROR(
      page.Fill(rows, max_list_bytes_, *response.mutable_schedules(),
                [](const storage::ScheduleRow& row) -> absl::StatusOr<std::optional<v1::Schedule>> {
                  JISR_ASSIGN_OR_RETURN(v1::Schedule schedule, ParseSchedule(row));
                  return std::optional<v1::Schedule>(std::move(schedule));
                }));
  response.set_next_page_token(page.NextToken(rows, [](const storage::ScheduleRow& row) {
    return PagePosition{row.due_micros, row.id};
  }));
  return response;
}

absl::StatusOr<v1::Schedule> Schedules::CancelSchedule(const v1::CancelScheduleRequest& request,
                                                       const CallContext& caller) const {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseScheduleName("name", request.name()));
  v1::Schedule schedule;
  return runner_.Run<v1::Schedule>(
      CallOf("CancelSchedule", request, caller),
      [&](WriteContext& write) -> absl::Status {
        JISR_ASSIGN_OR_RETURN(std::optional<storage::ScheduleRow> row, write.txn().GetSchedule(id));
        if (!row.has_value()) return ScheduleNotFound(request.name());
        JISR_ASSIGN_OR_RETURN(schedule, ParseSchedule(*row));
        // Cancelling changes what happens to its variants: their languages must be the caller's.
        JISR_RETURN_IF_ERROR(
            store_.LoadVariantsOfOneStory(write, row->variant_ids, "name", "a schedule changes")
                .status());
        if (schedule.state() != v1::SCHEDULE_STATE_PENDING) {
          return PreconditionError("NOT_PENDING", schedule.name(),
                                   absl::StrCat(schedule.name(), " is no longer pending"));
        }
        schedule.set_state(v1::SCHEDULE_STATE_CANCELED);
        *schedule.mutable_finish_time() = ToProto(write.now());
        JISR_RETURN_IF_ERROR(write.txn().UpdateSchedule(ToRow(id, schedule, row->variant_ids)));
        return Forget(write, *row, schedule, /*announce=*/true);
      },
      [&](WriteContext&) -> absl::StatusOr<v1::Schedule> { return schedule; });
}

absl::Status Schedules::Forget(WriteContext& write, const storage::ScheduleRow& row,
                               const v1::Schedule& schedule, bool announce) const {
  for (const std::string& variant_id : row.variant_ids) {
    JISR_ASSIGN_OR_RETURN(StoredVariant v, store_.LoadVariant(write.txn(), variant_id, "variants"));
    RemoveScheduledChange(v.variant, schedule.name());
    JISR_RETURN_IF_ERROR(store_.SaveDerivedState(write, v));
    if (announce) {
      JISR_RETURN_IF_ERROR(store_.AppendEvent(write, v1::CHANGE_KIND_SCHEDULED, &v, v.story_id()));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::Schedule>> Schedules::RunDueSchedules() const {
  std::string first;
  absl::StatusOr<std::vector<v1::Schedule>> ran = RunDue(kMaxSchedulesPerRun, first);
  if (ErrorReason(ran.status()) != kViewTooLarge) return ran;
  // A schedule whose change would make a view too large (a variant stored before views were
  // limited) rolls back the whole run, and would every run after it: run them one by one, and
  // fail the one that cannot be carried out, so the others are not held up.
  std::vector<v1::Schedule> all;
  for (int i = 0; i < kMaxSchedulesPerRun; ++i) {
    ran = RunDue(1, first);
    if (ErrorReason(ran.status()) == kViewTooLarge && !first.empty()) {
      ran = FailPending(first, ran.status().message());
    }
    if (!ran.ok() && all.empty()) return ran;
    if (!ran.ok() || ran->empty()) break;  // those carried out so far are committed
    for (v1::Schedule& schedule : *ran) all.push_back(std::move(schedule));
  }
  return all;
}

absl::StatusOr<std::vector<v1::Schedule>> Schedules::RunDue(int limit, std::string& first) const {
  std::vector<v1::Schedule> ran;
  JISR_RETURN_IF_ERROR(
      runner_
          .RunAsSystem<v1::ListSchedulesResponse>(
              "RunDueSchedules", kSchedulerAuthor,
              [&](WriteContext& write) -> absl::Status {
                ran.clear();
                JISR_ASSIGN_OR_RETURN(std::vector<storage::ScheduleRow> due,
                                      write.txn().ClaimDueSchedules(v1::SCHEDULE_STATE_PENDING,
                                                                    write.now_micros(), limit));
                first = due.empty() ? "" : due.front().id;
                for (const storage::ScheduleRow& row : due) {
                  JISR_ASSIGN_OR_RETURN(v1::Schedule schedule, CarryOut(write, row));
                  ran.push_back(std::move(schedule));
                }
                return absl::OkStatus();
              },
              [](WriteContext&) { return v1::ListSchedulesResponse(); })
          .status());
  return ran;
}

absl::StatusOr<std::vector<v1::Schedule>> Schedules::FailPending(const std::string& id,
                                                                 absl::string_view why) const {
  std::vector<v1::Schedule> failed;
  JISR_RETURN_IF_ERROR(
      runner_
          .RunAsSystem<v1::ListSchedulesResponse>(
              "RunDueSchedules", kSchedulerAuthor,
              [&](WriteContext& write) -> absl::Status {
                failed.clear();
                // Read locked: a replica carrying it out meanwhile is waited for.
                JISR_ASSIGN_OR_RETURN(std::optional<storage::ScheduleRow> row,
                                      write.txn().GetSchedule(id));
                if (!row.has_value() || row->state != v1::SCHEDULE_STATE_PENDING) {
                  return absl::OkStatus();  // carried out or cancelled since
                }
                JISR_ASSIGN_OR_RETURN(v1::Schedule schedule, ParseSchedule(*row));
                schedule.set_state(v1::SCHEDULE_STATE_FAILED);
                schedule.set_failure(std::string(why));
                *schedule.mutable_finish_time() = ToProto(write.now());
                JISR_RETURN_IF_ERROR(
                    write.txn().UpdateSchedule(ToRow(id, schedule, row->variant_ids)));
                JISR_RETURN_IF_ERROR(Forget(write, *row, schedule, /*announce=*/false));
                failed.push_back(std::move(schedule));
                return absl::OkStatus();
              },
              [](WriteContext&) { return v1::ListSchedulesResponse(); })
          .status());
  return failed;
}

absl::StatusOr<v1::Schedule> Schedules::CarryOut(WriteContext& write,
                                                 const storage::ScheduleRow& row) const {
  JISR_ASSIGN_OR_RETURN(v1::Schedule schedule, ParseSchedule(row));
  const bool publish = schedule.action() == v1::SCHEDULE_ACTION_PUBLISH;
  std::vector<StoredVariant> variants;
  std::vector<std::string> problems;
  for (const std::string& variant_id : row.variant_ids) {
    JISR_ASSIGN_OR_RETURN(StoredVariant v, store_.LoadVariant(write.txn(), variant_id, "variants"));
    absl::Status ok = publish ? steps_.CheckPublishable(write, v, v.variant.latest_revision())
                              : steps_.CheckUnpublishable(v);
    if (!ok.ok()) problems.push_back(std::string(ok.message()));
    variants.push_back(std::move(v));
  }
  if (problems.empty()) {
    for (StoredVariant& v : variants) {
      JISR_RETURN_IF_ERROR(publish ? steps_.Publish(write, v, 0, write.now(), false)
                                   : steps_.Unpublish(write, v));
    }
    schedule.set_state(v1::SCHEDULE_STATE_DONE);
  } else {
    // All or nothing: one variant that cannot change fails the schedule and changes none.
    schedule.set_state(v1::SCHEDULE_STATE_FAILED);
    schedule.set_failure(absl::StrJoin(problems, "; "));
  }
  *schedule.mutable_finish_time() = ToProto(write.now());
  JISR_RETURN_IF_ERROR(write.txn().UpdateSchedule(ToRow(row.id, schedule, row.variant_ids)));
  JISR_RETURN_IF_ERROR(Forget(write, row, schedule, /*announce=*/false));
  return schedule;
}

absl::StatusOr<std::optional<absl::Time>> Schedules::NextScheduleDue() const {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  storage::ScheduleQuery query;
  query.state = v1::SCHEDULE_STATE_PENDING;
  query.limit = 1;
  JISR_ASSIGN_OR_RETURN(std::vector<storage::ScheduleRow> rows, txn->ListSchedules(query));
  if (rows.empty()) return std::optional<absl::Time>();
  return std::optional<absl::Time>(absl::FromUnixMicros(rows.front().due_micros));
}

}  // namespace jisr::articles
