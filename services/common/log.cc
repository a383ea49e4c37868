#include "services/common/log.h"

#include <atomic>
#include <cstdio>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace jisr {
namespace {

std::atomic<LogFormat> format{LogFormat::kText};
std::atomic<LogLevel> lowest{LogLevel::kInfo};

// Call lines collect here and are written in batches: one write per batch rather than per call
// keeps logging every call off the read path's costs.
class LogWriter {
 public:
  void Buffer(std::string line) {
    absl::MutexLock lock(&mu_);
    pending_.append(line);
    if (!flusher_started_) {
      flusher_started_ = true;
      // Never joined: the writer lives as long as the process (FlushLog at exit).
      std::thread([this] { FlushEvery(absl::Milliseconds(200)); }).detach();
    }
    if (pending_.size() >= kBatchBytes) WriteLocked();
  }
  void Write(const std::string& line) {
    absl::MutexLock lock(&mu_);
    pending_.append(line);
    WriteLocked();
  }
  void Flush() {
    absl::MutexLock lock(&mu_);
    WriteLocked();
  }

 private:
  static constexpr size_t kBatchBytes = 32 << 10;
  void WriteLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (pending_.empty()) return;
    std::fwrite(pending_.data(), 1, pending_.size(), stderr);
    std::fflush(stderr);
    pending_.clear();
  }
  void FlushEvery(absl::Duration interval) {
    for (;;) {
      absl::SleepFor(interval);
      Flush();
    }
  }

  absl::Mutex mu_;
  std::string pending_ ABSL_GUARDED_BY(mu_);
  bool flusher_started_ ABSL_GUARDED_BY(mu_) = false;
};

LogWriter& Writer() {
  static LogWriter* const writer = new LogWriter();
  return *writer;
}

}  // namespace

void ConfigureLog(LogFormat log_format, LogLevel level) {
  format = log_format;
  lowest = level;
}

bool LogEnabled(LogLevel level) { return level >= lowest.load(std::memory_order_relaxed); }

LogFields& LogFields::Add(absl::string_view key, absl::string_view value) {
  fields_.emplace_back(std::string(key), std::string(value));
  return *this;
}
LogFields& LogFields::Add(absl::string_view key, int64_t value) {
  fields_.emplace_back(std::string(key), value);
  return *this;
}
LogFields& LogFields::Add(absl::string_view key, double value) {
  fields_.emplace_back(std::string(key), value);
  return *this;
}
LogFields& LogFields::Add(absl::string_view key, bool value) {
  fields_.emplace_back(std::string(key), value);
  return *this;
}

void Log(LogLevel level, absl::string_view event, absl::string_view message,
         const LogFields& fields, bool buffered) {
  if (!LogEnabled(level)) return;
  std::string line = FormatLogLine(format.load(), level, event, message, fields);
  if (buffered) {
    Writer().Buffer(std::move(line));
  } else {
    Writer().Write(line);
  }
}

void FlushLog() { Writer().Flush(); }

void LogInfo(absl::string_view message) { Log(LogLevel::kInfo, "log", message); }
void LogWarning(absl::string_view message) { Log(LogLevel::kWarning, "log", message); }
void LogError(absl::string_view message) { Log(LogLevel::kError, "log", message); }

}  // namespace jisr
