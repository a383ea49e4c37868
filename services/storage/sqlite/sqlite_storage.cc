#include "services/storage/sqlite/sqlite_storage.h"

#include <sys/statvfs.h>

#include <algorithm>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/storage/sqlite/rows.h"
#include "services/storage/sqlite/schema.h"
#include "services/storage/sqlite/sqlite_transaction.h"

namespace jisr::storage::sqlite {
namespace {

// CheckWritable's probe: a write needs room for its variant, revision, published view, event and
// request record, which together rarely pass 64 KiB.
constexpr int64_t kProbeBytes = 64 << 10;
// Below this much free disk a commit may not find room for its WAL frames.
constexpr int64_t kMinFreeDiskBytes = 1 << 20;

// Caps the database at `max_bytes` (rounded down to whole pages, at least one). The setting
// lives on the connection, so it is applied to the writer, the only one that writes.
absl::Status CapDatabaseSize(Connection& writer, int64_t max_bytes) {
  JISR_ASSIGN_OR_RETURN(auto page_size, writer.Prepare("PRAGMA page_size"));
  JISR_RETURN_IF_ERROR(page_size->Step().status());
  const int64_t pages = std::max<int64_t>(1, max_bytes / std::max<int64_t>(1, page_size->Int(0)));
  return writer.Exec(absl::StrCat("PRAGMA max_page_count = ", pages));
}

absl::Status CheckFreeDisk(const std::string& path) {
  struct statvfs disk;
  if (::statvfs(path.c_str(), &disk) != 0) return absl::OkStatus();  // the probe will tell
  const int64_t free_bytes = static_cast<int64_t>(disk.f_bavail) * disk.f_frsize;
  if (free_bytes >= kMinFreeDiskBytes) return absl::OkStatus();
  return StorageFullError(absl::StrCat("storage is full: the disk holding the data file has ",
                                       free_bytes >> 10, " KiB free: free disk space"));
}

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteStorage>> SqliteStorage::Open(const SqliteOptions& options) {
  std::filesystem::path path(options.path);
  if (path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
      return absl::UnavailableError(absl::StrCat("cannot create directory ",
                                                 path.parent_path().string(), ": ", ec.message()));
    }
  }
  JISR_ASSIGN_OR_RETURN(
      DataFileLock lock,
      DataFileLock::Acquire(options.path,
                            "stop the other jisrd or give this one its own --data_path"));
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Connection> writer, Connection::Open(options.path));
  // Set before migrating: a migration that does not fit fails like any other write.
  if (options.max_bytes > 0) JISR_RETURN_IF_ERROR(CapDatabaseSize(*writer, options.max_bytes));
  JISR_RETURN_IF_ERROR(Migrate(*writer).status());
  std::unique_ptr<SqliteStorage> storage(
      new SqliteStorage(options, std::move(lock), std::move(writer)));
  auto last_event = storage->LastEventSequence();
  if (!last_event.ok()) return last_event.status();
  storage->NoteCommittedEvents(*last_event);
  return storage;
}

SqliteStorage::~SqliteStorage() {
  {
    absl::MutexLock lock(&pool_mu_);
    idle_readers_.clear();
  }
  writer_.reset();  // before lock_, which the members' destruction releases last
}

absl::StatusOr<std::unique_ptr<Connection>> SqliteStorage::AcquireReader() {
  {
    absl::MutexLock lock(&pool_mu_);
    if (!idle_readers_.empty()) {
      std::unique_ptr<Connection> c = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return c;
    }
  }
  return Connection::Open(options_.path);
}

void SqliteStorage::ReleaseReader(std::unique_ptr<Connection> connection) {
  absl::MutexLock lock(&pool_mu_);
  if (static_cast<int>(idle_readers_.size()) < options_.max_idle_readers) {
    idle_readers_.push_back(std::move(connection));
  }
}

absl::StatusOr<std::unique_ptr<Transaction>> SqliteStorage::BeginWrite() {
  auto txn = std::make_unique<SqliteTransaction>(this, writer_.get());
  JISR_RETURN_IF_ERROR(txn->Begin());
  return txn;
}

absl::StatusOr<std::unique_ptr<Transaction>> SqliteStorage::BeginRead() {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Connection> reader, AcquireReader());
  auto txn = std::make_unique<SqliteTransaction>(this, std::move(reader));
  JISR_RETURN_IF_ERROR(txn->Begin());
  return txn;
}

absl::StatusOr<std::optional<PublishedRow>> SqliteStorage::ReadPublished(
    absl::string_view variant_id) {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Connection> reader, AcquireReader());
  ReaderLease lease(this, std::move(reader));
  return SelectPublished(*lease, variant_id);
}

absl::StatusOr<std::optional<PublishedRow>> SqliteStorage::ReadPublishedBySlug(
    absl::string_view language, absl::string_view slug) {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Connection> reader, AcquireReader());
  ReaderLease lease(this, std::move(reader));
  return SelectPublishedBySlug(*lease, language, slug);
}

absl::StatusOr<std::vector<EventRow>> SqliteStorage::ReadEvents(int64_t after, int limit) {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Connection> reader, AcquireReader());
  ReaderLease lease(this, std::move(reader));
  return QueryRows<EventRow>(
      *lease,
      "SELECT sequence, time_micros, story_id, variant_id, language, revision, kind, data"
      " FROM events WHERE sequence > ? ORDER BY sequence LIMIT ?",
      [&](Statement& s) { s.Bind(1, after).Bind(2, int64_t{limit}); }, &ReadEvent);
}

