#include "services/storage/sqlite/sqlite_storage.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/storage/sqlite/rows.h"
#include "services/storage/sqlite/schema.h"
#include "services/storage/sqlite/sqlite_transaction.h"

namespace jisr::storage::sqlite {

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
  std::string lock_path = options.path + ".lock";
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot open lock file ", lock_path, ": ", std::strerror(errno)));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return absl::FailedPreconditionError(
        absl::StrCat("another process is using ", options.path,
                     ": stop the other jisrd or give this one its own --data_path"));
  }
  auto writer = Connection::Open(options.path);
  if (!writer.ok()) {
    ::close(fd);
    return writer.status();
  }
  auto version = Migrate(**writer);
  if (!version.ok()) {
    ::close(fd);
    return version.status();
  }
  std::unique_ptr<SqliteStorage> storage(new SqliteStorage(options, fd, std::move(*writer)));
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
  writer_.reset();
  ::close(lock_fd_);  // releases the flock
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
  writer_mu_.Lock();
  auto txn = std::make_unique<SqliteTransaction>(this, writer_.get());  // unlocks when destroyed
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
  return QueryOne<PublishedRow>(
      *lease,
      "SELECT variant_id, language, slug, version, data FROM published"
      " WHERE language = ? AND slug = ?",
      [&](Statement& s) { s.Bind(1, language).Bind(2, slug); }, &ReadPublishedRow);
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
  // The write transaction holds writer_mu_, so the writer connection is ours until it ends.
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

absl::Status SqliteStorage::Ping() {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Connection> reader, AcquireReader());
  ReaderLease lease(this, std::move(reader));
  JISR_ASSIGN_OR_RETURN(auto stmt, (*lease).Prepare("SELECT 1"));
  return stmt->Step().status();
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
