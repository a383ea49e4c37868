// Backups of a jisrd SQLite file while jisrd serves and writes to it, and restoring one.
//
// A backup is consistent: it holds exactly the writes committed when it began, each whole, none
// after (a snapshot, as a crash at that moment would have left the file). It is taken with
// SQLite's online backup API from one read transaction held open for the whole copy, in chunks
// of pages: in WAL mode a reader never blocks jisrd's writer, and the open transaction pins the
// snapshot, so the copy never restarts however much jisrd writes meanwhile (a copy without it
// starts over after each write of another process, and under steady writes may never finish).
// The cost: jisrd's WAL cannot be checkpointed past the snapshot until the copy ends, so the
// -wal file grows by what is written meanwhile.
#ifndef JISR_SERVICES_STORAGE_SQLITE_BACKUP_H_
#define JISR_SERVICES_STORAGE_SQLITE_BACKUP_H_

#include <string>

#include "absl/status/statusor.h"
#include "services/storage/sqlite/database_copy.h"

namespace jisr::storage::sqlite {

// Copies the database at `data_path` (jisrd may be running on it) into the new file
// `backup_path`: into "<backup_path>.tmp" first, then integrity_check on the copy, fsync, and a
// rename that never replaces an existing file. Returns what the copy holds.
// NOT_FOUND when there is no database at data_path; ALREADY_EXISTS when backup_path or its .tmp
// exists; FAILED_PRECONDITION when data_path is not a jisrd database; DATA_LOSS when the copy
// fails its check (data_path itself is then damaged); RESOURCE_EXHAUSTED when the backup's disk
// is full. Nothing is left at backup_path unless it succeeds.
absl::StatusOr<DatabaseSummary> BackupDatabase(const std::string& data_path,
                                               const std::string& backup_path,
                                               const CopyProgressFn& progress);

// Makes `data_path` a copy of the backup at `backup_path`: the backup must pass integrity_check
// and have a schema this build knows; it is copied into "<data_path>.tmp", synced, the old
// file's -wal and -shm are removed, and the copy renamed over data_path. Holds the data file's
// lock throughout, so jisrd must be stopped and cannot start meanwhile. Returns what the backup
// holds.
// NOT_FOUND when there is no backup_path; DATA_LOSS when it is damaged or not an SQLite file;
// FAILED_PRECONDITION when it is not a jisrd database, its schema is newer than this build's,
// or another process (jisrd) holds data_path; ALREADY_EXISTS when data_path exists and
// `replace_existing` is false.
absl::StatusOr<DatabaseSummary> RestoreDatabase(const std::string& backup_path,
                                                const std::string& data_path, bool replace_existing,
                                                const CopyProgressFn& progress);

}  // namespace jisr::storage::sqlite

#endif  // JISR_SERVICES_STORAGE_SQLITE_BACKUP_H_
