#include "services/api/watch_reactor.h"

#include <grpcpp/alarm.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "absl/hash/hash.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/api/grpc_status.h"
#include "services/api/watch_state.h"
#include "services/api/wire.h"
#include "services/articles/watch_filter.h"
#include "services/common/errors.h"

namespace jisr::api {
namespace {

// The address of a peer without its port ("ipv4:10.0.0.7:51234" -> "ipv4:10.0.0.7"): anonymous
// streams are capped per host, not per connection, which a client opens as many of as it likes.
std::string PeerHost(const std::string& peer) {
  const size_t colon = peer.rfind(':');
  return colon == std::string::npos || colon < peer.find(':') + 1 ? peer : peer.substr(0, colon);
}

}  // namespace

grpc::ServerWriteReactor<grpc::ByteBuffer>* WatchReactor::Start(
    grpc::CallbackServerContext* context, const jisr::v1::WatchRequest& request,
    absl::StatusOr<articles::CallContext> caller, const config::NewsroomConfig& config,
    articles::ChangeFeed* feed, WorkerPool* workers, WatchFanout* fanout,
    const WatchOptions& options, WatchStreams* streams) {
  auto state = std::make_shared<State>();
  state->feed = feed;
  state->workers = workers;
  state->fanout = fanout;
  state->options = options;
  state->streams = streams;
  auto* reactor = new WatchReactor(state);
  state->connection = absl::HashOf(context->peer());
  if (caller.ok()) {
    state->caller_key = caller->caller.anonymous ? "host " + PeerHost(context->peer())
                                                 : "principal " + caller->caller.principal;
  }
  // A refused caller or a request in error takes no stream slot.
  absl::StatusOr<articles::WatchPlan> plan =
      caller.ok() ? articles::ReadWatchRequest(request, config, *caller) : caller.status();
  const absl::Status added = plan.ok() ? streams->Add(state, options) : plan.status();
  absl::MutexLock lock(&state->mu);
  state->reactor = reactor;
  if (!added.ok()) {
    state->FinishLocked(ToGrpcStatus(added, "Watch"));
    return reactor;
  }
  state->filter = std::move(plan->filter);
  state->heartbeat = plan->heartbeat;
  state->redact_authors = plan->redact_authors;
  state->last_sent = absl::Now();
  state->start_at_head = !plan->resume_after.has_value() && !plan->from_oldest;
  state->start_at_oldest = !plan->resume_after.has_value() && plan->from_oldest;
  // Provisional until Open reads the committed head: a stream ended before then resumes here.
  state->position = plan->resume_after.has_value() ? *plan->resume_after
                    : plan->from_oldest            ? 0
                                                   : feed->head();
  state->context = context;
  state->pulling = true;
  workers->Schedule([state] { Open(state); });
  return reactor;
}

void WatchReactor::Open(const std::shared_ptr<State>& state) {
  bool at_head;
  bool at_oldest;
  {
    absl::MutexLock lock(&state->mu);
    if (!state->ActiveLocked()) {
      state->pulling = false;
      return;
    }
    at_head = state->start_at_head;
    at_oldest = state->start_at_oldest;
  }
  // Every write acknowledged before the Watch was opened is before its start; the oldest
  // retained event is the first after the pruned watermark.
  absl::StatusOr<int64_t> head = at_head     ? state->feed->CommittedHead()
                                 : at_oldest ? state->feed->PrunedThrough()
                                             : absl::StatusOr<int64_t>(0);
  {
    absl::MutexLock lock(&state->mu);
    if (!state->ActiveLocked()) {
      state->pulling = false;
      return;
    }
    if (!head.ok()) {
      state->pulling = false;
      state->FinishLocked(ToGrpcStatus(head.status(), "Watch"));
      return;
    }
    if (at_head || at_oldest) state->position = *head;
    // Tell the client the stream is open, and where it starts, before the first event, which
    // may be a while.
    state->context->AddInitialMetadata(kWatchStartCursorKey,
                                       articles::ChangeFeed::CursorFor(state->position));
    state->reactor->StartSendInitialMetadata();
  }
  Pull(state);
}

void WatchReactor::Deliver(const std::shared_ptr<State>& state) {
  {
    absl::MutexLock lock(&state->mu);
    if (!state->ActiveLocked() || state->pulling || state->writing) return;
    state->pulling = true;
  }
  state->fanout->Add(state->connection, [state] { Pull(state); });
}

// At most one Pull is queued or running per stream (`pulling`), and it writes only
// when no write is in flight (`writing`): gRPC allows one outstanding write per stream.
void WatchReactor::Pull(const std::shared_ptr<State>& state) {
  int64_t after;
  {
    absl::MutexLock lock(&state->mu);
    if (!state->ActiveLocked()) {
      state->pulling = false;
      return;
    }
    after = state->position;
  }
  int64_t scanned = after;
  absl::StatusOr<std::vector<articles::SharedEvent>> events =
      state->feed->ReadShared(after, state->options.batch, state->filter, &scanned);
  Take(state, after, std::move(events), scanned);
}

void WatchReactor::Take(const std::shared_ptr<State>& state, int64_t after,
                        absl::StatusOr<std::vector<articles::SharedEvent>> events,
                        int64_t scanned) {
  const int64_t head = state->feed->head();
  bool pull_again = false;
  bool wait_for_more = false;
  {
    absl::MutexLock lock(&state->mu);
    state->pulling = false;
    if (!state->ActiveLocked()) return;
    if (!events.ok()) {
      state->FinishLocked(ToGrpcStatus(events.status(), "Watch"));
      return;
    }
    const int64_t behind = std::max<int64_t>(head - scanned, 0);
    state->least_behind = std::min(state->least_behind, behind);
    if (behind - state->least_behind > state->options.max_behind) {
      // Everything before `after` has been written to the client, so its cursor is where to go
      // on from (the client's last event's cursor is as good).
      const std::string cursor = articles::ChangeFeed::CursorFor(after);
      state->streams->CountEndedBehind();
      state->FinishLocked(ToGrpcStatus(ReasonedError(
          absl::StatusCode::kAborted, "WATCH_BEHIND",
          absl::StrCat("this watcher fell ", behind - state->least_behind,
                       " events further behind the newest than it was: resume with the cursor "
                       "of the last event received (",
                       cursor, ")"),
          {{"cursor", cursor}})));
      return;
    }
    state->position = scanned;
    for (const articles::SharedEvent& e : *events) {
      State::Outgoing out{e->event.sequence(), {}};
      ShareBytes(state->redact_authors ? e->redacted_bytes : e->bytes, out.bytes);
      state->pending.push_back(std::move(out));
    }
    const absl::Time now = absl::Now();
    if (!state->pending.empty()) {
      if (!state->writing) state->WriteFrontLocked();
    } else if (state->HeartbeatDueLocked(now)) {
      state->SendHeartbeatLocked(now);  // its write's completion pulls again
    } else if (scanned < head) {
      state->pulling = pull_again = true;  // everything read was filtered out: read on
    } else {
      wait_for_more = true;
    }
  }
  if (pull_again) state->workers->Schedule([state] { Pull(state); });
  if (wait_for_more) WaitForMore(state, scanned);
}

void WatchReactor::WaitForMore(const std::shared_ptr<State>& state, int64_t after) {
  uint64_t previous_token;
  {
    absl::MutexLock lock(&state->mu);
    previous_token = std::exchange(state->wake_token, 0);
  }
  // A heartbeat woke this stream last time: its wake-up for new events is still registered.
  if (previous_token != 0) state->feed->CancelWake(previous_token);
  // Outside the lock: the feed may call back at once.
  // The feed's tailer calls it for every waiting stream at once: the streams join one queue.
  uint64_t token = state->feed->WakeAfter(after, [state] { Deliver(state); });
  std::unique_ptr<grpc::Alarm> replaced;
  absl::MutexLock lock(&state->mu);
  // Zero when it woke at once: the stream may have registered again since, and keeps that.
  if (token != 0) state->wake_token = token;
  if (state->heartbeat > absl::ZeroDuration() && state->ActiveLocked()) {
    replaced = std::move(state->alarm);  // destroyed (cancelled) after the lock is released
    state->alarm = std::make_unique<grpc::Alarm>();
    // Weak: the alarm belongs to the state and must not keep it alive.
    state->alarm->Set(absl::ToChronoTime(state->last_sent + state->heartbeat),
                      [weak = std::weak_ptr<State>(state)](bool fired) {
                        if (!fired) return;  // cancelled
                        if (auto alive = weak.lock()) Deliver(alive);
                      });
  }
}

void WatchReactor::OnWriteDone(bool ok) {
  bool pull = false;
  int64_t position = 0;
  {
    absl::MutexLock lock(&state_->mu);
    state_->writing = false;
    state_->last_sent = absl::Now();
    if (ok) state_->streams->CountSent();
    if (!state_->pending.empty()) state_->pending.pop_front();
    if (state_->finish_after_write.has_value()) {
      grpc::Status status = *std::move(state_->finish_after_write);
      state_->finish_after_write.reset();
      state_->FinishLocked(std::move(status));
      return;
    }
    if (!ok) {
      state_->FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "the stream broke"));
      return;
    }
    if (!state_->pending.empty()) {
      state_->WriteFrontLocked();
    } else {
      pull = true;
      position = state_->position;
    }
  }
  if (!pull) return;
  // Caught up, as a stream that keeps up is after every event: wait for the next without a
  // pull (its write was the last thing a heartbeat could be due for).
  if (state_->feed->head() > position) {
    Deliver(state_);
  } else {
    WaitForMore(state_, position);
  }
}

