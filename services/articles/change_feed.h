// The change feed as a process sees it: a tailer thread follows the events table (the outbox
// every write appends to in its own transaction), keeps the newest events in memory, and wakes
// the watchers waiting for them. Watchers pull at their own pace; nothing here ever waits for a
// watcher, so a slow one cannot slow writers or other watchers.
#ifndef JISR_SERVICES_ARTICLES_CHANGE_FEED_H_
#define JISR_SERVICES_ARTICLES_CHANGE_FEED_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "jisr/v1/events.pb.h"
#include "services/storage/storage.h"

namespace jisr::articles {

// Which events a watcher wants.
struct FeedFilter {
  absl::flat_hash_set<std::string> languages;  // empty: all; story-level events always pass
  absl::flat_hash_set<int> kinds;              // empty: all
  bool Matches(const jisr::v1::ChangeEvent& event) const;
};

// An event as the feed shares it among its watchers: decoded once, and serialized once for
// each view of it (the serialized bytes are what a watcher sends; every watcher of a view sends
// the same bytes).
struct FeedEvent {
  jisr::v1::ChangeEvent event;
  std::shared_ptr<const std::string> bytes;
  // As a caller who reads published content only gets it (RedactForReaders).
  std::shared_ptr<const std::string> redacted_bytes;
};
using SharedEvent = std::shared_ptr<const FeedEvent>;

// Removes from `event` what a caller who reads published content only must not see: no
// principals or names, and no revision count of a withdrawn page's drafts.
void RedactForReaders(jisr::v1::ChangeEvent& event);

class ChangeFeed {
 public:
  struct Options {
    // Newest events kept in memory; older ones are read from storage.
    size_t retained_in_memory = 16384;
    // How long the tailer waits for a commit before looking again anyway (and the most it
    // takes to stop).
    absl::Duration poll_interval = absl::Milliseconds(200);
    // How often the tailer reads how far the events have been pruned (by any replica's
    // pruner): until it does, events still in memory may be served after their cursors expired.
    absl::Duration pruned_check_interval = absl::Seconds(5);
  };

  ChangeFeed(storage::Storage* storage, Options options);
  ~ChangeFeed();  // stops the tailer

  // Starts following the events table from its current end.
  absl::Status Start();

  // The cursor of an event, and the sequence a cursor names.
  static std::string CursorFor(int64_t sequence);
  static absl::StatusOr<int64_t> ParseCursor(absl::string_view field, absl::string_view cursor);

  // Up to `limit` events after sequence `after` that match `filter`, in sequence order; sets
  // `*scanned_to` to the last sequence examined (events filtered out included). OUT_OF_RANGE
  // (reason CURSOR_EXPIRED) when events after `after` have been pruned: the reader cannot
  // continue without a gap and must re-sync.
  absl::StatusOr<std::vector<jisr::v1::ChangeEvent>> Read(int64_t after, int limit,
                                                          const FeedFilter& filter,
                                                          int64_t* scanned_to);
  // As Read, sharing the events (and their serialized bytes) the feed holds rather than copying.
  absl::StatusOr<std::vector<SharedEvent>> ReadShared(int64_t after, int limit,
                                                      const FeedFilter& filter,
                                                      int64_t* scanned_to);
  // As ReadShared from memory only, so it never blocks on storage: nullopt when the events after
  // `after` must be read from storage (ReadShared reads them).
  std::optional<absl::StatusOr<std::vector<SharedEvent>>> ReadRecent(int64_t after, int limit,
                                                                     const FeedFilter& filter,
                                                                     int64_t* scanned_to);

  // The highest pruned sequence, read from storage: every event after it is kept, so a reader
  // starting "from the oldest" starts after it.
  absl::StatusOr<int64_t> PrunedThrough();
  // Tells the feed that events up to `through` are gone (the pruner of this process calls it).
  void NotePruned(int64_t through);

  // The highest sequence the tailer has seen.
  int64_t head() const;
  // The highest committed sequence, read from storage: may be ahead of head().
  absl::StatusOr<int64_t> CommittedHead() const;

  // Calls `wake` (once, on the tailer's thread or at once) when an event after `after` is known.
  // The callback must not block. Returns a token for CancelWake.
  uint64_t WakeAfter(int64_t after, std::function<void()> wake);
  void CancelWake(uint64_t token);

  // Called on the tailer's thread with each batch of new events, for caches to follow writes
  // made by other processes.
  void AddListener(std::function<void(const std::vector<jisr::v1::ChangeEvent>&)> listener);

 private:
  void Tail();
  // Reads the watermark when pruned_check_interval has passed since it was last read.
  void CheckPruned();
  static jisr::v1::ChangeEvent ToEvent(const storage::EventRow& row);
  // The event of `row`, decoded and serialized in each view.
  static SharedEvent ToSharedEvent(const storage::EventRow& row);

  storage::Storage* const storage_;
  const Options options_;
  absl::Notification stop_;
  std::thread tailer_;

  mutable absl::Mutex mu_;
  std::deque<SharedEvent> recent_ ABSL_GUARDED_BY(mu_);
  int64_t head_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t pruned_through_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Time pruned_checked_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  uint64_t next_token_ ABSL_GUARDED_BY(mu_) = 1;
  struct Waiter {
    int64_t after;
    std::function<void()> wake;
  };
  absl::flat_hash_map<uint64_t, Waiter> waiters_ ABSL_GUARDED_BY(mu_);
  std::vector<std::function<void(const std::vector<jisr::v1::ChangeEvent>&)>> listeners_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_CHANGE_FEED_H_
