// Errors the way every Jisr caller receives them: an absl::Status whose payloads are the
// google.rpc detail messages (ErrorInfo with a stable reason, BadRequest naming fields,
// PreconditionFailure, ResourceInfo), keyed by their type URLs. The transport turns the payloads
// into the google.rpc.Status trailer; the C++ client turns the trailer back into payloads.
#ifndef JISR_SERVICES_COMMON_ERRORS_H_
#define JISR_SERVICES_COMMON_ERRORS_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace jisr {

// google.rpc.ErrorInfo.domain of every error Jisr raises.
inline constexpr char kErrorDomain[] = "jisr.newsroom";

// Type URLs under which detail messages are stored as absl::Status payloads.
inline constexpr char kErrorInfoTypeUrl[] = "type.googleapis.com/google.rpc.ErrorInfo";
inline constexpr char kBadRequestTypeUrl[] = "type.googleapis.com/google.rpc.BadRequest";
inline constexpr char kPreconditionFailureTypeUrl[] =
    "type.googleapis.com/google.rpc.PreconditionFailure";
inline constexpr char kResourceInfoTypeUrl[] = "type.googleapis.com/google.rpc.ResourceInfo";
inline constexpr char kRetryInfoTypeUrl[] = "type.googleapis.com/google.rpc.RetryInfo";

// One bad field: its path in the request ("variant.blocks[2].paragraph.text") and why.
struct FieldViolation {
  std::string field;
  std::string description;
};

// Collects every problem of a request, so one response names them all.
class FieldViolations {
 public:
  void Add(std::string field, std::string description);
  bool empty() const { return violations_.empty(); }
  const std::vector<FieldViolation>& violations() const { return violations_; }

  // INVALID_ARGUMENT with a BadRequest of every violation and ErrorInfo `reason`; OK if none.
  absl::Status ToStatus(absl::string_view reason = "INVALID_FIELD") const;

 private:
  std::vector<FieldViolation> violations_;
};

// INVALID_ARGUMENT naming one field.
absl::Status InvalidFieldError(absl::string_view field, absl::string_view description,
                               absl::string_view reason = "INVALID_FIELD");

// An error of any code with an ErrorInfo reason and metadata.
absl::Status ReasonedError(absl::StatusCode code, absl::string_view reason,
                           absl::string_view message,
                           const std::map<std::string, std::string>& metadata = {});

// RESOURCE_EXHAUSTED with an ErrorInfo reason and a google.rpc.RetryInfo saying when to try
// again: the server is at a bound it keeps (a full queue, too many streams), not broken.
absl::Status BusyError(absl::string_view reason, absl::string_view message,
                       absl::Duration retry_after,
                       const std::map<std::string, std::string>& metadata = {});

// NOT_FOUND for a resource, with ErrorInfo and ResourceInfo.
absl::Status ResourceNotFoundError(absl::string_view resource_type, absl::string_view name,
                                   absl::string_view reason, absl::string_view message);

// FAILED_PRECONDITION with a PreconditionFailure violation and an ErrorInfo reason.
absl::Status PreconditionError(absl::string_view reason, absl::string_view subject,
                               absl::string_view message);

// The ErrorInfo reason carried by `status`, or "" when it has none.
std::string ErrorReason(const absl::Status& status);

// The value under `key` in the ErrorInfo metadata carried by `status`, or "" when there is none.
std::string ErrorMetadata(const absl::Status& status, absl::string_view key);

// The BadRequest field violations carried by `status`.
std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status);

// Prefixes a field path: ("variant", "headline") -> "variant.headline"; ("", x) -> x.
std::string FieldPath(absl::string_view prefix, absl::string_view field);

}  // namespace jisr

#endif  // JISR_SERVICES_COMMON_ERRORS_H_
