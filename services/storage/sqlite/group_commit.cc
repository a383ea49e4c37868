#include "services/storage/sqlite/group_commit.h"

#include <sqlite3.h>

#include <algorithm>

#include "services/storage/storage.h"

namespace jisr::storage::sqlite {
absl::Status GroupCommit::Begin() {
  bool open = false;
  {
    absl::MutexLock lock(&mu_);
    ++waiting_;
    auto free = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !busy_; };
    mu_.Await(absl::Condition(&free));
    --waiting_;
    busy_ = true;
    open = open_;
  }
  absl::Status status = open ? absl::OkStatus() : writer_->Exec("BEGIN IMMEDIATE");
  if (status.ok() && !open) {
    absl::MutexLock lock(&mu_);
    open_ = true;
  }
  if (status.ok()) status = writer_->Exec("SAVEPOINT jisr_write");
  if (!status.ok()) {
    NoteIfLost();
    EndTurn(/*joined=*/false).IgnoreError();
  }
  return status;
}

absl::Status GroupCommit::Commit(int64_t last_event) {
  absl::Status released = writer_->Exec("RELEASE jisr_write");
  if (!released.ok()) {
    Rollback();
    return released;
  }
  {
    absl::MutexLock lock(&mu_);
    ++members_;
    last_event_ = std::max(last_event_, last_event);
  }
  return EndTurn(/*joined=*/true);
}

void GroupCommit::Rollback() {
  writer_->Exec("ROLLBACK TO jisr_write; RELEASE jisr_write").IgnoreError();
  NoteIfLost();
  EndTurn(/*joined=*/false).IgnoreError();
}

void GroupCommit::NoteIfLost() {
  if (sqlite3_get_autocommit(writer_->db()) == 0) return;  // the outer transaction is still open
  absl::MutexLock lock(&mu_);
  if (open_) lost_ = true;
}

absl::Status GroupCommit::EndTurn(bool joined) {
  int64_t batch = 0;
  {
    absl::MutexLock lock(&mu_);
    batch = batch_;
    const bool lead = waiting_ == 0 || members_ >= max_batch_ || lost_;
    if (!lead) {
      busy_ = false;  // the next writer joins this batch
      return joined ? AwaitBatch(batch) : absl::OkStatus();
    }
  }
  FinishBatch();
  if (!joined) return absl::OkStatus();
  absl::MutexLock lock(&mu_);
  return AwaitBatch(batch);
}

void GroupCommit::FinishBatch() {
  int members = 0;
  bool open = false;
  bool lost = false;
  int64_t last_event = 0;
  {
    absl::MutexLock lock(&mu_);
    members = members_;
    open = open_;
    lost = lost_;
    last_event = last_event_;
  }
  absl::Status status;
  if (lost) {
    status = ConflictError(
        "SQLite rolled back a group commit after another write in it failed: retry the write");
  } else if (open) {
    status = writer_->Exec(members > 0 ? "COMMIT" : "ROLLBACK");
  }
  // A failed COMMIT may leave the transaction open: nothing of the batch is kept.
  if (sqlite3_get_autocommit(writer_->db()) == 0) writer_->Exec("ROLLBACK").IgnoreError();
  if (status.ok() && members > 0 && last_event > 0) on_durable_(last_event);
  absl::MutexLock lock(&mu_);
  if (members > 0) {
    results_[batch_] = Result{status, members};
    ++batches_;
    transactions_ += members;
  }
  ++batch_;
  members_ = 0;
  last_event_ = 0;
  open_ = false;
  lost_ = false;
  busy_ = false;
}

absl::Status GroupCommit::AwaitBatch(int64_t batch) {
  auto finished = [this, batch]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return batch_ > batch; };
  mu_.Await(absl::Condition(&finished));
  auto it = results_.find(batch);
  if (it == results_.end()) return absl::InternalError("a group commit's result went missing");
  absl::Status status = it->second.status;
  if (--it->second.uncollected == 0) results_.erase(it);
  return status;
}

GroupCommit::Stats GroupCommit::stats() const {
  absl::MutexLock lock(&mu_);
  return Stats{batches_, transactions_, waiting_};
}

}  // namespace jisr::storage::sqlite
