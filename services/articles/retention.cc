#include "services/articles/retention.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/log.h"
#include "services/common/status_macros.h"

namespace jisr::articles {

Retention::Retention(storage::Storage* storage, RetentionOptions options,
                     std::function<absl::Time()> clock, ChangeFeed* feed)
    : storage_(storage), options_(options), clock_(std::move(clock)), feed_(feed) {}

Retention::~Retention() {
  stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

void Retention::Start() {
  thread_ = std::thread([this] { Run(); });
}

absl::StatusOr<Retention::Pruned> Retention::PruneOnce() {
  const absl::Time now = clock_();
  const int64_t requests_before = absl::ToUnixMicros(now - options_.requests);
  const int64_t events_before = absl::ToUnixMicros(now - options_.events);
  Pruned pruned;
  int64_t deleted = 0;
  // A full batch means there may be more; stopping the server ends the round between batches.
  do {
    JISR_ASSIGN_OR_RETURN(deleted, storage_->DeleteRequestsBefore(requests_before, options_.batch));
    pruned.requests += deleted;
    pruned_requests_.fetch_add(deleted, std::memory_order_relaxed);
  } while (deleted == options_.batch && !stop_.HasBeenNotified());
  do {
    JISR_ASSIGN_OR_RETURN(deleted, storage_->DeleteEventsBefore(events_before, options_.batch));
    pruned.events += deleted;
    pruned_events_.fetch_add(deleted, std::memory_order_relaxed);
  } while (deleted == options_.batch && !stop_.HasBeenNotified());
  if (feed_ != nullptr && pruned.events > 0) {
    JISR_ASSIGN_OR_RETURN(const int64_t through, storage_->PrunedThrough());
    feed_->NotePruned(through);
  }
  JISR_ASSIGN_OR_RETURN(const storage::Storage::TableRows rows, storage_->CountRows());
  request_rows_.store(rows.requests, std::memory_order_relaxed);
  event_rows_.store(rows.events, std::memory_order_relaxed);
  return pruned;
}

void Retention::Run() {
  do {
    absl::StatusOr<Pruned> pruned = PruneOnce();
    if (!pruned.ok()) {
      LogError(absl::StrCat("retention: ", pruned.status().ToString(), "; trying again"));
    } else if (pruned->requests > 0 || pruned->events > 0) {
      LogInfo(absl::StrCat("retention: deleted ", pruned->requests, " request records older than ",
                           absl::FormatDuration(options_.requests), " and ", pruned->events,
                           " events older than ", absl::FormatDuration(options_.events)));
    }
  } while (!stop_.WaitForNotificationWithTimeout(options_.interval));
}

}  // namespace jisr::articles
