// Converts between absl::Status (with detail payloads keyed by type URL, see errors.h) and
// google.rpc.Status, the message gRPC carries in the `grpc-status-details-bin` trailer.
#ifndef JISR_SERVICES_COMMON_STATUS_DETAILS_H_
#define JISR_SERVICES_COMMON_STATUS_DETAILS_H_

#include "absl/status/status.h"
#include "google/rpc/status.pb.h"

namespace jisr {

// Every payload whose key is a type URL becomes one google.protobuf.Any detail.
google::rpc::Status ToRpcStatus(const absl::Status& status);

// The inverse: each Any detail becomes a payload under its type URL.
absl::Status FromRpcStatus(const google::rpc::Status& rpc_status);

}  // namespace jisr

#endif  // JISR_SERVICES_COMMON_STATUS_DETAILS_H_
