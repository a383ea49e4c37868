// The one place absl::Status becomes grpc::Status: same code, same message, and the detail
// payloads as a google.rpc.Status in the grpc-status-details-bin trailer.
//
// Except for faults from below the domain: INTERNAL, UNKNOWN, DATA_LOSS or UNAVAILABLE carrying
// no ErrorInfo reason of Jisr's come from SQL, libpq, the file system or the network, and their
// messages can name statements, hosts and paths. The client gets a plain message and, in
// ErrorInfo metadata, a correlation id; the log gets the whole message under that id.
#ifndef JISR_SERVICES_API_GRPC_STATUS_H_
#define JISR_SERVICES_API_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace jisr::api {

// `method` names the call in the log line of a fault.
grpc::Status ToGrpcStatus(const absl::Status& status, absl::string_view method = "");

}  // namespace jisr::api

#endif  // JISR_SERVICES_API_GRPC_STATUS_H_
