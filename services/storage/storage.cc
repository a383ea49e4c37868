#include "services/storage/storage.h"

#include "absl/strings/cord.h"

namespace jisr::storage {
namespace {
constexpr char kConflictPayload[] = "jisr.dev/storage/conflict";
}  // namespace

absl::Status ConflictError(absl::string_view message) {
  absl::Status status = absl::AbortedError(message);
  status.SetPayload(kConflictPayload, absl::Cord("1"));
  return status;
}

bool IsConflict(const absl::Status& status) {
  return status.GetPayload(kConflictPayload).has_value();
}

}  // namespace jisr::storage
