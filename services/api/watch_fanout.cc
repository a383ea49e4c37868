#include "services/api/watch_fanout.h"

#include <utility>
#include <vector>

namespace jisr::api {
namespace {
// Pulls a drainer takes from the queue at a time: enough to spare the lock, few enough that
// the other drainers share a burst.
constexpr size_t kTake = 32;
}  // namespace

void WatchFanout::Add(std::function<void()> pull) {
  {
    absl::MutexLock lock(&mu_);
    queue_.push_back(std::move(pull));
    if (draining_ >= drainers_) return;  // a running drainer takes it
    ++draining_;
  }
  workers_->Schedule([this] { Drain(); });
}

void WatchFanout::Drain() {
  std::vector<std::function<void()>> taken;
  while (true) {
    taken.clear();
    {
      absl::MutexLock lock(&mu_);
      if (queue_.empty()) {
        --draining_;
        return;
      }
      while (!queue_.empty() && taken.size() < kTake) {
        taken.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    for (auto& pull : taken) pull();
  }
}

}  // namespace jisr::api