void WatchReactor::OnCancel() {
  uint64_t token;
  {
    absl::MutexLock lock(&state_->mu);
    token = state_->wake_token;
    state_->FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
  }
  if (token != 0) state_->feed->CancelWake(token);
}

void WatchReactor::OnDone() {
  uint64_t token;
  std::unique_ptr<grpc::Alarm> alarm;
  {
    absl::MutexLock lock(&state_->mu);
    state_->finished = true;
    state_->reactor = nullptr;
    token = state_->wake_token;
    alarm = std::move(state_->alarm);
  }
  alarm.reset();  // cancels a pending heartbeat, outside the lock its callback may take
  if (token != 0) state_->feed->CancelWake(token);
  state_->streams->Remove(state_.get());
  delete this;
}

void WatchReactor::EndForShutdown(const std::shared_ptr<State>& state) {
  uint64_t token;
  {
    absl::MutexLock lock(&state->mu);
    if (state->reactor == nullptr) return;  // already done
    token = state->wake_token;
    const std::string cursor = articles::ChangeFeed::CursorFor(state->DeliveredThroughLocked());
    state->FinishLocked(ToGrpcStatus(ReasonedError(
        absl::StatusCode::kUnavailable, "SHUTTING_DOWN",
        absl::StrCat("this jisrd is shutting down: resume with the cursor of the last event "
                     "received (",
                     cursor, "), through another replica or after the restart"),
        {{"cursor", cursor}})));
  }
  if (token != 0) state->feed->CancelWake(token);
}

}  // namespace jisr::api
