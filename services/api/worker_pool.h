// A fixed pool of threads for work that may block (storage), so that gRPC's callback threads
// never wait on a disk or a database. Its queue is bounded: a call that finds it full is told at
// once to come back later (TrySchedule), rather than waiting behind an unbounded backlog that
// would make every later call late too.
#ifndef JISR_SERVICES_API_WORKER_POOL_H_
#define JISR_SERVICES_API_WORKER_POOL_H_

#include <cstddef>
#include <deque>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace jisr::api {

class WorkerPool {
 public:
  // `name` says which pool in errors and metrics. At most `max_queued` tasks wait for a thread.
  // `lower_priority` raises the threads' nice value by that much (Linux schedules threads on
  // their own): CPU-bound work that may wait, such as TextService's, then yields the cores to
  // the calls that must not, such as published reads.
  WorkerPool(std::string name, int threads, size_t max_queued, int lower_priority = 0);
  // Runs every queued task, then joins the threads.
  ~WorkerPool();

  const std::string& name() const { return name_; }
  int threads() const { return static_cast<int>(threads_.size()); }

  // Queues `task` unless a thread is free for it or fewer than max_queued tasks are waiting
  // (so max_queued 0 still runs tasks on idle threads); false otherwise, and `task` is dropped
  // (the caller answers RESOURCE_EXHAUSTED).
  bool TrySchedule(std::function<void()> task);
  // Queues `task` whatever the queue holds: for work already admitted whose number is bounded
  // elsewhere (one pull per open Watch stream, and the streams are capped).
  void Schedule(std::function<void()> task);

  // Tasks waiting for a thread now, and tasks refused since start.
  size_t queued() const;
  size_t refused() const;

 private:
  void Run();

  const std::string name_;
  const size_t max_queued_;
  const int lower_priority_;
  mutable absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  size_t refused_ ABSL_GUARDED_BY(mu_) = 0;
  // Threads waiting for a task.
  size_t idle_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace jisr::api

#endif  // JISR_SERVICES_API_WORKER_POOL_H_
