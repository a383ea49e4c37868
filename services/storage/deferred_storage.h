// Storage that is not there yet: jisrd starts serving before its database answers (a replica
// started during a PostgreSQL outage must not crash-loop), so the domain is built on this
// stand-in, which answers UNAVAILABLE until the real storage is attached, then forwards to it.
#ifndef JISR_SERVICES_STORAGE_DEFERRED_STORAGE_H_
#define JISR_SERVICES_STORAGE_DEFERRED_STORAGE_H_

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/synchronization/notification.h"
#include "services/storage/storage.h"

namespace jisr::storage {

class DeferredStorage : public Storage {
 public:
  // `target` describes what is being connected to, for logs (no secrets).
  explicit DeferredStorage(std::string target);

  // Forwards every call to `storage` from now on. Call at most once.
  void Attach(std::unique_ptr<Storage> storage);
  bool attached() const { return attached_.HasBeenNotified(); }

  absl::StatusOr<std::unique_ptr<Transaction>> BeginWrite() override;
  absl::StatusOr<std::unique_ptr<Transaction>> BeginRead() override;
  absl::StatusOr<std::optional<PublishedRow>> ReadPublished(absl::string_view variant_id) override;
  absl::StatusOr<std::optional<PublishedRow>> ReadPublishedBySlug(absl::string_view language,
                                                                  absl::string_view slug) override;
  absl::StatusOr<std::vector<EventRow>> ReadEvents(int64_t after, int limit) override;
  absl::StatusOr<int64_t> LastEventSequence() override;
  void WaitForEvents(int64_t after, absl::Duration timeout) override;
  absl::StatusOr<int64_t> DeleteRequestsBefore(int64_t micros, int limit) override;
  absl::StatusOr<int64_t> DeleteEventsBefore(int64_t micros, int limit) override;
  absl::StatusOr<int64_t> PrunedThrough() override;
  absl::StatusOr<TableRows> CountRows() override;
  absl::Status Ping() override;
  absl::Status CheckWritable() override;
  absl::StatusOr<int> SchemaVersion() override;
  std::string Describe() const override;
  bool WritersTakeTurns() const override;

 private:
  // The attached storage, or UNAVAILABLE saying it is not connected yet.
  absl::StatusOr<Storage*> Target() const;

  const std::string target_;
  std::unique_ptr<Storage> storage_;  // written once, before attached_ is notified
  absl::Notification attached_;
};

}  // namespace jisr::storage

#endif  // JISR_SERVICES_STORAGE_DEFERRED_STORAGE_H_
