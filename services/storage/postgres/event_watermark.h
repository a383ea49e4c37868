// The highest event sequence known to be committed, and waiting for it to pass a point: what
// WaitForEvents blocks on. Commits of this process and notifications from the others raise it.
#ifndef JISR_SERVICES_STORAGE_POSTGRES_EVENT_WATERMARK_H_
#define JISR_SERVICES_STORAGE_POSTGRES_EVENT_WATERMARK_H_

#include <cstdint>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace jisr::storage::postgres {

class EventWatermark {
 public:
  // Raises the watermark to `sequence` if that is higher, waking waiters.
  void Advance(int64_t sequence);
  // Returns once the watermark is above `after`, or after `timeout`.
  void WaitAbove(int64_t after, absl::Duration timeout);

 private:
  absl::Mutex mu_;
  int64_t last_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace jisr::storage::postgres

#endif  // JISR_SERVICES_STORAGE_POSTGRES_EVENT_WATERMARK_H_
