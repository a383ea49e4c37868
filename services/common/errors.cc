#include "services/common/errors.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/rpc/error_details.pb.h"

namespace jisr {
namespace {

// Map fields (ErrorInfo.metadata) in key order, so the same error is always the same bytes.
std::string DeterministicBytes(const google::protobuf::Message& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  return bytes;
}

void AttachErrorInfo(absl::Status& status, absl::string_view reason,
                     const std::map<std::string, std::string>& metadata) {
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  info.set_domain(kErrorDomain);
  for (const auto& [key, value] : metadata) (*info.mutable_metadata())[key] = value;
  status.SetPayload(kErrorInfoTypeUrl, absl::Cord(DeterministicBytes(info)));
}

}  // namespace

void FieldViolations::Add(std::string field, std::string description) {
  violations_.push_back({std::move(field), std::move(description)});
}

absl::Status FieldViolations::ToStatus(absl::string_view reason) const {
  if (violations_.empty()) return absl::OkStatus();
  google::rpc::BadRequest bad_request;
  std::vector<std::string> parts;
  for (const FieldViolation& v : violations_) {
    auto* fv = bad_request.add_field_violations();
    fv->set_field(v.field);
    fv->set_description(v.description);
    parts.push_back(absl::StrCat(v.field, ": ", v.description));
  }
  absl::Status status = absl::InvalidArgumentError(absl::StrJoin(parts, "; "));
  status.SetPayload(kBadRequestTypeUrl, absl::Cord(DeterministicBytes(bad_request)));
  AttachErrorInfo(status, reason, {{"field", violations_.front().field}});
  return status;
}

absl::Status InvalidFieldError(absl::string_view field, absl::string_view description,
                               absl::string_view reason) {
  FieldViolations violations;
  violations.Add(std::string(field), std::string(description));
  return violations.ToStatus(reason);
}

absl::Status ReasonedError(absl::StatusCode code, absl::string_view reason,
                           absl::string_view message,
                           const std::map<std::string, std::string>& metadata) {
  absl::Status status(code, message);
  AttachErrorInfo(status, reason, metadata);
  return status;
}

absl::Status BusyError(absl::string_view reason, absl::string_view message,
                       absl::Duration retry_after,
                       const std::map<std::string, std::string>& metadata) {
  absl::Status status(absl::StatusCode::kResourceExhausted, message);
  AttachErrorInfo(status, reason, metadata);
  google::rpc::RetryInfo retry;
  const int64_t nanos = absl::ToInt64Nanoseconds(retry_after);
  retry.mutable_retry_delay()->set_seconds(nanos / 1000000000);
  retry.mutable_retry_delay()->set_nanos(static_cast<int32_t>(nanos % 1000000000));
  status.SetPayload(kRetryInfoTypeUrl, absl::Cord(DeterministicBytes(retry)));
  return status;
}

absl::Status ResourceNotFoundError(absl::string_view resource_type, absl::string_view name,
                                   absl::string_view reason, absl::string_view message) {
  absl::Status status = ReasonedError(absl::StatusCode::kNotFound, reason, message,
                                      {{"resource", std::string(name)}});
  google::rpc::ResourceInfo info;
  info.set_resource_type(absl::StrCat(kErrorDomain, "/", resource_type));
  info.set_resource_name(std::string(name));
  info.set_description(std::string(message));
  status.SetPayload(kResourceInfoTypeUrl, absl::Cord(DeterministicBytes(info)));
  return status;
}

absl::Status PreconditionError(absl::string_view reason, absl::string_view subject,
                               absl::string_view message) {
  absl::Status status = ReasonedError(absl::StatusCode::kFailedPrecondition, reason, message,
                                      {{"subject", std::string(subject)}});
  google::rpc::PreconditionFailure failure;
  auto* v = failure.add_violations();
  v->set_type(std::string(reason));
  v->set_subject(std::string(subject));
  v->set_description(std::string(message));
  status.SetPayload(kPreconditionFailureTypeUrl, absl::Cord(DeterministicBytes(failure)));
  return status;
}

std::string ErrorReason(const absl::Status& status) {
  auto payload = status.GetPayload(kErrorInfoTypeUrl);
  if (!payload.has_value()) return "";
  google::rpc::ErrorInfo info;
  if (!info.ParseFromString(std::string(*payload))) return "";
  return info.reason();
}

std::string ErrorMetadata(const absl::Status& status, absl::string_view key) {
  auto payload = status.GetPayload(kErrorInfoTypeUrl);
  if (!payload.has_value()) return "";
  google::rpc::ErrorInfo info;
  if (!info.ParseFromString(std::string(*payload))) return "";
  auto it = info.metadata().find(std::string(key));
  return it == info.metadata().end() ? "" : it->second;
}

std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status) {
  std::vector<FieldViolation> out;
  auto payload = status.GetPayload(kBadRequestTypeUrl);
  if (!payload.has_value()) return out;
  google::rpc::BadRequest bad_request;
  if (!bad_request.ParseFromString(std::string(*payload))) return out;
  for (const auto& fv : bad_request.field_violations()) {
    out.push_back({fv.field(), fv.description()});
  }
  return out;
}

std::string FieldPath(absl::string_view prefix, absl::string_view field) {
  if (prefix.empty()) return std::string(field);
  return absl::StrCat(prefix, ".", field);
}

}  // namespace jisr
