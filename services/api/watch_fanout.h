// Runs woken Watch streams' pulls in batches. When events arrive the feed's tailer wakes every
// waiting stream at once; rather than a worker-pool task (and a thread woken) per stream per
// event, the woken streams join one queue that a few drainers on the watch threads empty, so a
// thousand streams cost a handful of thread wake-ups per batch of events.
#ifndef JISR_SERVICES_API_WATCH_FANOUT_H_
#define JISR_SERVICES_API_WATCH_FANOUT_H_

#include <deque>
#include <functional>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "services/api/worker_pool.h"

namespace jisr::api {

class WatchFanout {
 public:
  // Drains on `workers` (which must outlive it) with at most `drainers` tasks at once.
  WatchFanout(WorkerPool* workers, int drainers) : workers_(workers), drainers_(drainers) {}

  // Runs `pull` on a watch thread soon. Never blocks: the feed's tailer calls it.
  void Add(std::function<void()> pull);

 private:
  void Drain();

  WorkerPool* const workers_;
  const int drainers_;
  absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  int draining_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace jisr::api

#endif  // JISR_SERVICES_API_WATCH_FANOUT_H_
