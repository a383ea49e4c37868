// Scheduled publishing: a publish or unpublish of a set of variants at a future time, carried
// out exactly once: the schedule is claimed, applied and marked done in one transaction, so a
// crash rolls all three back and a second replica cannot claim it meanwhile.
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "jisr/v1/events.pb.h"
#include "services/articles/names.h"
#include "services/articles/newsroom_internal.h"
#include "services/common/ids.h"

namespace jisr::articles {
namespace {

constexpr char kSchedulerAuthor[] = "jisr-scheduler";

absl::StatusOr<std::string> ParseScheduleName(absl::string_view field, absl::string_view name) {
  if (!absl::StartsWith(name, "schedules/") || !IsValidResourceId(name.substr(10))) {
    return InvalidFieldError(field, "a schedule name such as \"schedules/abc123\"",
                             name.empty() ? "REQUIRED_FIELD" : "MALFORMED_NAME");
  }
  return std::string(name.substr(10));
}

jisr::v1::Schedule ParseSchedule(const storage::ScheduleRow& row) {
  jisr::v1::Schedule schedule;
  schedule.ParseFromString(row.data);
  return schedule;
}

storage::ScheduleRow ToRow(const std::string& id, const jisr::v1::Schedule& schedule,
                           std::vector<std::string> variant_ids) {
  storage::ScheduleRow row;
  row.id = id;
  row.due_micros = absl::ToUnixMicros(FromProto(schedule.due_time()));
  row.state = schedule.state();
  row.variant_ids = std::move(variant_ids);
  row.data = schedule.SerializeAsString();
  return row;
}

}  // namespace

absl::StatusOr<jisr::v1::Schedule> Newsroom::CreateSchedule(
    const jisr::v1::CreateScheduleRequest& request, const CallContext& context) {
  const jisr::v1::Schedule& input = request.schedule();
  FieldViolations violations;
  std::vector<std::string> ids;
  if (input.variants_size() == 0 || input.variants_size() > 20) {
    violations.Add("schedule.variants", "1 to 20 variant names");
  }
  for (int i = 0; i < input.variants_size(); ++i) {
    const std::string field = absl::StrCat("schedule.variants[", i, "]");
    auto id = ParseVariantName(field, input.variants(i));
    if (!id.ok()) {
      for (const auto& v : FieldViolationsOf(id.status())) violations.Add(v.field, v.description);
    } else if (std::find(ids.begin(), ids.end(), *id) != ids.end()) {
      violations.Add(field, "listed twice");
    } else {
      ids.push_back(*id);
    }
  }
  if (input.action() != jisr::v1::SCHEDULE_ACTION_PUBLISH &&
      input.action() != jisr::v1::SCHEDULE_ACTION_UNPUBLISH) {
    violations.Add("schedule.action", "SCHEDULE_ACTION_PUBLISH or SCHEDULE_ACTION_UNPUBLISH");
  }
  if (!input.has_due_time()) {
    violations.Add("schedule.due_time", "required: when to carry it out");
  } else if (FromProto(input.due_time()) <= options_.clock()) {
    violations.Add("schedule.due_time", "must be in the future: to publish now, PublishVariant");
  }
  JISR_RETURN_IF_ERROR(violations.ToStatus());
  return RunWrite<jisr::v1::Schedule>(
      "CreateSchedule", request, request.request_id(), false, context,
      [&](Write& write) -> absl::StatusOr<jisr::v1::Schedule> {
        std::vector<StoredVariant> variants;
        for (size_t i = 0; i < ids.size(); ++i) {
          const std::string field = absl::StrCat("schedule.variants[", i, "]");
          JISR_ASSIGN_OR_RETURN(StoredVariant v, LoadVariant(write.txn, ids[i], field));
          if (v.variant.has_delete_time()) {
            return PreconditionError("VARIANT_DELETED", v.variant.name(),
                                     absl::StrCat(v.variant.name(), " is deleted"));
          }
          if (!variants.empty() && v.row.story_id != variants.front().row.story_id) {
            return InvalidFieldError(field, "a schedule changes the variants of one story");
          }
          variants.push_back(std::move(v));
        }
        const std::string id = NewResourceId();
        jisr::v1::Schedule schedule;
        schedule.set_name(absl::StrCat("schedules/", id));
        for (const StoredVariant& v : variants) schedule.add_variants(v.variant.name());
        schedule.set_action(input.action());
        *schedule.mutable_due_time() = input.due_time();
        schedule.set_state(jisr::v1::SCHEDULE_STATE_PENDING);
        schedule.set_author(write.author);
        *schedule.mutable_create_time() = ToProto(write.now);
        JISR_RETURN_IF_ERROR(write.txn.InsertSchedule(ToRow(id, schedule, ids)));
        for (StoredVariant& v : variants) {
          auto* change = v.variant.add_scheduled_changes();
          change->set_schedule(schedule.name());
          change->set_action(schedule.action());
          *change->mutable_due_time() = schedule.due_time();
          JISR_RETURN_IF_ERROR(SaveVariant(write, v, /*insert=*/false, /*bump_version=*/false));
          JISR_RETURN_IF_ERROR(
              AppendEvent(write, jisr::v1::CHANGE_KIND_SCHEDULED, &v, v.row.story_id));
        }
        return schedule;
      });
}

absl::StatusOr<jisr::v1::Schedule> Newsroom::GetSchedule(
    const jisr::v1::GetScheduleRequest& request, const CallContext&) {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseScheduleName("name", request.name()));
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  JISR_ASSIGN_OR_RETURN(std::optional<storage::ScheduleRow> row, txn->GetSchedule(id));
  if (!row.has_value()) {
    return ResourceNotFoundError("Schedule", request.name(), "SCHEDULE_NOT_FOUND",
                                 absl::StrCat(request.name(), " does not exist"));
  }
  return ParseSchedule(*row);
}

