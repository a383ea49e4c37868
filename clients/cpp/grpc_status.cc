#include "clients/cpp/grpc_status.h"

#include "google/rpc/status.pb.h"
#include "services/common/status_details.h"

namespace jisr::client {

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  const int code = static_cast<int>(status.error_code());
  // gRPC and absl share the canonical codes 1..16; anything else is UNKNOWN.
  const absl::StatusCode absl_code =
      code >= 1 && code <= 16 ? static_cast<absl::StatusCode>(code) : absl::StatusCode::kUnknown;
  absl::Status result(absl_code, status.error_message());

  google::rpc::Status details;
  if (status.error_details().empty() || !details.ParseFromString(status.error_details())) {
    return result;
  }
  // The trailer normally repeats code and message; gRPC's own are authoritative, so only the
  // detail payloads are taken from it.
  details.set_code(code);
  const absl::Status with_payloads = jisr::FromRpcStatus(details);
  with_payloads.ForEachPayload([&result](absl::string_view type_url, const absl::Cord& payload) {
    result.SetPayload(type_url, payload);
  });
  return result;
}

}  // namespace jisr::client
