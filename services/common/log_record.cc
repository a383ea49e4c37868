#include "services/common/log_record.h"

#include <string>

namespace jisr {

QueuedRecord::QueuedRecord(absl::Time time, LogLevel level, const char* event,
                           absl::string_view message)
    : time_(time), level_(level), event_(event) {
  Keep(message);
  message_size_ = static_cast<uint32_t>(message.size());
}

uint32_t QueuedRecord::Keep(absl::string_view value) {
  const uint32_t offset = static_cast<uint32_t>(text_.size());
  text_.insert(text_.end(), value.begin(), value.end());
  return offset;
}

QueuedRecord::Field* QueuedRecord::Next(const char* key, Kind kind) {
  if (count_ == kMaxFields) return nullptr;
  Field& field = fields_[count_++];
  field.key = key;
  field.kind = kind;
  return &field;
}

QueuedRecord& QueuedRecord::Add(const char* key, absl::string_view value) {
  if (Field* field = Next(key, Kind::kText)) {
    field->offset = Keep(value);
    field->size = static_cast<uint32_t>(value.size());
  }
  return *this;
}

QueuedRecord& QueuedRecord::Add(const char* key, int64_t value) {
  if (Field* field = Next(key, Kind::kInteger)) field->integer = value;
  return *this;
}

QueuedRecord& QueuedRecord::Add(const char* key, double value) {
  if (Field* field = Next(key, Kind::kReal)) field->real = value;
  return *this;
}

std::string QueuedRecord::Format(LogFormat format) const {
  LogFields fields;
  for (int i = 0; i < count_; ++i) {
    const Field& field = fields_[i];
    switch (field.kind) {
      case Kind::kText:
        fields.Add(field.key, absl::string_view(text_.data() + field.offset, field.size));
        break;
      case Kind::kInteger:
        fields.Add(field.key, field.integer);
        break;
      case Kind::kReal:
        fields.Add(field.key, field.real);
        break;
    }
  }
  return FormatLogLine(format, time_, level_, event_,
                       absl::string_view(text_.data(), message_size_), fields);
}

}  // namespace jisr
