// The parts backup and restore (backup.h) are made of: copying a database page by page with
// SQLite's online backup API, checking a copy, and putting a finished file in place durably.
#ifndef JISR_SERVICES_STORAGE_SQLITE_DATABASE_COPY_H_
#define JISR_SERVICES_STORAGE_SQLITE_DATABASE_COPY_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/storage/sqlite/connection.h"

namespace jisr::storage::sqlite {

// What a jisrd SQLite file holds, as backup and restore report it.
struct DatabaseSummary {
  int schema_version = 0;
  int64_t bytes = 0;  // page count times page size: the file's size without its -wal
  int64_t last_event_sequence = 0;
};

// How far a copy has come, after each step.
struct CopyProgress {
  int64_t pages_done = 0;
  int64_t pages_total = 0;
};
using CopyProgressFn = std::function<void(const CopyProgress&)>;

// Copies every page of `from` into `to` (a new, empty database), a chunk of pages per step,
// calling `progress` (when set) after each. When `from` has a read transaction open, every step
// reads its snapshot and the copy is that snapshot; without one, each step takes a fresh snapshot,
// and a write by another connection in between makes SQLite start the copy over.
absl::Status CopyPages(Connection& from, Connection& to, const CopyProgressFn& progress);

// Runs PRAGMA integrity_check on `db` and reads its schema version, size and last event.
// DATA_LOSS naming `name` when it is damaged or not an SQLite file; FAILED_PRECONDITION when it
// is not a jisrd database.
absl::StatusOr<DatabaseSummary> CheckDatabase(Connection& db, absl::string_view name);

// A file: URI that opens `path` as immutable: no locks, no -wal or -shm (for a finished backup,
// which nothing writes and which may sit on read-only media). Open it with SQLITE_OPEN_URI.
std::string ImmutableUri(const std::string& path);

bool FileExists(const std::string& path);
// Removes the -wal, -shm and -journal files next to `path`, which SQLite would otherwise apply
// to whatever file gets that name next.
void RemoveCompanionFiles(const std::string& path);
// fsync of the file, then of the directory holding it: what a rename needs to survive a crash.
absl::Status SyncFile(const std::string& path);
absl::Status SyncDirectoryOf(const std::string& path);
// Renames `from` to `to`, refusing (ALREADY_EXISTS) when `to` exists, atomically where the file
// system supports it.
absl::Status RenameNoReplace(const std::string& from, const std::string& to);
// Renames `from` over `to`.
absl::Status RenameReplacing(const std::string& from, const std::string& to);

}  // namespace jisr::storage::sqlite

#endif  // JISR_SERVICES_STORAGE_SQLITE_DATABASE_COPY_H_
