// Scheduled publishing: a publish or unpublish of a set of variants of one story at a future
// time, carried out exactly once. A due schedule is claimed, applied and marked done in one
// transaction, so a crash rolls all three back and another replica cannot claim it meanwhile.
#ifndef JISR_SERVICES_ARTICLES_SCHEDULES_H_
#define JISR_SERVICES_ARTICLES_SCHEDULES_H_

#include <optional>
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
            const PublishSteps& steps)
      : storage_(storage), runner_(runner), store_(store), steps_(steps) {}

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
  // Returns the schedules that ran (done or failed).
  absl::StatusOr<std::vector<jisr::v1::Schedule>> RunDueSchedules() const;
  // When the next pending schedule is due, if any.
  absl::StatusOr<std::optional<absl::Time>> NextScheduleDue() const;

 private:
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
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_SCHEDULES_H_
