#include "services/api/text_service.h"

#include "absl/strings/str_cat.h"
#include "services/api/grpc_status.h"
#include "services/api/wire.h"
#include "services/common/errors.h"

namespace jisr::api {
namespace {

absl::Status ResponseTooLarge(size_t bytes, int max_bytes) {
  return InvalidFieldError(
      "text",
      absl::StrCat("the result for this text is ", bytes, " bytes, more than the ", max_bytes,
                   " this server sends in one message (text dense with words of the other "
                   "direction has many spans and runs): send less text per call, such as one "
                   "paragraph at a time"),
      "RESPONSE_TOO_LARGE");
}

}  // namespace

template <typename Request, typename Response>
TextService::Reactor* TextService::Serve(Context* context, const Bytes* in, Bytes* out,
                                         ToolMethod<Request, Response> method) {
  Reactor* reactor = context->DefaultReactor();
  Request request;
  absl::StatusOr<articles::CallContext> caller = authorizer_->Authenticate(*context);
  absl::Status status = caller.ok()
                            ? Authorizer::Authorize(*caller, access::Permission::kReadPublished,
                                                    Request::descriptor()->name())
                            : caller.status();
  if (status.ok()) status = DecodeRequest(*in, request);
  if (status.ok()) {
    absl::StatusOr<Response> response = (tools_.*method)(request);
    if (!response.ok()) {
      status = response.status();
    } else if (response->ByteSizeLong() > static_cast<size_t>(max_response_bytes_)) {
      status = ResponseTooLarge(response->ByteSizeLong(), max_response_bytes_);
    } else {
      status = EncodeResponse(*response, *out);
    }
  }
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

// One handler per line of rpc_table.h.
#define JISR_DEFINE_HANDLER(Method, Request, Response)                                          \
  TextService::Reactor* TextService::Method(Context* c, const Bytes* in, Bytes* out) {          \
    return Serve<jisr::v1::Request, jisr::v1::Response>(c, in, out,                             \
                                                        &textservice::TextServiceCore::Method); \
  }
JISR_TEXT_SERVICE_RPCS(JISR_DEFINE_HANDLER)
#undef JISR_DEFINE_HANDLER

}  // namespace jisr::api
