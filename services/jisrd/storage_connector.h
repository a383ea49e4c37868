// Connects jisrd to its storage without making serving wait for it. A database that does not
// answer at start (UNAVAILABLE) is retried in the background, with backoff, while jisrd serves
// (ArticleService NOT_SERVING); once it answers, the storage is attached and `on_connected`
// starts what needs it (the change feed, the scheduler). Any other error (a bad URL, a schema
// newer than this jisrd) is returned at once: retrying cannot fix it.
#ifndef JISR_SERVICES_JISRD_STORAGE_CONNECTOR_H_
#define JISR_SERVICES_JISRD_STORAGE_CONNECTOR_H_

#include <functional>
#include <memory>
#include <thread>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "services/storage/deferred_storage.h"

namespace jisr::jisrd {

class StorageConnector {
 public:
  using Opener = std::function<absl::StatusOr<std::unique_ptr<storage::Storage>>()>;
  // Runs once, after the storage is attached; UNAVAILABLE makes it run again after a backoff.
  using OnConnected = std::function<absl::Status()>;

  struct Options {
    // Retry UNAVAILABLE at all (PostgreSQL); SQLite's errors are the operator's to fix.
    bool retry_unavailable = true;
    absl::Duration first_backoff = absl::Milliseconds(500);
    absl::Duration max_backoff = absl::Seconds(15);
  };

  StorageConnector(Opener open, OnConnected on_connected, storage::DeferredStorage* deferred,
                   Options options);
  ~StorageConnector();  // stops retrying

  // Tries once; when that fails with UNAVAILABLE (and retries are on), keeps trying on a thread
  // and returns OK. Any other failure is returned.
  absl::Status Start();

 private:
  // One attempt at whatever is left to do: open and attach, then on_connected.
  absl::Status TryOnce();
  void RetryUntilConnected();

  const Opener open_;
  const OnConnected on_connected_;
  storage::DeferredStorage* const deferred_;
  const Options options_;
  absl::Notification stop_;
  std::thread retrier_;
};

}  // namespace jisr::jisrd

#endif  // JISR_SERVICES_JISRD_STORAGE_CONNECTOR_H_
