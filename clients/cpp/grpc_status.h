// Turns a grpc::Status into the absl::Status every Jisr caller handles, with the
// google.rpc.Status details of the `grpc-status-details-bin` trailer restored as payloads, so
// jisr::ErrorReason(status) and jisr::FieldViolationsOf(status) work on the client side too.
#ifndef JISR_CLIENTS_CPP_GRPC_STATUS_H_
#define JISR_CLIENTS_CPP_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace jisr::client {

// The code and message are gRPC's; each detail of the trailer (when present and parseable)
// becomes a payload under its type URL. Details that do not parse are dropped: the code and
// message still say what happened.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace jisr::client

#endif  // JISR_CLIENTS_CPP_GRPC_STATUS_H_
