#include "services/storage/postgres/event_watermark.h"

namespace jisr::storage::postgres {

void EventWatermark::Advance(int64_t sequence) {
  absl::MutexLock lock(&mu_);
  if (sequence > last_) last_ = sequence;
}

void EventWatermark::WaitAbove(int64_t after, absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  auto passed = [this, after]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return last_ > after; };
  mu_.AwaitWithTimeout(absl::Condition(&passed), timeout);
}

}  // namespace jisr::storage::postgres
