#include "services/api/watch_fanout.h"

#include <utility>
#include <vector>

namespace jisr::api {

void WatchFanout::Add(uint64_t connection, std::function<void()> pull) {
  {
    absl::MutexLock lock(&mu_);
    std::vector<std::function<void()>>& pulls = waiting_[connection];
    if (pulls.empty()) ready_.push_back(connection);
    pulls.push_back(std::move(pull));
    if (draining_ >= drainers_) return;  // a running drainer takes it
    ++draining_;
  }
  workers_->Schedule([this] { Drain(); });
}

void WatchFanout::Drain() {
  std::vector<std::function<void()>> burst;
  while (true) {
    burst.clear();
    {
      absl::MutexLock lock(&mu_);
      if (ready_.empty()) {
        --draining_;
        return;
      }
      auto it = waiting_.find(ready_.front());
      ready_.pop_front();
      burst.swap(it->second);
      waiting_.erase(it);
    }
    for (auto& pull : burst) pull();
  }
}

}  // namespace jisr::api
