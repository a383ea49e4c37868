// Scheduled publishing: a publish or unpublish of a set of variants of one story at a future
// time, carried out exactly once. A due schedule is claimed, applied and marked done in one
// transaction, so a crash rolls all three back and another replica cannot claim it meanwhile.
#ifndef JISR_SERVICES_ARTICLES_SCHEDULES_H_
#define JISR_SERVICES_ARTICLES_SCHEDULES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "jisr/v1/article_service.pb.h"
#include "services/articles/article_store.h"
#include "services/articles/publish_steps.h"
#include "services/articles/write_runner.h"
#include "services/storage/storage.h"

namespace jisr::articles {

class Schedules {
 public:
  Schedules(storage::Storage* storage, const WriteRunner& runner, const ArticleStore& store,
            const PublishSteps& steps, size_t max_list_bytes)
      : storage_(storage),
        runner_(runner),
        store_(store),
        steps_(steps),
        max_list_bytes_(max_list_bytes) {}

  absl::StatusOr<jisr::v1::Schedule> CreateSchedule(const jisr::v1::CreateScheduleRequest& request,
                                                    const CallContext& caller) const;
  absl::StatusOr<jisr::v1::Schedule> GetSchedule(const jisr::v1::GetScheduleRequest& request,
                                                 const CallContext& caller) const;
  absl::StatusOr<jisr::v1::ListSchedulesResponse> ListSchedules(
      const jisr::v1::ListSchedulesRequest& request, const CallContext& caller) const;
  absl::StatusOr<jisr::v1::Schedule> CancelSchedule(const jisr::v1::CancelScheduleRequest& request,
                                                    const CallContext& caller) const;

  // Carries out every schedule due now (as the scheduler, jisr-scheduler), each with what it
  // changes in one transaction, so each runs exactly once however many replicas call this.
  // Returns the schedules that ran (done or failed). A schedule whose change would make a view
  // too large (VIEW_TOO_LARGE) fails, with that error as its failure.
  absl::StatusOr<std::vector<jisr::v1::Schedule>> RunDueSchedules() const;
  // When the next pending schedule is due, if any.
  absl::StatusOr<std::optional<absl::Time>> NextScheduleDue() const;

 private:
  // One transaction carrying out up to `limit` due schedules; `first` is set to the id of the
  // first one claimed ("" for none), also when the run fails.
  absl::StatusOr<std::vector<jisr::v1::Schedule>> RunDue(int limit, std::string& first) const;
  // Marks schedule `id` FAILED for `why`, unless it is no longer pending.
  absl::StatusOr<std::vector<jisr::v1::Schedule>> FailPending(const std::string& id,
                                                              absl::string_view why) const;
  // Applies one claimed schedule: all of its variants change, or (FAILED) none.
  absl::StatusOr<jisr::v1::Schedule> CarryOut(WriteContext& write,
                                              const storage::ScheduleRow& row) const;
  // Removes a finished schedule from its variants' scheduled_changes.
  absl::Status Forget(WriteContext& write, const storage::ScheduleRow& row,
                      const jisr::v1::Schedule& schedule, bool announce) const;

  storage::Storage* const storage_;
  const WriteRunner& runner_;
  const ArticleStore& store_;
  const PublishSteps& steps_;
  // The most bytes of items a list page holds (Page::Fill).
  const size_t max_list_bytes_;
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_SCHEDULES_H_
