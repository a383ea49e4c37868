#include "services/api/article_service.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/api/grpc_status.h"
#include "services/api/wire.h"
#include "services/common/log.h"
#include "services/common/utf8.h"

namespace jisr::api {
namespace {

struct Caller {
  articles::CallContext context;
  const char* author_key = kAuthorMetadataKey;  // where the author came from, for errors
};

Caller CallerFrom(const grpc::CallbackServerContext& context) {
  Caller out;
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(kAuthorBinMetadataKey);
  if (it != metadata.end()) {
    out.author_key = kAuthorBinMetadataKey;
  } else {
    it = metadata.find(kAuthorMetadataKey);
  }
  if (it != metadata.end()) out.context.author.assign(it->second.data(), it->second.size());
  return out;
}

// The author is recorded in every revision and shown to editors: one line of valid UTF-8.
absl::Status CheckCaller(const Caller& caller) {
  const std::string& author = caller.context.author;
  if (author.size() > 200) {
    return absl::InvalidArgumentError(
        absl::StrCat(caller.author_key, " is longer than 200 bytes: send a shorter identity"));
  }
  if (int64_t at = FindInvalidUtf8(author); at >= 0) {
    return absl::InvalidArgumentError(absl::StrCat(caller.author_key, " has invalid UTF-8 at byte ",
                                                   at, ": send the identity as UTF-8"));
  }
  for (unsigned char c : author) {
    if (c < 0x20 || c == 0x7F) {
      return absl::InvalidArgumentError(absl::StrCat(
          caller.author_key, " contains a control character: send the identity on one line"));
    }
  }
  return absl::OkStatus();
}

bool IsServerFault(absl::StatusCode code) {
  return code == absl::StatusCode::kInternal || code == absl::StatusCode::kDataLoss ||
         code == absl::StatusCode::kUnknown || code == absl::StatusCode::kUnavailable;
}

}  // namespace

template <typename Request, typename Response, RpcKind kind, typename Call>
ArticleService::Reactor* ArticleService::Serve(const char* method, Context* context,
                                               const Bytes* in, Bytes* out, Call call) {
  Reactor* reactor = context->DefaultReactor();
  auto request = std::make_shared<Request>();
  absl::Status status = DecodeRequest(*in, *request);
  const Caller caller = CallerFrom(*context);
  if (status.ok()) status = CheckCaller(caller);
  if (!status.ok()) {
    reactor->Finish(ToGrpcStatus(status));
    return reactor;
  }
  if constexpr (kind == RpcKind::kPublishedRead) {
    // The renderer's hot path: a published view in memory is answered on this thread, as the
    // bytes stored at write time. Every other case takes the general path below.
    if (auto bytes = newsroom_->variant_reading().CachedAnswer(*request)) {
      ShareBytes(std::move(bytes), *out);
      reactor->Finish(grpc::Status::OK);
      return reactor;
    }
  }
  workers_->Schedule([method, context, reactor, out, request, call, caller] {
    if (context->IsCancelled()) {
      reactor->Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the call was cancelled"));
      return;
    }
    if (context->deadline() < std::chrono::system_clock::now()) {
      reactor->Finish(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                                   "the deadline passed before the server could start the call"));
      return;
    }
    const absl::Time start = absl::Now();
    absl::StatusOr<Response> response = call(*request, caller.context);
    absl::Status result = response.status();
    if (result.ok()) result = EncodeResponse(*response, *out);
    if (IsServerFault(result.code())) {
      LogError(absl::StrCat(method, " failed after ", absl::FormatDuration(absl::Now() - start),
                            ": ", result.ToString()));
    }
    reactor->Finish(ToGrpcStatus(result));
  });
  return reactor;
}

// One handler per line of rpc_table.h.
#define JISR_DEFINE_HANDLER(Method, Request, Response, component, kind)                      \
  ArticleService::Reactor* ArticleService::Method(Context* c, const Bytes* in, Bytes* out) { \
    return Serve<jisr::v1::Request, jisr::v1::Response, RpcKind::kind>(                      \
        #Method, c, in, out,                                                                 \
        [newsroom = newsroom_](const jisr::v1::Request& request,                             \
                               const articles::CallContext& caller) {                        \
          return newsroom->component().Method(request, caller);                              \
        });                                                                                  \
  }
JISR_ARTICLE_SERVICE_UNARY_RPCS(JISR_DEFINE_HANDLER)
#undef JISR_DEFINE_HANDLER

grpc::ServerWriteReactor<jisr::v1::ChangeEvent>* ArticleService::Watch(
    Context* c, const jisr::v1::WatchRequest* request) {
  return WatchReactor::Start(c, *request, newsroom_->config(), feed_, workers_, watch_options_,
                             &watch_streams_);
}

}  // namespace jisr::api
