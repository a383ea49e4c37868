// One Watch stream. It pulls events from the change feed on the worker pool, writes them one at
// a time (gRPC flow control paces it to the client), and when it has caught up asks the feed to
// wake it. Nothing it does can block a writer: the feed never waits for a watcher.
#ifndef JISR_SERVICES_API_WATCH_REACTOR_H_
#define JISR_SERVICES_API_WATCH_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <deque>
#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "jisr/v1/article_service.pb.h"
#include "services/api/worker_pool.h"
#include "services/articles/change_feed.h"

namespace jisr::api {

struct WatchOptions {
  // Events read from the feed per pull.
  int batch = 256;
  // A watcher this many events behind the newest is ended with ABORTED (reason WATCH_BEHIND)
  // and resumes from its cursor, which restarts its catch-up from storage in large batches.
  int64_t max_behind = 100000;
};

class WatchReactor final : public grpc::ServerWriteReactor<jisr::v1::ChangeEvent> {
 public:
  // Validates the request and starts streaming (or finishes at once with the error).
  static grpc::ServerWriteReactor<jisr::v1::ChangeEvent>* Start(
      grpc::CallbackServerContext* context, const jisr::v1::WatchRequest& request,
      articles::ChangeFeed* feed, WorkerPool* workers, const WatchOptions& options);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  struct State;
  explicit WatchReactor(std::shared_ptr<State> state) : state_(std::move(state)) {}
  static void SchedulePull(const std::shared_ptr<State>& state);
  static void Pull(const std::shared_ptr<State>& state);

  std::shared_ptr<State> state_;
};

}  // namespace jisr::api

#endif  // JISR_SERVICES_API_WATCH_REACTOR_H_
