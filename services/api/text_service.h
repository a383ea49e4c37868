// The gRPC face of TextServiceCore: jisr.v1.TextService. Every method decodes its request itself
// (so a text with invalid UTF-8 is INVALID_ARGUMENT naming "text" and the byte, where protobuf's
// parser would only fail), runs TextServiceCore on the gRPC thread (the work is CPU-only and
// bounded by the 1 MiB text limit) and finishes the call at once.
//
// A text within the limit can still have an analysis too large for one message (a megabyte of
// alternating Arabic and Latin words analyses to over 20 MB of spans and runs); such a call gets
// INVALID_ARGUMENT naming "text" and saying to send less, not gRPC's bare RESOURCE_EXHAUSTED.
#ifndef JISR_SERVICES_API_TEXT_SERVICE_H_
#define JISR_SERVICES_API_TEXT_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <string_view>
#include <utility>

#include "jisr/v1/text_service.grpc.pb.h"
#include "services/api/authorizer.h"
#include "services/api/rpc_table.h"
#include "services/api/rpc_table_check.h"
#include "services/textservice/text_service_core.h"

namespace jisr::api {

namespace internal {

using TextV1 = jisr::v1::TextService;
#define JISR_RAW_TEXT_WRAPPER(Method, ...) TextV1::WithRawCallbackMethod_##Method,
// Every method of jisr.v1.TextService as a raw callback method (rpc_table.h).
using RawTextService =
    rpc_table::Stack<TextV1::Service,
                     JISR_TEXT_SERVICE_RPCS(JISR_RAW_TEXT_WRAPPER) rpc_table::NoWrapper>::type;
#undef JISR_RAW_TEXT_WRAPPER

#define JISR_RPC_NAME(Method, ...) #Method,
inline constexpr std::string_view kTextServiceRpcs[] = {JISR_TEXT_SERVICE_RPCS(JISR_RPC_NAME)};
#undef JISR_RPC_NAME

static_assert(rpc_table::AllDistinct(kTextServiceRpcs),
              "a method of jisr.v1.TextService is listed twice in rpc_table.h");
static_assert(rpc_table::kCoversEveryMethod<RawTextService, TextV1::CallbackService>,
              "jisr.v1.TextService has a method without a line in rpc_table.h: add one");

}  // namespace internal

// jisrd's default ServerOptions::max_message_bytes.
inline constexpr int kDefaultMaxTextResponseBytes = 8 << 20;

class TextService final : public internal::RawTextService {
 public:
  // `max_response_bytes`: the largest message the server sends (its max send message size).
  // `authorizer` (which must outlive the service) admits callers with content.read_published.
  TextService(textservice::TextServiceCore tools, Authorizer* authorizer,
              int max_response_bytes = kDefaultMaxTextResponseBytes)
      : tools_(std::move(tools)),
        authorizer_(authorizer),
        max_response_bytes_(max_response_bytes) {}

  using Reactor = grpc::ServerUnaryReactor;
  using Context = grpc::CallbackServerContext;
  using Bytes = grpc::ByteBuffer;

#define JISR_DECLARE_HANDLER(Method, ...) \
  Reactor* Method(Context* c, const Bytes* in, Bytes* out) override;
  JISR_TEXT_SERVICE_RPCS(JISR_DECLARE_HANDLER)
#undef JISR_DECLARE_HANDLER

 private:
  template <typename Request, typename Response>
  using ToolMethod =
      absl::StatusOr<Response> (textservice::TextServiceCore::*)(const Request&) const;

  // Decode, call `method`, encode, finish.
  template <typename Request, typename Response>
  Reactor* Serve(Context* context, const Bytes* in, Bytes* out,
                 ToolMethod<Request, Response> method);

  const textservice::TextServiceCore tools_;
  Authorizer* const authorizer_;
  const int max_response_bytes_;
};

}  // namespace jisr::api

#endif  // JISR_SERVICES_API_TEXT_SERVICE_H_
