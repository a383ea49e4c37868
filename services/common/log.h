// jisrd's log: one line per record on stderr, as text for people or as JSON for log pipelines
// (--log_format), at or above a level (--log_level). This Abseil has no absl/log.
//
// A record has an event name ("start", "storage", "call", ...), a message for people, and typed
// fields. Lines are written whole even when threads log at once. Calls are logged in volume, so
// their lines are buffered and written in batches (within 200 ms); every other line is written
// at once, after the buffered ones, so the log stays in order.
#ifndef JISR_SERVICES_COMMON_LOG_H_
#define JISR_SERVICES_COMMON_LOG_H_

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/string_view.h"

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

// Writes a record. `buffered` (call lines) may wait up to 200 ms to be written.
void Log(LogLevel level, absl::string_view event, absl::string_view message,
         const LogFields& fields = {}, bool buffered = false);

// Writes what is buffered; at exit, so no line is lost.
void FlushLog();

void LogInfo(absl::string_view message);
void LogWarning(absl::string_view message);
void LogError(absl::string_view message);

// The line a record makes in `format`, with its newline (for tests).
std::string FormatLogLine(LogFormat format, LogLevel level, absl::string_view event,
                          absl::string_view message, const LogFields& fields);

}  // namespace jisr

#endif  // JISR_SERVICES_COMMON_LOG_H_