absl::StatusOr<jisr::v1::ListSchedulesResponse> Newsroom::ListSchedules(
    const jisr::v1::ListSchedulesRequest& request, const CallContext&) {
  JISR_ASSIGN_OR_RETURN(int limit, CheckPageSize("page_size", request.page_size()));
  storage::ScheduleQuery query;
  query.state = request.state() == jisr::v1::SCHEDULE_STATE_UNSPECIFIED
                    ? jisr::v1::SCHEDULE_STATE_PENDING
                    : request.state();
  if (!request.variant().empty()) {
    JISR_ASSIGN_OR_RETURN(query.variant_id, ParseVariantName("variant", request.variant()));
  }
  query.limit = limit + 1;
  const std::string filter = absl::StrCat("schedules:", query.state, ":", query.variant_id);
  if (!request.page_token().empty()) {
    JISR_ASSIGN_OR_RETURN(query.after,
                          DecodePageToken("page_token", request.page_token(), filter));
  }
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  JISR_ASSIGN_OR_RETURN(std::vector<storage::ScheduleRow> rows, txn->ListSchedules(query));
  jisr::v1::ListSchedulesResponse response;
  for (int i = 0; i < static_cast<int>(rows.size()) && i < limit; ++i) {
    *response.add_schedules() = ParseSchedule(rows[i]);
  }
  if (static_cast<int>(rows.size()) > limit) {
    response.set_next_page_token(
        EncodePageToken(rows[limit - 1].due_micros, rows[limit - 1].id, filter));
  }
  return response;
}

// Removes `schedule` from the variants' scheduled_changes.
static void ForgetSchedule(jisr::v1::Variant& variant, const std::string& schedule) {
  auto* changes = variant.mutable_scheduled_changes();
  for (int i = changes->size() - 1; i >= 0; --i) {
    if (changes->Get(i).schedule() == schedule) changes->DeleteSubrange(i, 1);
  }
}

absl::StatusOr<jisr::v1::Schedule> Newsroom::CancelSchedule(
    const jisr::v1::CancelScheduleRequest& request, const CallContext& context) {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseScheduleName("name", request.name()));
  return RunWrite<jisr::v1::Schedule>(
      "CancelSchedule", request, request.request_id(), false, context,
      [&](Write& write) -> absl::StatusOr<jisr::v1::Schedule> {
        JISR_ASSIGN_OR_RETURN(std::optional<storage::ScheduleRow> row, write.txn.GetSchedule(id));
        if (!row.has_value()) {
          return ResourceNotFoundError("Schedule", request.name(), "SCHEDULE_NOT_FOUND",
                                       absl::StrCat(request.name(), " does not exist"));
        }
        jisr::v1::Schedule schedule = ParseSchedule(*row);
        if (schedule.state() != jisr::v1::SCHEDULE_STATE_PENDING) {
          return PreconditionError("NOT_PENDING", schedule.name(),
                                   absl::StrCat(schedule.name(), " is no longer pending"));
        }
        schedule.set_state(jisr::v1::SCHEDULE_STATE_CANCELED);
        *schedule.mutable_finish_time() = ToProto(write.now);
        JISR_RETURN_IF_ERROR(write.txn.UpdateSchedule(ToRow(id, schedule, row->variant_ids)));
        for (const std::string& variant_id : row->variant_ids) {
          JISR_ASSIGN_OR_RETURN(StoredVariant v, LoadVariant(write.txn, variant_id, "variants"));
          ForgetSchedule(v.variant, schedule.name());
          JISR_RETURN_IF_ERROR(SaveVariant(write, v, /*insert=*/false, /*bump_version=*/false));
          JISR_RETURN_IF_ERROR(
              AppendEvent(write, jisr::v1::CHANGE_KIND_SCHEDULED, &v, v.row.story_id));
        }
        return schedule;
      });
}

