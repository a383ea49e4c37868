// Storage on one SQLite file: the embedded default. WAL mode with synchronous=FULL, one writer
// connection (SQLite serializes writers anyway) and a pool of reader connections that read
// snapshots concurrently with the writer. One process owns a file at a time (DataFileLock: an
// exclusive lock on "<path>.lock").
#ifndef JISR_SERVICES_STORAGE_SQLITE_SQLITE_STORAGE_H_
#define JISR_SERVICES_STORAGE_SQLITE_SQLITE_STORAGE_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "services/storage/sqlite/connection.h"
#include "services/storage/sqlite/data_file_lock.h"
#include "services/storage/sqlite/group_commit.h"
#include "services/storage/storage.h"

namespace jisr::storage::sqlite {

class SqliteTransaction;

struct SqliteOptions {
  // The database file; its directory is created if missing.
  std::string path = "var/jisr.db";
  // Reader connections kept open for reuse.
  int max_idle_readers = 8;
  // The most the database may grow to, in bytes (SQLite's max_page_count); 0 for no limit.
  // Writes past it fail as if the disk were full (StorageFullError). It caps the file, not its
  // -wal, which adds a few MiB until the next checkpoint. A cap below the file's size holds it
  // at its size.
  int64_t max_bytes = 0;
  // The most write transactions one durable COMMIT may carry (group_commit.h); 1 turns group
  // commit off.
  int max_group_commit = 64;
};

class SqliteStorage final : public Storage {
 public:
  // Opens the file, takes its lock and applies migrations.
  static absl::StatusOr<std::unique_ptr<SqliteStorage>> Open(const SqliteOptions& options);
  ~SqliteStorage() override;

  // Waits for the writer connection (group_commit.h: concurrent writers share durable commits).
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
  // The disk must have 1 MiB free, and a 64 KiB probe must fit under the size cap.
  absl::Status CheckWritable() override;
  absl::StatusOr<int> SchemaVersion() override;
  std::string Describe() const override;
  bool WritersTakeTurns() const override { return true; }
  GroupCommit::Stats group_commit_stats() const { return group_commit_.stats(); }

  // A reader connection on loan; it returns to the pool when destroyed.
  class ReaderLease {
   public:
    ReaderLease(SqliteStorage* storage, std::unique_ptr<Connection> connection)
        : storage_(storage), connection_(std::move(connection)) {}
    ~ReaderLease() {
      if (connection_ != nullptr) storage_->ReleaseReader(std::move(connection_));
    }
    Connection& operator*() { return *connection_; }

   private:
    SqliteStorage* storage_;
    std::unique_ptr<Connection> connection_;
  };

 private:
  // A write transaction holds the writer connection (through group_commit_) until it ends.
  friend class SqliteTransaction;

  SqliteStorage(SqliteOptions options, DataFileLock lock, std::unique_ptr<Connection> writer)
      : options_(std::move(options)),
        lock_(std::move(lock)),
        writer_(std::move(writer)),
        group_commit_(writer_.get(), options_.max_group_commit,
                      [this](int64_t last) { NoteCommittedEvents(last); }) {}

  absl::StatusOr<std::unique_ptr<Connection>> AcquireReader();
  void ReleaseReader(std::unique_ptr<Connection> connection);

  const SqliteOptions options_;
  const DataFileLock lock_;

  // Used only by the write transaction group_commit_ has let in.
  std::unique_ptr<Connection> writer_;
  GroupCommit group_commit_;

  // The highest event sequence committed through this process, for WaitForEvents.
  absl::Mutex events_mu_;
  int64_t last_committed_event_ ABSL_GUARDED_BY(events_mu_) = 0;
  void NoteCommittedEvents(int64_t last);

  absl::Mutex pool_mu_;
  std::vector<std::unique_ptr<Connection>> idle_readers_ ABSL_GUARDED_BY(pool_mu_);
};

}  // namespace jisr::storage::sqlite

#endif  // JISR_SERVICES_STORAGE_SQLITE_SQLITE_STORAGE_H_
