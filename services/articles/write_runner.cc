#include "services/articles/write_runner.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "jisr/v1/resources.pb.h"
#include "services/articles/names.h"
#include "services/common/errors.h"
#include "services/common/fnv.h"
#include "services/common/ids.h"

namespace jisr::articles {
namespace {

// A stable fingerprint of a request's content and its sender (deterministic serialization, two
// 64-bit hashes), for telling a retry from a different request that reuses its request_id: a
// request_id belongs to the principal that sent it, so another principal reusing it never
// receives the first response.
std::string RequestFingerprint(absl::string_view method, absl::string_view principal,
                               const google::protobuf::Message& request) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&coded);
  }
  const std::string key = absl::StrCat(method, "\n", principal);
  const uint64_t a = Fnv1a64(bytes, Fnv1a64(key));
  const uint64_t b = Fnv1a64(bytes, Fnv1a64(key, 0x84222325cbf29ce4ull));
  return absl::StrCat(absl::Hex(a, absl::kZeroPad16), absl::Hex(b, absl::kZeroPad16));
}

absl::Status CheckCall(const WriteCall& call) {
  if (call.caller == nullptr || call.caller->caller.anonymous || call.caller->principal().empty()) {
    return ReasonedError(absl::StatusCode::kUnauthenticated, "CREDENTIALS_REQUIRED",
                         "this call changes content, so it needs verified credentials: a client "
                         "certificate or a bearer token (jisrctl --token-file or --tls-cert)");
  }
  if (!call.request_id.empty() && !IsValidToken(call.request_id, 64)) {
    return InvalidFieldError("request_id", "1 to 64 characters of [A-Za-z0-9_-]; a UUID is best");
  }
  return absl::OkStatus();
}

// The recorded response of a completed request_id, or none. A record made before
// `expired_before` (Unix micros) is past its retention: it is forgotten, and the call is new.
absl::StatusOr<bool> Replay(storage::Transaction& txn, const WriteCall& call,
                            const std::string& fingerprint, int64_t expired_before,
                            google::protobuf::Message& response) {
  std::optional<storage::RequestRow> done;
  {
    absl::StatusOr<std::optional<storage::RequestRow>> got = txn.GetRequest(call.request_id);
    if (!got.ok()) return got.status();
    done = *std::move(got);
  }
  if (!done.has_value()) return false;
  if (done->create_micros < expired_before) {
    JISR_RETURN_IF_ERROR(txn.DeleteRequest(call.request_id));
    return false;
  }
  if (done->method != call.method || done->fingerprint != fingerprint) {
    return InvalidFieldError(
        "request_id",
        absl::StrCat("\"", call.request_id,
                     "\" was already used for a different request: use a new request_id for a "
                     "new request"),
        "REQUEST_ID_REUSED");
  }
  if (!response.ParseFromString(done->response)) {
    return absl::DataLossError(
        absl::StrCat("the stored response of request ", call.request_id, " cannot be read"));
  }
  return true;
}

// The variant a call's response is about, for its request record ("" when it is not one).
std::string VariantOf(const google::protobuf::Message& response) {
  const auto* variant = dynamic_cast<const jisr::v1::Variant*>(&response);
  if (variant == nullptr) return "";
  absl::StatusOr<std::string> id = ParseVariantName("name", variant->name());
  return id.ok() ? *id : "";
}

}  // namespace

CallContext SystemCall(const std::string& actor) {
  CallContext call;
  call.caller.principal = actor;
  call.caller.display_name = actor;
  call.caller.anonymous = false;
  call.caller.roles = {access::Role::kAdmin};
  return call;
}

absl::Status WriteRunner::RunErased(const WriteCall& call, Change change,
                                    const ErasedAnswer& answer,
                                    google::protobuf::Message& response) const {
  JISR_RETURN_IF_ERROR(CheckCall(call));
  const std::string fingerprint =
      call.request_id.empty()
          ? ""
          : RequestFingerprint(call.method, call.caller->principal(), *call.request);
  absl::Status last_conflict;
  for (int attempt = 0; attempt <= options_.max_conflict_retries; ++attempt) {
    response.Clear();
    absl::Status status = Attempt(call, fingerprint, change, answer, response);
    if (!storage::IsConflict(status)) return status;
    last_conflict = status;
    if (attempt < options_.max_conflict_retries) conflict_retries_.fetch_add(1);
  }
  return ReasonedError(absl::StatusCode::kAborted, "WRITE_CONFLICT",
                       absl::StrCat("the write kept conflicting with concurrent writes (",
                                    last_conflict.message(), "): retry it as it is"));
}

absl::Status WriteRunner::RunSystemErased(absl::string_view method, absl::string_view actor,
                                          Change change, const ErasedAnswer& answer,
                                          google::protobuf::Message& response) const {
  // No request and no request_id: what the change claims (a due schedule) is its own guard.
  const CallContext caller = SystemCall(std::string(actor));
  return RunErased(WriteCall{method, nullptr, "", false, &caller}, change, answer, response);
}

absl::Status WriteRunner::Attempt(const WriteCall& call, const std::string& fingerprint,
                                  Change change, const ErasedAnswer& answer,
                                  google::protobuf::Message& response) const {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginWrite());
  const absl::Time now = options_.clock();
  const bool records_request = !call.request_id.empty() && !call.validate_only;
  if (records_request) {
    JISR_ASSIGN_OR_RETURN(const bool replayed,
                          Replay(*txn, call, fingerprint,
                                 absl::ToUnixMicros(now - options_.request_retention), response));
    if (replayed) return absl::OkStatus();
  }
  WriteContext write(*txn, now, *call.caller, recent_);
  absl::Status status = change(write);
  if (status.ok()) status = derived_->RefreshTouched(write);
  if (status.ok()) status = answer(write, response);
  if (status.ok()) status = CheckAnswerSize(response, options_.max_view_bytes);
  // A unique key taken by a concurrent transaction between a check and its insert (possible on
  // PostgreSQL, where writers do not take turns) is a conflict: on retry the check sees it. The
  // domain's own ALREADY_EXISTS errors carry a reason and are final.
  if (absl::IsAlreadyExists(status) && ErrorReason(status).empty()) {
    status = storage::ConflictError(status.message());
  }
  if (!status.ok() || call.validate_only) return status;  // the transaction rolls back
  if (records_request) {
    status =
        txn->InsertRequest({std::string(call.request_id), std::string(call.method), fingerprint,
                            write.now_micros(), response.SerializeAsString(), VariantOf(response)});
    // The same request_id committed by a concurrent transaction: retry, and replay it.
    if (absl::IsAlreadyExists(status)) return storage::ConflictError(status.message());
    JISR_RETURN_IF_ERROR(status);
  }
  JISR_RETURN_IF_ERROR(txn->Commit());
  for (auto& [id, view] : write.TakeCacheUpdates()) cache_->PutCommitted(id, std::move(view));
  if (recent_ != nullptr) {
    for (auto& [id, v] : write.kept().TakeAll()) recent_->Put(std::move(v));
  }
  return absl::OkStatus();
}

}  // namespace jisr::articles