absl::StatusOr<std::vector<jisr::v1::Schedule>> Newsroom::RunDueSchedules() {
  jisr::v1::ListSchedulesRequest marker;  // no request_id: the claim itself is the guard
  JISR_ASSIGN_OR_RETURN(
      jisr::v1::ListSchedulesResponse ran,
      RunWrite<jisr::v1::ListSchedulesResponse>(
      "RunDueSchedules", marker, "", false, CallContext{kSchedulerAuthor},
      [&](Write& write) -> absl::StatusOr<jisr::v1::ListSchedulesResponse> {
        jisr::v1::ListSchedulesResponse out;
        JISR_ASSIGN_OR_RETURN(std::vector<storage::ScheduleRow> due,
                              write.txn.ClaimDueSchedules(jisr::v1::SCHEDULE_STATE_PENDING,
                                                          write.now_micros, 20));
        for (const storage::ScheduleRow& row : due) {
          jisr::v1::Schedule schedule = ParseSchedule(row);
          std::vector<StoredVariant> variants;
          std::vector<std::string> problems;
          for (const std::string& variant_id : row.variant_ids) {
            JISR_ASSIGN_OR_RETURN(StoredVariant v,
                                  LoadVariant(write.txn, variant_id, "variants"));
            absl::Status ok =
                schedule.action() == jisr::v1::SCHEDULE_ACTION_PUBLISH
                    ? CheckPublishable(write, v, v.variant.latest_revision())
                    : (v.variant.state() == jisr::v1::VARIANT_STATE_PUBLISHED
                           ? absl::OkStatus()
                           : absl::FailedPreconditionError(
                                 absl::StrCat(v.variant.name(), " is not published")));
            if (!ok.ok()) problems.push_back(std::string(ok.message()));
            variants.push_back(std::move(v));
          }
          // All or nothing: one variant that cannot change fails the schedule and changes none.
          if (problems.empty()) {
            for (StoredVariant& v : variants) {
              if (schedule.action() == jisr::v1::SCHEDULE_ACTION_PUBLISH) {
                JISR_RETURN_IF_ERROR(PublishInTransaction(write, v, 0, write.now, false));
              } else {
                JISR_RETURN_IF_ERROR(UnpublishInTransaction(write, v));
              }
            }
            schedule.set_state(jisr::v1::SCHEDULE_STATE_DONE);
          } else {
            schedule.set_state(jisr::v1::SCHEDULE_STATE_FAILED);
            schedule.set_failure(absl::StrJoin(problems, "; "));
          }
          *schedule.mutable_finish_time() = ToProto(write.now);
          JISR_RETURN_IF_ERROR(write.txn.UpdateSchedule(ToRow(row.id, schedule, row.variant_ids)));
          for (const std::string& variant_id : row.variant_ids) {
            JISR_ASSIGN_OR_RETURN(StoredVariant v,
                                  LoadVariant(write.txn, variant_id, "variants"));
            ForgetSchedule(v.variant, schedule.name());
            JISR_RETURN_IF_ERROR(SaveVariant(write, v, /*insert=*/false, /*bump_version=*/false));
          }
          *out.add_schedules() = schedule;
        }
        return out;
      }));
  return std::vector<jisr::v1::Schedule>(ran.schedules().begin(), ran.schedules().end());
}

absl::StatusOr<std::optional<absl::Time>> Newsroom::NextScheduleDue() {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  storage::ScheduleQuery query;
  query.state = jisr::v1::SCHEDULE_STATE_PENDING;
  query.limit = 1;
  JISR_ASSIGN_OR_RETURN(std::vector<storage::ScheduleRow> rows, txn->ListSchedules(query));
  if (rows.empty()) return std::optional<absl::Time>();
  return std::optional<absl::Time>(absl::FromUnixMicros(rows.front().due_micros));
}

}  // namespace jisr::articles
