#include "services/storage/deferred_storage.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/status_macros.h"

namespace jisr::storage {

DeferredStorage::DeferredStorage(std::string target) : target_(std::move(target)) {}

void DeferredStorage::Attach(std::unique_ptr<Storage> storage) {
  if (attached()) return;
  storage_ = std::move(storage);
  attached_.Notify();  // publishes storage_ to every thread that sees attached()
}

absl::StatusOr<Storage*> DeferredStorage::Target() const {
  if (!attached()) {
    return absl::UnavailableError(
        absl::StrCat("storage is not connected yet (", target_,
                     "): jisrd keeps trying; retry shortly, and see jisrd's log if this persists"));
  }
  return storage_.get();
}

absl::StatusOr<std::unique_ptr<Transaction>> DeferredStorage::BeginWrite() {
  JISR_ASSIGN_OR_RETURN(Storage * storage, Target());
  return storage->BeginWrite();
}

absl::StatusOr<std::unique_ptr<Transaction>> DeferredStorage::BeginRead() {
  JISR_ASSIGN_OR_RETURN(Storage * storage, Target());
  return storage->BeginRead();
}

absl::StatusOr<std::optional<PublishedRow>> DeferredStorage::ReadPublished(
    absl::string_view variant_id) {
  JISR_ASSIGN_OR_RETURN(Storage * storage, Target());
  return storage->ReadPublished(variant_id);
}

absl::StatusOr<std::optional<PublishedRow>> DeferredStorage::ReadPublishedBySlug(
    absl::string_view language, absl::string_view slug) {
  JISR_ASSIGN_OR_RETURN(Storage * storage, Target());
  return storage->ReadPublishedBySlug(language, slug);
}

absl::StatusOr<std::vector<EventRow>> DeferredStorage::ReadEvents(int64_t after, int limit) {
  JISR_ASSIGN_OR_RETURN(Storage * storage, Target());
  return storage->ReadEvents(after, limit);
}

absl::StatusOr<int64_t> DeferredStorage::LastEventSequence() {
  JISR_ASSIGN_OR_RETURN(Storage * storage, Target());
  return storage->LastEventSequence();
}

void DeferredStorage::WaitForEvents(int64_t after, absl::Duration timeout) {
  if (attached()) return storage_->WaitForEvents(after, timeout);
  // Nothing can commit before storage is attached: wait until it is, or the timeout.
  attached_.WaitForNotificationWithTimeout(timeout);
}

absl::StatusOr<int64_t> DeferredStorage::DeleteRequestsBefore(int64_t micros, int limit) {
  JISR_ASSIGN_OR_RETURN(Storage * storage, Target());
  return storage->DeleteRequestsBefore(micros, limit);
}

absl::StatusOr<int64_t> DeferredStorage::DeleteEventsBefore(int64_t micros, int limit) {
  JISR_ASSIGN_OR_RETURN(Storage * storage, Target());
  return storage->DeleteEventsBefore(micros, limit);
}

absl::StatusOr<int64_t> DeferredStorage::PrunedThrough() {
  JISR_ASSIGN_OR_RETURN(Storage * storage, Target());
  return storage->PrunedThrough();
}

absl::StatusOr<Storage::TableRows> DeferredStorage::CountRows() {
  JISR_ASSIGN_OR_RETURN(Storage * storage, Target());
  return storage->CountRows();
}

absl::Status DeferredStorage::Ping() {
  JISR_ASSIGN_OR_RETURN(Storage * storage, Target());
  return storage->Ping();
}

absl::Status DeferredStorage::CheckWritable() {
  JISR_ASSIGN_OR_RETURN(Storage * storage, Target());
  return storage->CheckWritable();
}

absl::StatusOr<int> DeferredStorage::SchemaVersion() {
  JISR_ASSIGN_OR_RETURN(Storage * storage, Target());
  return storage->SchemaVersion();
}

std::string DeferredStorage::Describe() const {
  return attached() ? storage_->Describe() : absl::StrCat(target_, " (not connected yet)");
}

bool DeferredStorage::WritersTakeTurns() const {
  return attached() && storage_->WritersTakeTurns();
}

}  // namespace jisr::storage
