// The registry of open Watch streams: the caps on them, and their end at shutdown.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/api/watch_reactor.h"
#include "services/api/watch_state.h"
#include "services/common/errors.h"

namespace jisr::api {

absl::Status WatchStreams::Add(const std::shared_ptr<WatchReactor::State>& state,
                               const WatchOptions& options) {
  absl::MutexLock lock(&mu_);
  if (ended_) {
    return ReasonedError(
        absl::StatusCode::kUnavailable, "SHUTTING_DOWN",
        "this jisrd is shutting down: watch through another replica, or after the restart");
  }
  if (static_cast<int>(open_.size()) >= options.max_streams) {
    return BusyError("TOO_MANY_WATCH_STREAMS",
                     absl::StrCat("this jisrd serves ", options.max_streams,
                                  " Watch streams already: retry later, or watch another replica"),
                     absl::Seconds(5));
  }
  int& mine = per_caller_[state->caller_key];
  if (mine >= options.max_streams_per_caller) {
    if (mine == 0) per_caller_.erase(state->caller_key);
    return BusyError("TOO_MANY_WATCH_STREAMS_FOR_CALLER",
                     absl::StrCat("you have ", options.max_streams_per_caller,
                                  " Watch streams open already: one stream carries every change "
                                  "(filter on the client), so close the others"),
                     absl::Seconds(5));
  }
  ++mine;
  open_.emplace(state.get(), state);
  return absl::OkStatus();
}

void WatchStreams::Remove(const WatchReactor::State* state) {
  absl::MutexLock lock(&mu_);
  if (open_.erase(state) == 0) return;
  auto it = per_caller_.find(state->caller_key);
  if (it != per_caller_.end() && --it->second <= 0) per_caller_.erase(it);
}

size_t WatchStreams::open() const {
  absl::MutexLock lock(&mu_);
  return open_.size();
}

void WatchStreams::EndAll() {
  std::vector<std::shared_ptr<WatchReactor::State>> open;
  {
    absl::MutexLock lock(&mu_);
    ended_ = true;
    for (const auto& [key, weak] : open_) {
      if (auto state = weak.lock()) open.push_back(std::move(state));
    }
  }
  // Outside the registry's lock: a stream finishing calls Remove.
  for (const auto& state : open) WatchReactor::EndForShutdown(state);
}

}  // namespace jisr::api