absl::StatusOr<int64_t> SqliteStorage::LastEventSequence() {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Connection> reader, AcquireReader());
  ReaderLease lease(this, std::move(reader));
  JISR_ASSIGN_OR_RETURN(auto stmt,
                        (*lease).Prepare("SELECT COALESCE(MAX(sequence), 0) FROM events"));
  JISR_ASSIGN_OR_RETURN(bool row, stmt->Step());
  return row ? stmt->Int(0) : 0;
}

void SqliteStorage::NoteCommittedEvents(int64_t last) {
  absl::MutexLock lock(&events_mu_);
  if (last > last_committed_event_) last_committed_event_ = last;
}

void SqliteStorage::WaitForEvents(int64_t after, absl::Duration timeout) {
  // Only this process writes the file (it holds the lock), so its own commits are all there is.
  absl::MutexLock lock(&events_mu_);
  auto committed_after = [this, after]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(events_mu_) {
    return last_committed_event_ > after;
  };
  events_mu_.AwaitWithTimeout(absl::Condition(&committed_after), timeout);
}

absl::StatusOr<int64_t> SqliteStorage::DeleteRequestsBefore(int64_t micros, int limit) {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> txn, BeginWrite());
  // The write transaction holds the writer connection until it ends.
  JISR_ASSIGN_OR_RETURN(auto stmt, writer_->Prepare("DELETE FROM requests WHERE rowid IN ("
                                                    "SELECT rowid FROM requests"
                                                    " WHERE create_micros < ?"
                                                    " ORDER BY create_micros LIMIT ?)"));
  JISR_RETURN_IF_ERROR(stmt->Bind(1, micros).Bind(2, int64_t{limit}).Run());
  int64_t deleted = sqlite3_changes(writer_->db());
  stmt.reset();
  JISR_RETURN_IF_ERROR(txn->Commit());
  return deleted;
}

absl::StatusOr<int64_t> SqliteStorage::DeleteEventsBefore(int64_t micros, int limit) {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> txn, BeginWrite());
  JISR_ASSIGN_OR_RETURN(
      std::vector<EventRow> oldest,
      QueryRows<EventRow>(
          *writer_,
          "SELECT sequence, time_micros, story_id, variant_id, language, revision, kind, ''"
          " FROM events WHERE sequence < (SELECT MAX(sequence) FROM events)"
          " ORDER BY sequence LIMIT ?",
          [&](Statement& s) { s.Bind(1, int64_t{limit}); }, &ReadEvent));
  const std::optional<int64_t> through = LastExpiredEvent(oldest, micros);
  if (!through.has_value()) return 0;
  JISR_ASSIGN_OR_RETURN(auto remove, writer_->Prepare("DELETE FROM events WHERE sequence <= ?"));
  JISR_RETURN_IF_ERROR(remove->Bind(1, *through).Run());
  const int64_t deleted = sqlite3_changes(writer_->db());
  remove.reset();
  JISR_ASSIGN_OR_RETURN(auto mark,
                        writer_->Prepare("UPDATE event_retention SET pruned_through = ?"));
  JISR_RETURN_IF_ERROR(mark->Bind(1, *through).Run());
  mark.reset();
  JISR_RETURN_IF_ERROR(txn->Commit());
  return deleted;
}

absl::StatusOr<int64_t> SqliteStorage::PrunedThrough() {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Connection> reader, AcquireReader());
  ReaderLease lease(this, std::move(reader));
  JISR_ASSIGN_OR_RETURN(auto stmt, (*lease).Prepare("SELECT COALESCE(MAX(pruned_through), 0) FROM "
                                                    "event_retention"));
  JISR_ASSIGN_OR_RETURN(bool row, stmt->Step());
  return row ? stmt->Int(0) : 0;
}

absl::StatusOr<Storage::TableRows> SqliteStorage::CountRows() {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Connection> reader, AcquireReader());
  ReaderLease lease(this, std::move(reader));
  JISR_ASSIGN_OR_RETURN(auto stmt, (*lease).Prepare("SELECT (SELECT COUNT(*) FROM requests), "
                                                    "(SELECT COUNT(*) FROM events)"));
  JISR_ASSIGN_OR_RETURN(bool row, stmt->Step());
  if (!row) return TableRows();
  return TableRows{stmt->Int(0), stmt->Int(1)};
}

absl::Status SqliteStorage::Ping() {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Connection> reader, AcquireReader());
  ReaderLease lease(this, std::move(reader));
  JISR_ASSIGN_OR_RETURN(auto stmt, (*lease).Prepare("SELECT 1"));
  return stmt->Step().status();
}

absl::Status SqliteStorage::CheckWritable() {
  JISR_RETURN_IF_ERROR(CheckFreeDisk(options_.path));
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> txn, BeginWrite());
  // The write transaction holds the writer connection; destroying it rolls the probe back. A probe
  // larger than a page needs pages of its own: from the freelist (space freed by deletions) or by
  // growing the file, which past max_page_count fails with SQLITE_FULL.
  JISR_ASSIGN_OR_RETURN(auto probe,
                        writer_->Prepare("INSERT INTO write_probes (data) VALUES (zeroblob(?))"));
  absl::Status status = probe->Bind(1, kProbeBytes).Run();
  if (IsStorageFull(status)) {
    return StorageFullError(
        "storage is full: a 64 KiB write would not fit: free disk space or raise "
        "--max_database_mb");
  }
  return status;
}

absl::StatusOr<int> SqliteStorage::SchemaVersion() {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Connection> reader, AcquireReader());
  ReaderLease lease(this, std::move(reader));
  JISR_ASSIGN_OR_RETURN(
      auto stmt, (*lease).Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  JISR_ASSIGN_OR_RETURN(bool row, stmt->Step());
  return row ? static_cast<int>(stmt->Int(0)) : 0;
}

std::string SqliteStorage::Describe() const { return absl::StrCat("sqlite:", options_.path); }

}  // namespace jisr::storage::sqlite
