#include "services/api/watch_fanout.h"

#include <iterator>
#include <utility>
#include <vector>

namespace jisr::api {
namespace {
// Pulls of one connection a drainer runs in one burst at most: a connection carrying hundreds
// of streams is shared among the drainers rather than left to one of them.
constexpr size_t kBurst = 64;
}  // namespace

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
      const uint64_t connection = ready_.front();
      ready_.pop_front();
      auto it = waiting_.find(connection);
      std::vector<std::function<void()>>& pulls = it->second;
      if (pulls.size() <= kBurst) {
        burst.swap(pulls);
        waiting_.erase(it);
      } else {
        // The rest of this connection's pulls wait behind the other connections woken.
        burst.assign(std::make_move_iterator(pulls.begin()),
                     std::make_move_iterator(pulls.begin() + kBurst));
        pulls.erase(pulls.begin(), pulls.begin() + kBurst);
        ready_.push_back(connection);
      }
    }
    for (auto& pull : burst) pull();
  }
}

}  // namespace jisr::api
