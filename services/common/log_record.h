// A record logged in volume (one per call): the thread that logs it only copies raw values into
// it (no allocation for the usual sizes, no formatting); the log's writer thread makes its line.
#ifndef JISR_SERVICES_COMMON_LOG_RECORD_H_
#define JISR_SERVICES_COMMON_LOG_RECORD_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/container/inlined_vector.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/common/log.h"

namespace jisr {

class QueuedRecord {
 public:
  static constexpr int kMaxFields = 10;

  QueuedRecord() = default;
  // `event`, and every key added, must live as long as the process (string literals).
  QueuedRecord(absl::Time time, LogLevel level, const char* event, absl::string_view message);

  // Fields beyond kMaxFields are left out (a programming error, not worth a crash).
  QueuedRecord& Add(const char* key, absl::string_view value);
  QueuedRecord& Add(const char* key, int64_t value);
  QueuedRecord& Add(const char* key, double value);

  // The line, with its newline, as FormatLogLine makes it.
  std::string Format(LogFormat format) const;

 private:
  enum class Kind : uint8_t { kText, kInteger, kReal };
  struct Field {
    const char* key = nullptr;
    Kind kind = Kind::kText;
    uint32_t offset = 0;  // kText: where its bytes start in text_
    uint32_t size = 0;
    union {
      int64_t integer;
      double real;
    };
  };
  // Appends `value` to text_; its offset.
  uint32_t Keep(absl::string_view value);
  // The next field, with its key and kind set; null when all are taken.
  Field* Next(const char* key, Kind kind);

  absl::Time time_;
  LogLevel level_ = LogLevel::kInfo;
  const char* event_ = "";
  uint32_t message_size_ = 0;  // the message is the first bytes of text_
  int count_ = 0;
  std::array<Field, kMaxFields> fields_;
  // The message and the text values, one after the other: a call's fit inline.
  absl::InlinedVector<char, 160> text_;
};

}  // namespace jisr

#endif  // JISR_SERVICES_COMMON_LOG_RECORD_H_
