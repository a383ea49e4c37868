#include "services/storage/sqlite/data_file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace jisr::storage::sqlite {

absl::StatusOr<DataFileLock> DataFileLock::Acquire(const std::string& data_path,
                                                   absl::string_view hint) {
  const std::string lock_path = data_path + ".lock";
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot open lock file ", lock_path, ": ", std::strerror(errno)));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return absl::FailedPreconditionError(
        absl::StrCat("another process is using ", data_path, ": ", hint));
  }
  return DataFileLock(fd);
}

DataFileLock& DataFileLock::operator=(DataFileLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

DataFileLock::~DataFileLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the flock
}

}  // namespace jisr::storage::sqlite
