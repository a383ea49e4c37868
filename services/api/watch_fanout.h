// Runs woken Watch streams' pulls in batches, a connection's streams together. When events
// arrive the feed's tailer wakes every waiting stream at once; rather than a worker-pool task
// (and a thread woken) per stream per event, the woken streams join one queue that a few
// drainers on the watch threads empty. The queue is kept per connection and a drainer runs the
// pulls woken on one connection back to back (up to a cap): their writes reach the connection's
// transport together, and gRPC puts the frames of those that meet a write in progress into
// that connection's next write (one sendmsg) rather than one write each.
#ifndef JISR_SERVICES_API_WATCH_FANOUT_H_
#define JISR_SERVICES_API_WATCH_FANOUT_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "services/api/worker_pool.h"

namespace jisr::api {

class WatchFanout {
 public:
  // Drains on `workers` (which must outlive it) with at most `drainers` tasks at once.
  WatchFanout(WorkerPool* workers, int drainers) : workers_(workers), drainers_(drainers) {}

  // Runs `pull` on a watch thread soon, in a burst with the other pulls woken on the same
  // `connection` (any number naming the stream's connection). Never blocks: the feed's tailer
  // calls it.
  void Add(uint64_t connection, std::function<void()> pull);

 private:
  void Drain();

  WorkerPool* const workers_;
  const int drainers_;
  absl::Mutex mu_;
  // Pulls waiting, by connection, and the connections that have some in the order they woke.
  absl::flat_hash_map<uint64_t, std::vector<std::function<void()>>> waiting_ ABSL_GUARDED_BY(mu_);
  std::deque<uint64_t> ready_ ABSL_GUARDED_BY(mu_);
  int draining_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace jisr::api

#endif  // JISR_SERVICES_API_WATCH_FANOUT_H_
