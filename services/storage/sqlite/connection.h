// A thin RAII layer over the SQLite C API: one connection, cached prepared statements, and
// errors as absl::Status. A connection is used by one thread at a time.
#ifndef JISR_SERVICES_STORAGE_SQLITE_CONNECTION_H_
#define JISR_SERVICES_STORAGE_SQLITE_CONNECTION_H_

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jisr::storage::sqlite {

// What a write that found no room gets (SQLITE_FULL: the disk, or the max_page_count cap).
inline constexpr char kStorageFullMessage[] =
    "storage is full: free disk space or raise --max_database_mb; nothing of this write was "
    "saved";

// Maps an SQLite result code to a status: BUSY/LOCKED are conflicts, UNIQUE/PRIMARY KEY
// violations ALREADY_EXISTS, FULL StorageFullError, I/O and open failures UNAVAILABLE.
absl::Status SqliteError(sqlite3* db, int code, absl::string_view context);

// A prepared statement, reset when the scope that borrowed it ends.
class Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, absl::string_view text);
  Statement& BindBlob(int index, absl::string_view bytes);
  Statement& BindNull(int index);

  // True when a row is ready, false when done.
  absl::StatusOr<bool> Step();
  // Steps to completion, for statements that return no rows.
  absl::Status Run();

  int64_t Int(int column) const;
  std::string Text(int column) const;
  std::string Blob(int column) const;
  bool IsNull(int column) const;

 private:
  sqlite3_stmt* stmt_;
  sqlite3* db_;
};

class Connection {
 public:
  // Opens (creating if needed) the database at `path` and sets the pragmas every connection
  // needs: WAL, synchronous=FULL (a commit is on disk when it returns), foreign keys, a busy
  // timeout.
  static absl::StatusOr<std::unique_ptr<Connection>> Open(const std::string& path);
  // Opens `path` (a file name, or a file: URI with SQLITE_OPEN_URI) with sqlite3_open_v2's
  // `flags` and sets only a busy timeout: for tools (backup, restore) that must not create or
  // convert the file.
  static absl::StatusOr<std::unique_ptr<Connection>> OpenWithFlags(const std::string& path,
                                                                   int flags);
  ~Connection();

  absl::Status Exec(absl::string_view sql);
  // A cached prepared statement for `sql`, bound afresh by the caller.
  absl::StatusOr<std::unique_ptr<Statement>> Prepare(absl::string_view sql);

  sqlite3* db() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  absl::flat_hash_map<std::string, sqlite3_stmt*> statements_;
};

}  // namespace jisr::storage::sqlite

#endif  // JISR_SERVICES_STORAGE_SQLITE_CONNECTION_H_
