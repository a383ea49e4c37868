#include "services/common/log_writer.h"

#include <utility>

namespace jisr {

LogWriter::LogWriter(std::FILE* out, size_t queue_capacity, absl::Duration interval)
    : out_(out), interval_(interval), queue_(queue_capacity) {}

LogWriter::~LogWriter() {
  {
    absl::MutexLock lock(&wake_mu_);
    stopping_ = true;
    wake_ = true;
  }
  if (thread_.joinable()) thread_.join();
  Flush();
}

bool LogWriter::Enqueue(QueuedRecord& record) {
  absl::call_once(started_, [this] { thread_ = std::thread([this] { Run(); }); });
  if (!queue_.TryPush(record)) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  // Rarely: the thread wakes by itself every interval; a burst wakes it early, once.
  if (queue_.ApproximateSize() >= queue_.capacity() / 4 &&
      !nudged_.exchange(true, std::memory_order_relaxed)) {
    absl::MutexLock lock(&wake_mu_);
    wake_ = true;
  }
  return true;
}

void LogWriter::Write(absl::string_view line) {
  absl::MutexLock lock(&out_mu_);
  DrainLocked(line);
}

void LogWriter::Flush() {
  absl::MutexLock lock(&out_mu_);
  DrainLocked("");
}

void LogWriter::DrainLocked(absl::string_view line) {
  constexpr size_t kBatchBytes = 32 << 10;
  const LogFormat format = format_.load(std::memory_order_relaxed);
  QueuedRecord record;
  // Only the records queued by now: under a flood, lines waiting for out_mu_ still get their turn.
  for (size_t left = queue_.ApproximateSize(); left > 0 && queue_.TryPop(record); --left) {
    batch_.append(record.Format(format));
    if (batch_.size() >= kBatchBytes) WriteBatchLocked();
  }
  batch_.append(line.data(), line.size());
  WriteBatchLocked();
}

void LogWriter::WriteBatchLocked() {
  if (batch_.empty()) return;
  std::fwrite(batch_.data(), 1, batch_.size(), out_);
  std::fflush(out_);
  batch_.clear();
}

void LogWriter::Run() {
  for (;;) {
    bool stopping;
    {
      absl::MutexLock lock(&wake_mu_);
      wake_mu_.AwaitWithTimeout(absl::Condition(&wake_), interval_);
      wake_ = false;
      stopping = stopping_;
    }
    nudged_.store(false, std::memory_order_relaxed);
    if (stopping) return;
    Flush();
  }
}

}  // namespace jisr
