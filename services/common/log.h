// jisrd's log: one line per record on stderr, as text for people or as JSON for log pipelines
// (--log_format), at or above a level (--log_level). This Abseil has no absl/log.
//
// A record has an event name ("start", "storage", "call", ...), a message for people, and typed
// fields. Lines are written whole even when threads log at once. Calls are logged in volume, so
// their records are queued raw (LogQueued) and a writer thread formats and writes them in
// batches, within 100 ms (log_writer.h); every other line is written at once, after the queued
// ones, so the log stays in order.
#ifndef JISR_SERVICES_COMMON_LOG_H_
#define JISR_SERVICES_COMMON_LOG_H_

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace jisr {

enum class LogFormat { kText, kJson };
enum class LogLevel { kDebug, kInfo, kWarning, kError };

// Sets the format and the lowest level written; before any thread logs.
void ConfigureLog(LogFormat format, LogLevel level);
bool LogEnabled(LogLevel level);

// The typed fields of a record, in the order added.
class LogFields {
 public:
  using Value = std::variant<std::string, int64_t, double, bool>;
  LogFields& Add(absl::string_view key, absl::string_view value);
  LogFields& Add(absl::string_view key, const char* value) {
    return Add(key, absl::string_view(value));
  }
  LogFields& Add(absl::string_view key, int64_t value);
  LogFields& Add(absl::string_view key, int value) { return Add(key, int64_t{value}); }
  LogFields& Add(absl::string_view key, double value);
  LogFields& Add(absl::string_view key, bool value);
  const std::vector<std::pair<std::string, Value>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, Value>> fields_;
};

// Writes a record at once.
void Log(LogLevel level, absl::string_view event, absl::string_view message,
         const LogFields& fields = {});

class QueuedRecord;  // log_record.h
// Queues a record logged in volume for the writer thread; never blocks. A full queue drops it
// and counts it (LogRecordsDropped). The caller checks LogEnabled first.
void LogQueued(QueuedRecord& record);
// Records dropped since start because the queue was full (stderr slower than the calls).
uint64_t LogRecordsDropped();

// Writes what is queued; at exit, so no record is lost.
void FlushLog();

void LogInfo(absl::string_view message);
void LogWarning(absl::string_view message);
void LogError(absl::string_view message);

// The line a record makes in `format`, with its newline (for tests).
std::string FormatLogLine(LogFormat format, LogLevel level, absl::string_view event,
                          absl::string_view message, const LogFields& fields);
// The same, stamped with `time` rather than now.
std::string FormatLogLine(LogFormat format, absl::Time time, LogLevel level,
                          absl::string_view event, absl::string_view message,
                          const LogFields& fields);

}  // namespace jisr

#endif  // JISR_SERVICES_COMMON_LOG_H_
