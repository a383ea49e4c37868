// Bounded data: how long request records and change events are kept, and the thread that deletes
// what is older. Each deletion is a small batch in a short transaction of its own, so the pruner
// never holds the write lock long; a round repeats batches until nothing past its window is left.
// Several replicas may each run one (PostgreSQL): they take turns on the feed's watermark row.
//
// Correctness never waits for the pruner: a request record older than its window is ignored when
// it is found (WriteRunner), and a Watch cursor is checked against the feed's watermark.
#ifndef JISR_SERVICES_ARTICLES_RETENTION_H_
#define JISR_SERVICES_ARTICLES_RETENTION_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "services/articles/change_feed.h"
#include "services/storage/storage.h"

namespace jisr::articles {

struct RetentionOptions {
  // A request_id repeated within this long of its first call gets the first response; after it,
  // the call is a new one. Longer than any client's retries, short enough to keep the table
  // small.
  absl::Duration requests = absl::Hours(24);
  // Change events are kept this long (the newest always). A Watch resuming from a cursor whose
  // following events are gone ends with OUT_OF_RANGE (reason CURSOR_EXPIRED) and must re-sync.
  absl::Duration events = absl::Hours(24 * 7);
  // How often the pruner runs a round.
  absl::Duration interval = absl::Minutes(1);
  // Rows deleted per transaction.
  int batch = 500;
};

class Retention {
 public:
  // What a round deleted.
  struct Pruned {
    int64_t requests = 0;
    int64_t events = 0;
  };

  // `storage` must outlive the pruner; so must `feed` unless null (it is told the new watermark
  // at once, so this process refuses expired cursors without waiting to notice).
  Retention(storage::Storage* storage, RetentionOptions options, std::function<absl::Time()> clock,
            ChangeFeed* feed);
  ~Retention();  // stops the thread

  // Runs a round now, then one every interval, on a thread of its own.
  void Start();

  // One round: deletes every request record and event past its window, a batch at a time.
  absl::StatusOr<Pruned> PruneOnce();

  // For the metrics: rows deleted since start, and the tables' rows as the last round left them
  // (counted once a round, as counting costs time in proportion to the rows).
  Pruned pruned_total() const {
    return {pruned_requests_.load(std::memory_order_relaxed),
            pruned_events_.load(std::memory_order_relaxed)};
  }
  storage::Storage::TableRows rows() const {
    return {request_rows_.load(std::memory_order_relaxed),
            event_rows_.load(std::memory_order_relaxed)};
  }

 private:
  void Run();

  storage::Storage* const storage_;
  const RetentionOptions options_;
  const std::function<absl::Time()> clock_;
  ChangeFeed* const feed_;
  absl::Notification stop_;
  std::thread thread_;
  std::atomic<int64_t> pruned_requests_{0};
  std::atomic<int64_t> pruned_events_{0};
  std::atomic<int64_t> request_rows_{0};
  std::atomic<int64_t> event_rows_{0};
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_RETENTION_H_
