// The one place absl::Status becomes grpc::Status: same code, same message, and the detail
// payloads as a google.rpc.Status in the grpc-status-details-bin trailer.
#ifndef JISR_SERVICES_API_GRPC_STATUS_H_
#define JISR_SERVICES_API_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace jisr::api {

grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace jisr::api

#endif  // JISR_SERVICES_API_GRPC_STATUS_H_
