// What one Watch stream shares between its reactor, the pulls queued on the worker pool and the
// registry of open streams. Private to services/api/watch_*.cc.
#ifndef JISR_SERVICES_API_WATCH_STATE_H_
#define JISR_SERVICES_API_WATCH_STATE_H_

#include <grpcpp/alarm.h>
#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "jisr/v1/article_service.pb.h"
#include "services/api/watch_reactor.h"
#include "services/api/wire.h"
#include "services/api/worker_pool.h"
#include "services/articles/change_feed.h"

namespace jisr::api {

// Shared with pulls queued on the worker pool, which may outlive the reactor; `reactor` is
// used only while `finished` is false, and OnDone (which deletes it) comes after Finish.
struct WatchReactor::State {
  absl::Mutex mu;
  WatchReactor* reactor ABSL_GUARDED_BY(mu) = nullptr;
  articles::ChangeFeed* feed = nullptr;
  WorkerPool* workers = nullptr;
  WatchFanout* fanout = nullptr;
  WatchOptions options;
  articles::FeedFilter filter;
  // A stream of a caller who reads published content only: no principals or names in events.
  bool redact_authors = false;
  int64_t position ABSL_GUARDED_BY(mu) = 0;  // the last sequence read from the feed
  // The fewest events this stream has been behind the newest. A stream is told to resume only
  // when it falls max_behind further behind than that: a watcher resuming from far back is
  // catching up, not falling behind, and must be let through or it could never catch up.
  int64_t least_behind ABSL_GUARDED_BY(mu) = std::numeric_limits<int64_t>::max();
  // A message queued for the stream: serialized already, and for an event, the feed's bytes
  // shared with every other stream that sends them.
  struct Outgoing {
    int64_t sequence = 0;
    grpc::ByteBuffer bytes;
  };
  std::deque<Outgoing> pending ABSL_GUARDED_BY(mu);
  bool writing ABSL_GUARDED_BY(mu) = false;
  bool pulling ABSL_GUARDED_BY(mu) = false;
  bool finished ABSL_GUARDED_BY(mu) = false;
  std::optional<grpc::Status> finish_after_write ABSL_GUARDED_BY(mu);
  uint64_t wake_token ABSL_GUARDED_BY(mu) = 0;
  WatchStreams* streams = nullptr;
  grpc::CallbackServerContext* context = nullptr;
  // The stream starts at the newest committed event, read by Open on the worker pool (the
  // tailer's head may not have reached a commit the caller has already seen acknowledged).
  bool start_at_head = false;
  // The stream starts at the oldest event still kept (from_oldest), read by Open likewise.
  bool start_at_oldest = false;
  // The connection the stream is on (a hash of its peer address): the fan-out runs the pulls
  // of one connection's streams together.
  uint64_t connection = 0;
  // Whose stream this is, for the per-caller cap: the principal, or the peer when anonymous.
  std::string caller_key;
  // Heartbeats: how often (zero for none), when anything was last sent, and the timer that
  // wakes an idle stream to send one.
  absl::Duration heartbeat = absl::ZeroDuration();
  absl::Time last_sent ABSL_GUARDED_BY(mu);
  std::unique_ptr<grpc::Alarm> alarm ABSL_GUARDED_BY(mu);

  bool HeartbeatDueLocked(absl::Time now) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    return heartbeat > absl::ZeroDuration() && now - last_sent >= heartbeat;
  }

  // Queues a heartbeat at the stream's position and writes it (nothing is queued or writing).
  void SendHeartbeatLocked(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    jisr::v1::ChangeEvent beat;
    beat.set_kind(jisr::v1::CHANGE_KIND_HEARTBEAT);
    beat.set_sequence(position);
    beat.set_cursor(articles::ChangeFeed::CursorFor(position));
    const int64_t nanos = absl::ToUnixNanos(now);
    beat.mutable_time()->set_seconds(nanos / 1000000000);
    beat.mutable_time()->set_nanos(static_cast<int32_t>(nanos % 1000000000));
    Outgoing out{position, {}};
    EncodeResponse(beat, out.bytes).IgnoreError();  // a message this small always serializes
    pending.push_back(std::move(out));
    WriteFrontLocked();
  }

  // Writes the first message queued (nothing is writing). When more are queued behind it, the
  // transport may hold it and report it written at once: it goes out with the last of them in
  // one write rather than one write each.
  void WriteFrontLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    writing = true;
    grpc::WriteOptions options;
    if (pending.size() > 1) options.set_buffer_hint();
    reactor->StartWrite(&pending.front().bytes, options);
  }

  // The sequence through which the client gets every event it asked for if the stream ends
  // now: the write in flight completes first, events still queued are dropped.
  int64_t DeliveredThroughLocked() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    const size_t first_dropped = writing ? 1 : 0;
    if (pending.size() <= first_dropped) return position;
    return pending[first_dropped].sequence - 1;
  }

  // True until the stream is finished or set to finish.
  bool ActiveLocked() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    return !finished && !finish_after_write.has_value();
  }

  // Finishes now, or after the write in flight completes.
  void FinishLocked(grpc::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    if (finished || finish_after_write.has_value()) return;
    if (writing) {
      finish_after_write = std::move(status);
      return;
    }
    finished = true;
    reactor->Finish(status);
  }
};

}  // namespace jisr::api

#endif  // JISR_SERVICES_API_WATCH_STATE_H_
