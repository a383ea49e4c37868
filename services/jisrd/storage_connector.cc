#include "services/jisrd/storage_connector.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/log.h"

namespace jisr::jisrd {

StorageConnector::StorageConnector(Opener open, OnConnected on_connected,
                                   storage::DeferredStorage* deferred, Options options)
    : open_(std::move(open)),
      on_connected_(std::move(on_connected)),
      deferred_(deferred),
      options_(options) {}

StorageConnector::~StorageConnector() {
  stop_.Notify();
  if (retrier_.joinable()) retrier_.join();
}

absl::Status StorageConnector::TryOnce() {
  if (!deferred_->attached()) {
    absl::StatusOr<std::unique_ptr<storage::Storage>> opened = open_();
    if (!opened.ok()) return opened.status();
    deferred_->Attach(*std::move(opened));
  }
  return on_connected_();
}

absl::Status StorageConnector::Start() {
  absl::Status status = TryOnce();
  if (status.ok() || !options_.retry_unavailable || !absl::IsUnavailable(status)) return status;
  LogWarning(absl::StrCat("storage does not answer (", status.message(),
                          "): serving with jisr.v1.ArticleService NOT_SERVING, and retrying "
                          "until it answers"));
  retrier_ = std::thread([this] { RetryUntilConnected(); });
  return absl::OkStatus();
}

void StorageConnector::RetryUntilConnected() {
  absl::Duration backoff = options_.first_backoff;
  int attempts = 1;
  while (!stop_.WaitForNotificationWithTimeout(backoff)) {
    absl::Status status = TryOnce();
    ++attempts;
    if (status.ok()) {
      LogInfo(
          absl::StrCat("storage answers after ", attempts, " attempts: ", deferred_->Describe()));
      return;
    }
    if (!absl::IsUnavailable(status)) {
      LogError(absl::StrCat("storage refused with an error retrying cannot fix (",
                            status.ToString(),
                            "): fix it and restart jisrd; ArticleService stays NOT_SERVING"));
      return;
    }
    // Every attempt while the wait is short, then about one line a minute.
    if (backoff < options_.max_backoff || attempts % 4 == 0) {
      LogWarning(absl::StrCat("storage still does not answer after ", attempts,
                              " attempts: ", status.message()));
    }
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

}  // namespace jisr::jisrd
