#include "services/api/grpc_status.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/ids.h"
#include "services/common/log.h"
#include "services/common/status_details.h"

namespace jisr::api {
namespace {

bool FromBelowTheDomain(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kUnavailable:
      return ErrorReason(status).empty();
    default:
      return false;
  }
}

// What the client is told instead, with the id that finds the whole story in the log.
absl::Status ForTheClient(const absl::Status& status, absl::string_view method) {
  const std::string id = NewResourceId();
  Log(LogLevel::kError, "fault",
      absl::StrCat(method.empty() ? "a call" : method, " failed: ", status.ToString()),
      LogFields().Add("method", method).Add("correlation_id", id));
  const std::string tell_operator =
      absl::StrCat("if it persists, give jisrd's operator the correlation id ", id);
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
      return ReasonedError(
          status.code(), "STORAGE_UNAVAILABLE",
          absl::StrCat("jisrd cannot reach its storage right now: retry with backoff; ",
                       tell_operator),
          {{"correlation_id", id}});
    case absl::StatusCode::kDataLoss:
      return ReasonedError(status.code(), "STORED_DATA_UNREADABLE",
                           absl::StrCat("stored data could not be read; ", tell_operator),
                           {{"correlation_id", id}});
    default:
      return ReasonedError(status.code(), "SERVER_FAULT",
                           absl::StrCat("jisrd failed inside; ", tell_operator),
                           {{"correlation_id", id}});
  }
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status, absl::string_view method) {
  if (status.ok()) return grpc::Status::OK;
  if (FromBelowTheDomain(status)) return ToGrpcStatus(ForTheClient(status, method), method);
  // absl::StatusCode and grpc::StatusCode share their numbers (both are google.rpc.Code).
  const auto code = static_cast<grpc::StatusCode>(status.code());
  std::string message(status.message());
  google::rpc::Status details = ToRpcStatus(status);
  if (details.details_size() == 0) return grpc::Status(code, message);
  return grpc::Status(code, message, details.SerializeAsString());
}

}  // namespace jisr::api
