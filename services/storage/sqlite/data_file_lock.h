// One process at a time owns an SQLite data file: an exclusive flock on "<path>.lock", held
// while the descriptor is open. jisrd holds it while it serves, `jisrd restore` while it
// replaces the file, so neither runs on a file the other is changing. (`jisrd backup` takes no
// such lock: it only reads, through SQLite's own locks.)
#ifndef JISR_SERVICES_STORAGE_SQLITE_DATA_FILE_LOCK_H_
#define JISR_SERVICES_STORAGE_SQLITE_DATA_FILE_LOCK_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jisr::storage::sqlite {

class DataFileLock {
 public:
  // Takes the lock of `data_path` without waiting. FAILED_PRECONDITION saying "another process
  // is using <path>" followed by `hint` when another process holds it; UNAVAILABLE when the lock
  // file cannot be opened.
  static absl::StatusOr<DataFileLock> Acquire(const std::string& data_path, absl::string_view hint);
  DataFileLock(DataFileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  DataFileLock& operator=(DataFileLock&& other) noexcept;
  DataFileLock(const DataFileLock&) = delete;
  DataFileLock& operator=(const DataFileLock&) = delete;
  ~DataFileLock();

 private:
  explicit DataFileLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace jisr::storage::sqlite

#endif  // JISR_SERVICES_STORAGE_SQLITE_DATA_FILE_LOCK_H_
