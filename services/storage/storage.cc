#include "services/storage/storage.h"

#include "absl/strings/cord.h"
#include "services/common/errors.h"

namespace jisr::storage {
namespace {
constexpr char kConflictPayload[] = "jisr.dev/storage/conflict";
constexpr char kStorageFullReason[] = "STORAGE_FULL";
}  // namespace

absl::Status ConflictError(absl::string_view message) {
  absl::Status status = absl::AbortedError(message);
  status.SetPayload(kConflictPayload, absl::Cord("1"));
  return status;
}

bool IsConflict(const absl::Status& status) {
  return status.GetPayload(kConflictPayload).has_value();
}

absl::Status StorageFullError(absl::string_view message) {
  return ReasonedError(absl::StatusCode::kResourceExhausted, kStorageFullReason, message);
}

bool IsStorageFull(const absl::Status& status) {
  return status.code() == absl::StatusCode::kResourceExhausted &&
         ErrorReason(status) == kStorageFullReason;
}

std::optional<int64_t> LastExpiredEvent(const std::vector<EventRow>& oldest, int64_t micros) {
  std::optional<int64_t> last;
  for (const EventRow& event : oldest) {
    // A prefix only: what is left is exactly the events after the watermark.
    if (event.time_micros >= micros) break;
    last = event.sequence;
  }
  return last;
}

}  // namespace jisr::storage
