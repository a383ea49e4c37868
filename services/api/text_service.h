// The gRPC face of TextTools: jisr.v1.TextService. Every method decodes its request itself (so
// a text with invalid UTF-8 is INVALID_ARGUMENT naming "text" and the byte, where protobuf's
// parser would only fail), runs TextTools on the gRPC thread (the work is CPU-only and bounded
// by the 1 MiB text limit) and finishes the call at once.
//
// A text within the limit can still have an analysis too large for one message (a megabyte of
// alternating Arabic and Latin words analyses to over 20 MB of spans and runs); such a call gets
// INVALID_ARGUMENT naming "text" and saying to send less, not gRPC's bare RESOURCE_EXHAUSTED.
#ifndef JISR_SERVICES_API_TEXT_SERVICE_H_
#define JISR_SERVICES_API_TEXT_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <utility>

#include "jisr/v1/text_service.grpc.pb.h"
#include "services/articles/text_tools.h"

namespace jisr::api {

namespace internal {
using TextV1 = jisr::v1::TextService;
// Every method of jisr.v1.TextService as a raw callback method.
using RawTextService = TextV1::WithRawCallbackMethod_Analyze<
    TextV1::WithRawCallbackMethod_Normalize<TextV1::WithRawCallbackMethod_Isolate<
    TextV1::WithRawCallbackMethod_VisualOrder<TextV1::WithRawCallbackMethod_Slugify<
    TextV1::WithRawCallbackMethod_SearchKey<TextV1::WithRawCallbackMethod_FormatDate<
    TextV1::Service>>>>>>>;
}  // namespace internal

// jisrd's default ServerOptions::max_message_bytes.
inline constexpr int kDefaultMaxTextResponseBytes = 8 << 20;

class TextService final : public internal::RawTextService {
 public:
  // `max_response_bytes`: the largest message the server sends (its max send message size).
  explicit TextService(articles::TextTools tools,
                       int max_response_bytes = kDefaultMaxTextResponseBytes)
      : tools_(std::move(tools)), max_response_bytes_(max_response_bytes) {}

  using Reactor = grpc::ServerUnaryReactor;
  using Context = grpc::CallbackServerContext;
  using Bytes = grpc::ByteBuffer;

  Reactor* Analyze(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* Normalize(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* Isolate(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* VisualOrder(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* Slugify(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* SearchKey(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* FormatDate(Context* c, const Bytes* in, Bytes* out) override;

 private:
  template <typename Request, typename Response>
  using ToolMethod = absl::StatusOr<Response> (articles::TextTools::*)(const Request&) const;

  // Decode, call `method`, encode, finish.
  template <typename Request, typename Response>
  Reactor* Serve(Context* context, const Bytes* in, Bytes* out,
                 ToolMethod<Request, Response> method);

  const articles::TextTools tools_;
  const int max_response_bytes_;
};

}  // namespace jisr::api

#endif  // JISR_SERVICES_API_TEXT_SERVICE_H_
