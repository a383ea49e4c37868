#include "services/storage/sqlite/database_copy.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/status_macros.h"

namespace jisr::storage::sqlite {
namespace {

// 4 MiB a step at the default page size: progress often enough, few calls.
constexpr int kPagesPerStep = 1024;
// A step finding a lock held waits 50 ms and tries again, 10 s in all.
constexpr int kBusyRetries = 200;

absl::StatusOr<int64_t> QueryInt(Connection& db, absl::string_view sql) {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Statement> statement, db.Prepare(sql));
  JISR_ASSIGN_OR_RETURN(bool row, statement->Step());
  return row ? statement->Int(0) : 0;
}

// The problems integrity_check reports; none when it says "ok".
absl::StatusOr<std::vector<std::string>> IntegrityProblems(Connection& db) {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Statement> check, db.Prepare("PRAGMA integrity_check"));
  std::vector<std::string> problems;
  while (true) {
    JISR_ASSIGN_OR_RETURN(bool row, check->Step());
    if (!row) break;
    std::string line = check->Text(0);
    if (line != "ok") problems.push_back(std::move(line));
  }
  return problems;
}

absl::StatusOr<DatabaseSummary> Summarize(Connection& db, absl::string_view name) {
  JISR_ASSIGN_OR_RETURN(int64_t tables,
                        QueryInt(db,
                                 "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table'"
                                 " AND name IN ('schema_migrations', 'events')"));
  if (tables != 2) {
    return absl::FailedPreconditionError(
        absl::StrCat(name,
                     " is an SQLite database but not one of jisrd's (it has no "
                     "schema_migrations and events tables): check the file name"));
  }
  DatabaseSummary summary;
  JISR_ASSIGN_OR_RETURN(int64_t version,
                        QueryInt(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  summary.schema_version = static_cast<int>(version);
  JISR_ASSIGN_OR_RETURN(summary.last_event_sequence,
                        QueryInt(db, "SELECT COALESCE(MAX(sequence), 0) FROM events"));
  JISR_ASSIGN_OR_RETURN(int64_t pages, QueryInt(db, "PRAGMA page_count"));
  JISR_ASSIGN_OR_RETURN(int64_t page_size, QueryInt(db, "PRAGMA page_size"));
  summary.bytes = pages * page_size;
  return summary;
}

absl::Status Errno(absl::string_view what, const std::string& path) {
  return absl::UnavailableError(absl::StrCat(what, " ", path, ": ", std::strerror(errno)));
}

absl::Status SyncPath(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open", path);
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  return synced ? absl::OkStatus() : Errno("cannot sync", path);
}

}  // namespace

absl::Status CopyPages(Connection& from, Connection& to, const CopyProgressFn& progress) {
  sqlite3_backup* backup = sqlite3_backup_init(to.db(), "main", from.db(), "main");
  if (backup == nullptr) {
    return SqliteError(to.db(), sqlite3_extended_errcode(to.db()), "cannot start the copy");
  }
  int rc = SQLITE_OK;
  for (int busy = 0; busy <= kBusyRetries;) {
    rc = sqlite3_backup_step(backup, kPagesPerStep);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
      ++busy;
      sqlite3_sleep(50);
      continue;
    }
    if (rc != SQLITE_OK && rc != SQLITE_DONE) break;
    const int64_t total = sqlite3_backup_pagecount(backup);
    if (progress) progress({total - sqlite3_backup_remaining(backup), total});
    if (rc == SQLITE_DONE) break;
  }
  // finish reports the step's error on the destination's handle.
  const int finished = sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return SqliteError(to.db(), rc, "copying the database");
  if (finished != SQLITE_OK) return SqliteError(to.db(), finished, "finishing the copy");
  return absl::OkStatus();
}

absl::StatusOr<DatabaseSummary> CheckDatabase(Connection& db, absl::string_view name) {
  absl::StatusOr<std::vector<std::string>> problems = IntegrityProblems(db);
  if (!problems.ok() || !problems->empty()) {
    if (problems.ok() && problems->size() > 3) problems->resize(3);
    return absl::DataLossError(absl::StrCat(
        name, " is damaged or is not an SQLite database (integrity_check: ",
        problems.ok() ? absl::StrJoin(*problems, "; ") : sqlite3_errmsg(db.db()), ")"));
  }
  return Summarize(db, name);
}

std::string ImmutableUri(const std::string& path) {
  std::string uri = "file:";
  for (const char c : path) {
    if (c == '%' || c == '?' || c == '#' || static_cast<unsigned char>(c) < 0x21) {
      absl::StrAppend(&uri, "%", absl::Hex(static_cast<unsigned char>(c), absl::kZeroPad2));
    } else {
      uri.push_back(c);
    }
  }
  return uri + "?immutable=1";
}

bool FileExists(const std::string& path) {
  struct stat info;
  return ::lstat(path.c_str(), &info) == 0;
}

void RemoveCompanionFiles(const std::string& path) {
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    ::unlink(absl::StrCat(path, suffix).c_str());
  }
}

absl::Status SyncFile(const std::string& path) { return SyncPath(path, O_RDONLY); }

absl::Status SyncDirectoryOf(const std::string& path) {
  std::string directory = std::filesystem::path(path).parent_path().string();
  return SyncPath(directory.empty() ? "." : directory, O_RDONLY | O_DIRECTORY);
}

absl::Status RenameNoReplace(const std::string& from, const std::string& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) {
    return absl::OkStatus();
  }
  if (errno == EEXIST) return absl::AlreadyExistsError(absl::StrCat(to, " exists"));
  if (errno != EINVAL && errno != ENOSYS) return Errno("cannot rename to", to);
  // A file system without RENAME_NOREPLACE: check, then rename.
  if (FileExists(to)) return absl::AlreadyExistsError(absl::StrCat(to, " exists"));
  return RenameReplacing(from, to);
}

absl::Status RenameReplacing(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) return Errno("cannot rename to", to);
  return absl::OkStatus();
}

}  // namespace jisr::storage::sqlite
