#include "services/articles/scheduler.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "jisr/v1/resources.pb.h"
#include "services/common/log.h"

namespace jisr::articles {

Scheduler::Scheduler(Newsroom* newsroom, absl::Duration interval)
    : newsroom_(newsroom), interval_(interval) {}

Scheduler::~Scheduler() {
  stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

void Scheduler::Start() {
  thread_ = std::thread([this] { Run(); });
}

void Scheduler::Run() {
  do {
    absl::StatusOr<std::optional<absl::Time>> next = newsroom_->schedules().NextScheduleDue();
    if (!next.ok()) {
      LogError(absl::StrCat("scheduler: cannot read schedules (", next.status().ToString(),
                            "); trying again"));
      continue;
    }
    if (!next->has_value() || **next > absl::Now()) continue;
    absl::StatusOr<std::vector<jisr::v1::Schedule>> ran = newsroom_->schedules().RunDueSchedules();
    if (!ran.ok()) {
      LogError(absl::StrCat("scheduler: ", ran.status().ToString(), "; trying again"));
      continue;
    }
    for (const jisr::v1::Schedule& schedule : *ran) {
      run_.fetch_add(1, std::memory_order_relaxed);
      if (schedule.state() == jisr::v1::SCHEDULE_STATE_FAILED) {
        failed_.fetch_add(1, std::memory_order_relaxed);
      }
      LogInfo(absl::StrCat("scheduler: ", schedule.name(), " ",
                           jisr::v1::ScheduleState_Name(schedule.state()),
                           schedule.failure().empty() ? "" : ": ", schedule.failure()));
    }
  } while (!stop_.WaitForNotificationWithTimeout(interval_));
}

}  // namespace jisr::articles
