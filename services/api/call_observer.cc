#include "services/api/call_observer.h"

#include <iterator>

#include "absl/time/clock.h"
#include "services/common/log.h"
#include "services/common/log_record.h"

namespace jisr::api {
// Not absl::StatusCodeToString: that builds a std::string, and this runs for every call (the
// access log and the metrics' labels).
absl::string_view StatusCodeName(grpc::StatusCode code) {
  static constexpr absl::string_view kNames[] = {"OK",
                                                 "CANCELLED",
                                                 "UNKNOWN",
                                                 "INVALID_ARGUMENT",
                                                 "DEADLINE_EXCEEDED",
                                                 "NOT_FOUND",
                                                 "ALREADY_EXISTS",
                                                 "PERMISSION_DENIED",
                                                 "RESOURCE_EXHAUSTED",
                                                 "FAILED_PRECONDITION",
                                                 "ABORTED",
                                                 "OUT_OF_RANGE",
                                                 "UNIMPLEMENTED",
                                                 "INTERNAL",
                                                 "UNAVAILABLE",
                                                 "DATA_LOSS",
                                                 "UNAUTHENTICATED"};
  const int index = static_cast<int>(code);
  return index >= 0 && index < static_cast<int>(std::size(kNames)) ? kNames[index] : "UNKNOWN";
}

void AccessLog::Observe(const FinishedCall& call) {
  if (!LogEnabled(LogLevel::kInfo)) return;
  QueuedRecord record(call.finished, LogLevel::kInfo, "call", call.method);
  record.Add("service", call.service)
      .Add("method", call.method)
      .Add("code", StatusCodeName(call.code))
      .Add("latency_ms", absl::ToDoubleMilliseconds(call.latency))
      .Add("request_bytes", static_cast<int64_t>(call.request_bytes))
      .Add("response_bytes", static_cast<int64_t>(call.response_bytes))
      .Add("peer", call.peer);
  if (!call.request_id.empty()) record.Add("request_id", call.request_id);
  if (!call.principal.empty()) record.Add("principal", call.principal);
  LogQueued(record);
}

UnaryCall::UnaryCall(CallObserver* observer, absl::string_view service, absl::string_view method,
                     grpc::CallbackServerContext* context, grpc::ServerUnaryReactor* reactor,
                     const grpc::ByteBuffer* in, grpc::ByteBuffer* out)
    : observer_(observer),
      service_(service),
      method_(method),
      context_(context),
      reactor_(reactor),
      request_bytes_(in == nullptr ? 0 : in->Length()),
      out_(out),
      arrived_(absl::Now()) {}

void UnaryCall::Finish(const grpc::Status& status) const {
  if (observer_ != nullptr) {
    // The peer is for the access log only, and costs a string per call: not when it is off.
    const std::string peer = LogEnabled(LogLevel::kInfo) ? context_->peer() : std::string();
    FinishedCall call;
    call.service = service_;
    call.method = method_;
    call.code = status.error_code();
    // One clock read for both the latency and the log record's time.
    call.finished = absl::Now();
    call.latency = call.finished - arrived_;
    call.request_bytes = request_bytes_;
    call.response_bytes = status.ok() && out_ != nullptr ? out_->Length() : 0;
    call.request_id = request_id_;
    call.principal = principal_;
    call.peer = peer;
    observer_->Observe(call);
  }
  reactor_->Finish(status);
}

}  // namespace jisr::api
