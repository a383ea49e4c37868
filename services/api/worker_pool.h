// A fixed pool of threads for work that may block (storage), so that gRPC's callback threads
// never wait on a disk or a database.
#ifndef JISR_SERVICES_API_WORKER_POOL_H_
#define JISR_SERVICES_API_WORKER_POOL_H_

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace jisr::api {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  // Runs every queued task, then joins the threads.
  ~WorkerPool();

  void Schedule(std::function<void()> task);

 private:
  void Run();

  absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace jisr::api

#endif  // JISR_SERVICES_API_WORKER_POOL_H_
