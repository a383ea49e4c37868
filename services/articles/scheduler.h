// Runs scheduled publishing: a thread that carries out every schedule when it falls due (and,
// after a restart, any that fell due while the server was down). Several replicas may each run
// one: a schedule is claimed in the transaction that carries it out, so it runs once.
#ifndef JISR_SERVICES_ARTICLES_SCHEDULER_H_
#define JISR_SERVICES_ARTICLES_SCHEDULER_H_

#include <atomic>
#include <cstdint>
#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "services/articles/newsroom.h"

namespace jisr::articles {

class Scheduler {
 public:
  // `newsroom` must outlive the scheduler. `interval` bounds how late a schedule runs.
  Scheduler(Newsroom* newsroom, absl::Duration interval);
  ~Scheduler();  // stops the thread

  void Start();

  // Schedules carried out since start, and those of them that failed.
  int64_t schedules_run() const { return run_.load(std::memory_order_relaxed); }
  int64_t schedules_failed() const { return failed_.load(std::memory_order_relaxed); }

 private:
  void Run();

  Newsroom* const newsroom_;
  const absl::Duration interval_;
  absl::Notification stop_;
  std::thread thread_;
  std::atomic<int64_t> run_{0};
  std::atomic<int64_t> failed_{0};
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_SCHEDULER_H_
