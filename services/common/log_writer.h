// Where the log's lines go, whole and in order. Records logged in volume (QueuedRecord, one per
// call) wait in a bounded queue and a thread of the writer's own formats and writes them, in
// batches: the thread that logs one neither formats nor writes nor waits for a lock. When the
// queue is full the record is dropped and counted (dropped()), so a slow or stuck stderr slows
// no call. Every other line is written at once, after the records queued before it.
#ifndef JISR_SERVICES_COMMON_LOG_WRITER_H_
#define JISR_SERVICES_COMMON_LOG_WRITER_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <thread>

#include "absl/base/call_once.h"
#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/log.h"
#include "services/common/log_queue.h"
#include "services/common/log_record.h"

namespace jisr {

class LogWriter {
 public:
  // Writes to `out` (not closed). Queued records are written within `interval`, or sooner once
  // a quarter of `queue_capacity` waits. The thread starts with the first queued record.
  LogWriter(std::FILE* out, size_t queue_capacity, absl::Duration interval);
  // Writes what is queued and stops the thread.
  ~LogWriter();

  void set_format(LogFormat format) { format_.store(format, std::memory_order_relaxed); }

  // Never blocks. False, and counted, when the queue is full.
  bool Enqueue(QueuedRecord& record);
  // Writes the queued records, then `line`.
  void Write(absl::string_view line);
  // Writes the queued records (at exit, so none is lost).
  void Flush();
  // Records dropped because the queue was full.
  uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

 private:
  // Formats and writes every record queued; `line` after them.
  void DrainLocked(absl::string_view line) ABSL_EXCLUSIVE_LOCKS_REQUIRED(out_mu_);
  void WriteBatchLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(out_mu_);
  void Run();

  std::FILE* const out_;
  const absl::Duration interval_;
  std::atomic<LogFormat> format_{LogFormat::kText};
  LogQueue<QueuedRecord> queue_;
  std::atomic<uint64_t> dropped_{0};
  // Whether the thread was asked to drain before its interval ends; set once per wait.
  std::atomic<bool> nudged_{false};
  // Whoever drains holds it, so records and lines reach `out_` in order.
  absl::Mutex out_mu_;
  std::string batch_ ABSL_GUARDED_BY(out_mu_);
  absl::Mutex wake_mu_;
  bool wake_ ABSL_GUARDED_BY(wake_mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(wake_mu_) = false;
  absl::once_flag started_;
  std::thread thread_;
};

}  // namespace jisr

#endif  // JISR_SERVICES_COMMON_LOG_WRITER_H_
