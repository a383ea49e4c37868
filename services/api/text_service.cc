#include "services/api/text_service.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/api/grpc_status.h"
#include "services/api/wire.h"
#include "services/common/errors.h"

namespace jisr::api {

TextService::TextService(textservice::TextServiceCore tools, Authorizer* authorizer,
                         const TextServiceOptions& options)
    : tools_(std::move(tools)),
      authorizer_(authorizer),
      options_(options),
      // No threads would leave admitted calls waiting for ever.
      pool_("text threads", std::max(options.threads, 1), options.max_queued,
            options.lower_priority) {}

absl::Status TextService::Busy() const {
  return BusyError("TEXT_SERVICE_BUSY",
                   absl::StrCat("jisrd's ", pool_.name(),
                                " are all busy and their queue is full: retry after the delay in "
                                "RetryInfo, with backoff (and send less text per call, such as "
                                "one paragraph at a time)"),
                   options_.retry_delay, {{"pool", pool_.name()}});
}

template <typename Request, typename Response>
TextService::Reactor* TextService::Serve(const char* name, Context* context, const Bytes* in,
                                         Bytes* out, ToolMethod<Request, Response> method) {
  Reactor* reactor = context->DefaultReactor();
  UnaryCall finish(options_.observer, "jisr.v1.TextService", name, context, reactor, in, out);
  // Credentials first: a caller who may not call the method learns nothing from its decoding.
  absl::StatusOr<articles::CallContext> caller = authorizer_->Authenticate(*context);
  const absl::Status status =
      caller.ok() ? Authorizer::Authorize(*caller, access::Permission::kReadPublished,
                                          Request::descriptor()->name())
                  : caller.status();
  if (!status.ok()) {
    finish.Finish(ToGrpcStatus(status, name));
    return reactor;
  }
  finish.set_principal(caller->principal());
  // Decoding waits for the pool too: up to 1 MiB of UTF-8 to check, which a call refused for a
  // full pool never needs, and which runs at the pool's lower priority. gRPC keeps `in` and `out`
  // until the call is finished.
  const bool queued = pool_.TrySchedule([this, name, context, finish, in, out, method] {
    Request request;
    absl::Status answered = DecodeRequest(*in, request);
    if (answered.ok()) answered = Run(*context, request, *out, method);
    finish.Finish(ToGrpcStatus(answered, name));
  });
  // Full: say so now. Waiting would make this call late, and every call after it.
  if (!queued) finish.Finish(ToGrpcStatus(Busy(), name));
  return reactor;
}

template <typename Request, typename Response>
absl::Status TextService::Run(const Context& context, const Request& request, Bytes& out,
                              ToolMethod<Request, Response> method) const {
  // Its client is gone (the deadline passed while it waited, or the server is shutting down):
  // the pipeline's work would go nowhere.
  if (context.IsCancelled()) {
    return absl::CancelledError("the call was cancelled before the text service could start it");
  }
  textservice::ResponseBudget budget(options_.max_response_bytes);
  absl::StatusOr<Response> response = (tools_.*method)(request, &budget);
  if (!response.ok()) return response.status();
  return EncodeResponse(*response, out);
}

// One handler per line of rpc_table.h.
#define JISR_DEFINE_HANDLER(Method, Request, Response)                                          \
  TextService::Reactor* TextService::Method(Context* c, const Bytes* in, Bytes* out) {          \
    return Serve<jisr::v1::Request, jisr::v1::Response>(#Method, c, in, out,                    \
                                                        &textservice::TextServiceCore::Method); \
  }
JISR_TEXT_SERVICE_RPCS(JISR_DEFINE_HANDLER)
#undef JISR_DEFINE_HANDLER

}  // namespace jisr::api
