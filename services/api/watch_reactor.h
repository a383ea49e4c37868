// One Watch stream. It pulls events from the change feed on the worker pool, writes them one at
// a time (gRPC flow control paces it to the client), and when it has caught up asks the feed to
// wake it. It writes the bytes the feed serialized once for every stream (a raw method), so a
// thousand watchers cost one serialization of each event, not a thousand. Nothing it does can block
// a writer: the feed never waits for a watcher.
#ifndef JISR_SERVICES_API_WATCH_REACTOR_H_
#define JISR_SERVICES_API_WATCH_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "jisr/v1/article_service.pb.h"
#include "services/api/watch_fanout.h"
#include "services/api/worker_pool.h"
#include "services/articles/call_context.h"
#include "services/articles/change_feed.h"
#include "services/config/newsroom_config.h"

namespace jisr::api {

struct WatchOptions {
  // Events read from the feed per pull.
  int batch = 256;
  // A watcher that falls this many events further behind the newest than it has been on its
  // stream (it reads slower than the newsroom writes) is ended with ABORTED (reason
  // WATCH_BEHIND) and resumes from its cursor. A watcher resuming from far back is not ended
  // while it catches up.
  int64_t max_behind = 100000;
  // Open streams at most, in all and per caller (its principal, or its address when anonymous):
  // past either, a new stream is refused with RESOURCE_EXHAUSTED, so one client cannot hold
  // every stream slot or every pull thread.
  int max_streams = 1000;
  int max_streams_per_caller = 32;
};

// The initial metadata key of the cursor a stream starts after: a client that is disconnected
// before its first event resumes from it and misses nothing.
inline constexpr char kWatchStartCursorKey[] = "x-jisr-watch-cursor";

class WatchStreams;

class WatchReactor final : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
 public:
  // Validates the request for `caller` (or finishes at once with its error, or the caller's
  // refusal) and starts streaming. The stream is in `streams` until it is done.
  static grpc::ServerWriteReactor<grpc::ByteBuffer>* Start(
      grpc::CallbackServerContext* context, const jisr::v1::WatchRequest& request,
      absl::StatusOr<articles::CallContext> caller, const config::NewsroomConfig& config,
      articles::ChangeFeed* feed, WorkerPool* workers, WatchFanout* fanout,
      const WatchOptions& options, WatchStreams* streams);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  friend class WatchStreams;
  struct State;
  explicit WatchReactor(std::shared_ptr<State> state) : state_(std::move(state)) {}
  // Fixes where the stream starts, tells the client, and pulls for the first time.
  static void Open(const std::shared_ptr<State>& state);
  // Queues a Pull (on the fan-out queue) unless one is queued or a write is in flight: the
  // feed's tailer, a completed write and the heartbeat timer call it. Never blocks.
  static void Deliver(const std::shared_ptr<State>& state);
  // Reads the stream's next events (from storage when need be) on a watch thread.
  static void Pull(const std::shared_ptr<State>& state);
  // Queues what a read after `after` found (scanned through `scanned`) and writes it, or ends
  // the stream, or waits for more.
  static void Take(const std::shared_ptr<State>& state, int64_t after,
                   absl::StatusOr<std::vector<articles::SharedEvent>> events, int64_t scanned);
  // Caught up: asks the feed to wake the stream after sequence `after`, and sets the heartbeat
  // timer when the stream wants heartbeats.
  static void WaitForMore(const std::shared_ptr<State>& state, int64_t after);
  // Ends the stream with UNAVAILABLE and the cursor after the last event it delivers.
  static void EndForShutdown(const std::shared_ptr<State>& state);

  std::shared_ptr<State> state_;
};

// The open Watch streams. A Watch never ends by itself, so a server shutting down ends them
// first (UNAVAILABLE, reason SHUTTING_DOWN, with the cursor to resume from, at another replica
// or after the restart) rather than letting them hold its shutdown for the whole grace period.
class WatchStreams {
 public:
  // Ends every open stream, and every stream started from now on.
  void EndAll();
  // Streams open now.
  size_t open() const;
  // Messages written to streams (events and heartbeats), and streams ended for falling too
  // far behind, since start.
  int64_t sent() const { return sent_.load(std::memory_order_relaxed); }
  int64_t ended_behind() const { return ended_behind_.load(std::memory_order_relaxed); }

 private:
  friend class WatchReactor;
  // OK when the stream is added; UNAVAILABLE once EndAll has run, RESOURCE_EXHAUSTED past the
  // caps of `options` for the stream's caller: the stream must then end at once with it.
  absl::Status Add(const std::shared_ptr<WatchReactor::State>& state, const WatchOptions& options);
  void Remove(const WatchReactor::State* state);
  void CountSent() { sent_.fetch_add(1, std::memory_order_relaxed); }
  void CountEndedBehind() { ended_behind_.fetch_add(1, std::memory_order_relaxed); }

  mutable absl::Mutex mu_;
  bool ended_ ABSL_GUARDED_BY(mu_) = false;
  absl::flat_hash_map<const WatchReactor::State*, std::weak_ptr<WatchReactor::State>> open_
      ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, int> per_caller_ ABSL_GUARDED_BY(mu_);
  std::atomic<int64_t> sent_{0};
  std::atomic<int64_t> ended_behind_{0};
};

}  // namespace jisr::api

#endif  // JISR_SERVICES_API_WATCH_REACTOR_H_
