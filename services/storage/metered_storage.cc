#include "services/storage/metered_storage.h"

#include <utility>

namespace jisr::storage {

MeteredTransaction::~MeteredTransaction() {
  using Outcome = StorageObserver::Outcome;
  Outcome outcome = Outcome::kCommitted;
  if (conflict_) {
    outcome = Outcome::kConflict;
  } else if (error_) {
    outcome = Outcome::kError;
  } else if (kind_ == StorageObserver::Kind::kWrite && !committed_) {
    outcome = Outcome::kRolledBack;
  }
  inner_.reset();  // the rollback, if any, is part of the transaction's time
  observer_->TransactionEnded(kind_, outcome, absl::Now() - began_);
}

absl::Status MeteredTransaction::Commit() {
  absl::Status status = inner_->Commit();
  NoteStatus(status);
  committed_ = status.ok();
  return status;
}

void MeteredTransaction::NoteStatus(const absl::Status& status) {
  if (status.ok()) return;
  if (IsConflict(status)) {
    conflict_ = true;
  } else if (!absl::IsNotFound(status) && !absl::IsAlreadyExists(status)) {
    // NOT_FOUND and ALREADY_EXISTS are answers the domain asked for (a missing row, a taken
    // slug), not failures of storage.
    error_ = true;
  }
}

absl::StatusOr<std::unique_ptr<Transaction>> MeteredStorage::Begin(StorageObserver::Kind kind) {
  absl::StatusOr<std::unique_ptr<Transaction>> inner =
      kind == StorageObserver::Kind::kWrite ? inner_->BeginWrite() : inner_->BeginRead();
  if (!inner.ok()) {
    observer_->TransactionEnded(kind,
                                IsConflict(inner.status()) ? StorageObserver::Outcome::kConflict
                                                           : StorageObserver::Outcome::kError,
                                absl::ZeroDuration());
    return inner.status();
  }
  return std::unique_ptr<Transaction>(
      std::make_unique<MeteredTransaction>(*std::move(inner), kind, observer_));
}

absl::StatusOr<std::unique_ptr<Transaction>> MeteredStorage::BeginWrite() {
  return Begin(StorageObserver::Kind::kWrite);
}

absl::StatusOr<std::unique_ptr<Transaction>> MeteredStorage::BeginRead() {
  return Begin(StorageObserver::Kind::kRead);
}

}  // namespace jisr::storage
