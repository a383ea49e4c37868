#include "clients/cpp/text_client.h"

#include <utility>

#include "clients/cpp/channel.h"
#include "clients/cpp/grpc_status.h"

namespace jisr::client {

using jisr::v1::TextService;

absl::StatusOr<std::unique_ptr<TextClient>> TextClient::Connect(const ClientOptions& options) {
  // In ArticleClient::Connect's order, so both report the same mistake the same way.
  if (absl::Status valid = ValidateChannelOptions(options); !valid.ok()) return valid;
  absl::StatusOr<CallDefaults> call_defaults = MakeCallDefaults(options);
  if (!call_defaults.ok()) return call_defaults.status();
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = MakeChannel(options);
  if (!channel.ok()) return channel.status();
  return std::unique_ptr<TextClient>(
      new TextClient(TextService::NewStub(*channel), options, *std::move(call_defaults)));
}

absl::StatusOr<std::unique_ptr<TextClient>> TextClient::FromChannel(
    std::shared_ptr<grpc::ChannelInterface> channel, const ClientOptions& options) {
  if (channel == nullptr) return absl::InvalidArgumentError("channel is null");
  absl::StatusOr<CallDefaults> call_defaults = MakeCallDefaults(options);
  if (!call_defaults.ok()) return call_defaults.status();
  return std::unique_ptr<TextClient>(
      new TextClient(TextService::NewStub(channel), options, *std::move(call_defaults)));
}

TextClient::TextClient(std::unique_ptr<TextService::StubInterface> stub, ClientOptions options,
                       CallDefaults call_defaults)
    : stub_(std::move(stub)),
      options_(std::move(options)),
      call_defaults_(std::move(call_defaults)) {}

template <typename Request, typename Response>
absl::StatusOr<Response> TextClient::Call(grpc::Status (TextService::StubInterface::*method)(
                                              grpc::ClientContext*, const Request&, Response*),
                                          const Request& request) {
  grpc::ClientContext context;
  call_defaults_.Apply(context);
  Response response;
  const grpc::Status status = (stub_.get()->*method)(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

// One line per RPC.
#define JISR_TEXT_CALL(Method, Request, Response)                                           \
  absl::StatusOr<jisr::v1::Response> TextClient::Method(const jisr::v1::Request& request) { \
    return Call(&TextService::StubInterface::Method, request);                              \
  }

JISR_TEXT_CALL(Analyze, AnalyzeTextRequest, AnalyzeTextResponse)
JISR_TEXT_CALL(Normalize, NormalizeTextRequest, NormalizeTextResponse)
JISR_TEXT_CALL(Isolate, IsolateTextRequest, IsolateTextResponse)
JISR_TEXT_CALL(VisualOrder, VisualOrderRequest, VisualOrderResponse)
JISR_TEXT_CALL(Slugify, SlugifyRequest, SlugifyResponse)
JISR_TEXT_CALL(SearchKey, SearchKeyRequest, SearchKeyResponse)
JISR_TEXT_CALL(FormatDate, FormatDateRequest, FormatDateResponse)

#undef JISR_TEXT_CALL

}  // namespace jisr::client
