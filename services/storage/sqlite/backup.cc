#include "services/storage/sqlite/backup.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/storage/sqlite/data_file_lock.h"
#include "services/storage/sqlite/schema.h"
#include "services/storage/storage.h"

namespace jisr::storage::sqlite {
namespace {

// Copies the database at `data_path` into the empty file `tmp_path` and checks the copy.
absl::StatusOr<DatabaseSummary> CopyLiveDatabase(const std::string& data_path,
                                                 const std::string& tmp_path,
                                                 const CopyProgressFn& progress) {
  // Read-write but never written: a read-only connection could not recover a -wal that a crash
  // left behind.
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Connection> source,
                        Connection::OpenWithFlags(data_path, SQLITE_OPEN_READWRITE));
  // The snapshot: the first read begins a read transaction, kept open until the copy is done.
  if (absl::Status begun = source->Exec("BEGIN; SELECT COUNT(*) FROM sqlite_schema"); !begun.ok()) {
    return absl::Status(begun.code(), absl::StrCat(data_path, " is not a readable SQLite file (",
                                                   sqlite3_errmsg(source->db()), ")"));
  }
  {
    JISR_ASSIGN_OR_RETURN(std::unique_ptr<Connection> copy,
                          Connection::OpenWithFlags(tmp_path, SQLITE_OPEN_READWRITE));
    JISR_RETURN_IF_ERROR(CopyPages(*source, *copy, progress));
  }
  source.reset();  // ends the read transaction
  // The copy's header says WAL, as its source's did: this connection makes a -wal and -shm
  // for it, and, the last to close, removes them.
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Connection> copy,
                        Connection::OpenWithFlags(tmp_path, SQLITE_OPEN_READWRITE));
  absl::StatusOr<DatabaseSummary> summary = CheckDatabase(*copy, "the copy");
  if (summary.status().code() == absl::StatusCode::kDataLoss) {
    return absl::DataLossError(absl::StrCat(summary.status().message(), "; ", data_path,
                                            " itself is likely damaged: restore the last good "
                                            "backup"));
  }
  return summary;
}

// Syncs the finished copy and gives it its name, durably.
absl::Status PlaceBackup(const std::string& tmp_path, const std::string& backup_path) {
  JISR_RETURN_IF_ERROR(SyncFile(tmp_path));
  absl::Status renamed = RenameNoReplace(tmp_path, backup_path);
  if (renamed.code() == absl::StatusCode::kAlreadyExists) {
    return absl::AlreadyExistsError(absl::StrCat(
        backup_path, " appeared while the backup ran: the backup is not replacing it"));
  }
  JISR_RETURN_IF_ERROR(renamed);
  return SyncDirectoryOf(backup_path);
}

absl::Status CopyBackupInto(Connection& backup, const std::string& tmp_path,
                            const CopyProgressFn& progress) {
  JISR_ASSIGN_OR_RETURN(
      std::unique_ptr<Connection> copy,
      Connection::OpenWithFlags(tmp_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
  return CopyPages(backup, *copy, progress);
}

void RemoveWithCompanions(const std::string& path) {
  ::unlink(path.c_str());
  RemoveCompanionFiles(path);
}

// A finished backup has no -wal: it is opened immutable (no locks, nothing written next to
// it). A file that has one is a copy of a live database: opened normally, so its WAL counts.
absl::StatusOr<std::unique_ptr<Connection>> OpenBackup(const std::string& backup_path) {
  if (FileExists(backup_path + "-wal")) {
    return Connection::OpenWithFlags(backup_path, SQLITE_OPEN_READONLY);
  }
  return Connection::OpenWithFlags(ImmutableUri(backup_path),
                                   SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
}

absl::StatusOr<DatabaseSummary> CheckBackup(Connection& backup, const std::string& backup_path) {
  JISR_ASSIGN_OR_RETURN(DatabaseSummary summary, CheckDatabase(backup, backup_path));
  if (summary.schema_version > LatestSchemaVersion()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the backup ", backup_path, " has schema version ", summary.schema_version,
                     ", newer than this jisrd knows (", LatestSchemaVersion(),
                     "): restore it with the jisrd version that made it, or a newer one"));
  }
  return summary;
}

}  // namespace

absl::StatusOr<DatabaseSummary> BackupDatabase(const std::string& data_path,
                                               const std::string& backup_path,
                                               const CopyProgressFn& progress) {
  if (!FileExists(data_path))
    return absl::NotFoundError(absl::StrCat("no database at ", data_path));
  if (FileExists(backup_path)) {
    return absl::AlreadyExistsError(
        absl::StrCat(backup_path, " exists: a backup never replaces a file; name a new one"));
  }
  const std::string tmp_path = backup_path + ".tmp";
  const int fd = ::open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno == EEXIST) {
    return absl::AlreadyExistsError(
        absl::StrCat(tmp_path, " exists: another backup may be writing it; if none is, remove it"));
  }
  if (fd < 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot create ", tmp_path, ": ", std::strerror(errno)));
  }
  ::close(fd);
  absl::StatusOr<DatabaseSummary> summary = CopyLiveDatabase(data_path, tmp_path, progress);
  absl::Status placed = summary.ok() ? PlaceBackup(tmp_path, backup_path) : summary.status();
  if (placed.ok()) return summary;
  RemoveWithCompanions(tmp_path);
  if (IsStorageFull(placed)) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "the disk holding ", backup_path, " is full: free space there or back up elsewhere"));
  }
  return placed;
}

absl::StatusOr<DatabaseSummary> RestoreDatabase(const std::string& backup_path,
                                                const std::string& data_path, bool replace_existing,
                                                const CopyProgressFn& progress) {
  if (!FileExists(backup_path)) {
    return absl::NotFoundError(absl::StrCat("no backup at ", backup_path));
  }
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Connection> backup, OpenBackup(backup_path));
  JISR_ASSIGN_OR_RETURN(DatabaseSummary summary, CheckBackup(*backup, backup_path));
  std::error_code ignored;
  std::filesystem::create_directories(std::filesystem::path(data_path).parent_path(), ignored);
  JISR_ASSIGN_OR_RETURN(
      DataFileLock lock,
      DataFileLock::Acquire(data_path,
                            "stop jisrd before restoring: a restore replaces the file it serves"));
  if (FileExists(data_path) && !replace_existing) {
    return absl::AlreadyExistsError(absl::StrCat(data_path, " exists"));
  }
  const std::string tmp_path = data_path + ".tmp";
  RemoveWithCompanions(tmp_path);  // left by a restore that stopped half-way; the lock is ours
  absl::Status copied = CopyBackupInto(*backup, tmp_path, progress);
  if (copied.ok()) copied = SyncFile(tmp_path);
  if (!copied.ok()) {
    RemoveWithCompanions(tmp_path);
    return copied;
  }
  // SQLite would replay the old file's -wal into the new one: it goes before the rename.
  RemoveCompanionFiles(data_path);
  JISR_RETURN_IF_ERROR(RenameReplacing(tmp_path, data_path));
  JISR_RETURN_IF_ERROR(SyncDirectoryOf(data_path));
  return summary;
}

}  // namespace jisr::storage::sqlite
