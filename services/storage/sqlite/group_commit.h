// Group commit on SQLite's one writer connection: several write transactions share one durable
// COMMIT (one WAL sync), and each is acknowledged only once that COMMIT has returned.
//
// Writers still take turns on the connection. Each runs inside a SAVEPOINT of an outer
// transaction (BEGIN IMMEDIATE) that stays open while other writers wait for their turn: a writer
// that finishes while another waits releases its savepoint, hands the connection on and waits
// for the batch; the last writer of a batch (no one waiting, or the batch full) COMMITs it, then
// wakes the others with the COMMIT's result. A writer alone commits at once, as before.
//
// Why it is safe: readers (other connections) see nothing of a batch until its COMMIT, so
// nothing is visible before it is durable; a later writer of a batch may read an earlier one's
// rows, but they commit or fail together. When SQLite rolls the outer transaction back by itself
// (some errors do: SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM), the batch's finished writers get a
// conflict (storage::ConflictError), which the write runner retries from the start.
#ifndef JISR_SERVICES_STORAGE_SQLITE_GROUP_COMMIT_H_
#define JISR_SERVICES_STORAGE_SQLITE_GROUP_COMMIT_H_

#include <cstdint>
#include <functional>
#include <map>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "services/storage/sqlite/connection.h"

namespace jisr::storage::sqlite {

class GroupCommit {
 public:
  // `writer` must outlive this. `on_durable` is called, outside any lock, with the highest event
  // sequence a batch committed (after its COMMIT returned), when it committed events.
  GroupCommit(Connection* writer, int max_batch, std::function<void(int64_t)> on_durable)
      : writer_(writer), max_batch_(max_batch), on_durable_(std::move(on_durable)) {}

  // Waits for the writer connection and opens a savepoint for one transaction in the current
  // batch. On error the connection is handed on and the transaction must not be used.
  absl::Status Begin();
  // Folds the transaction into its batch and returns once the batch's COMMIT has returned: OK
  // when it is durable, else the error (the transaction was not written). `last_event` is the
  // highest event sequence it appended, or 0.
  absl::Status Commit(int64_t last_event);
  // Discards the transaction's writes and hands the connection on.
  void Rollback();

  // What the group commit has done since start (for metrics and tests).
  struct Stats {
    int64_t batches = 0;       // COMMITs of batches with at least one transaction
    int64_t transactions = 0;  // transactions they carried
    int waiting = 0;           // transactions waiting for the connection now
  };
  Stats stats() const;

 private:
  // The connection's holder ends its turn: leads the batch's COMMIT when no one else is waiting
  // (or the batch is full), else hands the connection on. Returns the batch's result for a
  // member (`joined`), OK otherwise.
  absl::Status EndTurn(bool joined);
  // COMMITs (or ROLLBACKs, when no transaction joined) the open batch, records its result for
  // its members and frees the connection.
  void FinishBatch();
  // After a failure: notes whether SQLite rolled the batch's outer transaction back by itself.
  void NoteIfLost();
  // The result of batch `batch` once it is finished (mu_ held by the caller).
  absl::Status AwaitBatch(int64_t batch) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  Connection* const writer_;
  const int max_batch_;
  const std::function<void(int64_t)> on_durable_;

  mutable absl::Mutex mu_;
  bool busy_ ABSL_GUARDED_BY(mu_) = false;  // a transaction holds the connection
  int waiting_ ABSL_GUARDED_BY(mu_) = 0;    // transactions waiting in Begin
  bool open_ ABSL_GUARDED_BY(mu_) = false;  // the batch's outer transaction has begun
  bool lost_ ABSL_GUARDED_BY(mu_) = false;  // SQLite rolled the open batch back by itself
  int64_t batch_ ABSL_GUARDED_BY(mu_) = 1;  // the open batch's number
  int members_ ABSL_GUARDED_BY(mu_) = 0;    // transactions that joined the open batch
  int64_t last_event_ ABSL_GUARDED_BY(mu_) = 0;
  // Results of finished batches some member has not collected yet, and how many have not.
  struct Result {
    absl::Status status;
    int uncollected = 0;
  };
  std::map<int64_t, Result> results_ ABSL_GUARDED_BY(mu_);
  int64_t batches_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t transactions_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace jisr::storage::sqlite

#endif  // JISR_SERVICES_STORAGE_SQLITE_GROUP_COMMIT_H_
