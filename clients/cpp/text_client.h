// A small synchronous C++ client of jisr.v1.TextService, Jisr's stateless text pipeline: one
// method per RPC, absl::Status errors with the server's error details, the deadline applied per
// call. For services that format text Jisr does not store (social cards, push notifications,
// tickers).
#ifndef JISR_CLIENTS_CPP_TEXT_CLIENT_H_
#define JISR_CLIENTS_CPP_TEXT_CLIENT_H_

#include <memory>

#include "absl/status/statusor.h"
#include "clients/cpp/channel.h"
#include "clients/cpp/client_options.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "jisr/v1/text_service.grpc.pb.h"

namespace jisr::client {

// Thread-safe: calls may be made concurrently from several threads. Errors keep the server's
// code and message, with its google.rpc details as payloads (jisr::FieldViolationsOf names the
// bad request field). Every call is a read: retrying one is always safe. Every call carries the
// bearer token of ClientOptions when one is set, as ArticleClient's do: a reader may use the
// whole TextService, and off loopback jisrd refuses callers without credentials.
class TextClient {
 public:
  // Checks the options, reads the token file and creates the channel, as ArticleClient::Connect
  // does. gRPC connects lazily: this does not contact the server. InvalidArgument for unusable
  // options or an unreadable or malformed token file, saying which.
  static absl::StatusOr<std::unique_ptr<TextClient>> Connect(const ClientOptions& options);

  // Wraps an existing channel, such as a test server's InProcessChannel. Only the bearer token
  // (token or token_path) and default_deadline of `options` apply.
  static absl::StatusOr<std::unique_ptr<TextClient>> FromChannel(
      std::shared_ptr<grpc::ChannelInterface> channel, const ClientOptions& options);

  const ClientOptions& options() const { return options_; }

  // What each does is in proto/jisr/v1/text_service.proto.
  absl::StatusOr<jisr::v1::AnalyzeTextResponse> Analyze(
      const jisr::v1::AnalyzeTextRequest& request);
  absl::StatusOr<jisr::v1::NormalizeTextResponse> Normalize(
      const jisr::v1::NormalizeTextRequest& request);
  absl::StatusOr<jisr::v1::IsolateTextResponse> Isolate(
      const jisr::v1::IsolateTextRequest& request);
  absl::StatusOr<jisr::v1::VisualOrderResponse> VisualOrder(
      const jisr::v1::VisualOrderRequest& request);
  absl::StatusOr<jisr::v1::SlugifyResponse> Slugify(const jisr::v1::SlugifyRequest& request);
  absl::StatusOr<jisr::v1::SearchKeyResponse> SearchKey(const jisr::v1::SearchKeyRequest& request);
  absl::StatusOr<jisr::v1::FormatDateResponse> FormatDate(
      const jisr::v1::FormatDateRequest& request);

 private:
  TextClient(std::unique_ptr<jisr::v1::TextService::StubInterface> stub, ClientOptions options,
             CallDefaults call_defaults);

  template <typename Request, typename Response>
  absl::StatusOr<Response> Call(grpc::Status (jisr::v1::TextService::StubInterface::*method)(
                                    grpc::ClientContext*, const Request&, Response*),
                                const Request& request);

  std::unique_ptr<jisr::v1::TextService::StubInterface> stub_;
  ClientOptions options_;
  CallDefaults call_defaults_;
};

}  // namespace jisr::client

#endif  // JISR_CLIENTS_CPP_TEXT_CLIENT_H_
