// The gRPC face of the article domain: jisr.v1.ArticleService. Every unary method is one line of
// rpc_table.h: decode the request (naming any field with invalid UTF-8), check the caller's
// identity, then answer a published view from memory on the spot, or run the domain call on the
// worker pool and encode its result. Watch streams through WatchReactor.
#ifndef JISR_SERVICES_API_ARTICLE_SERVICE_H_
#define JISR_SERVICES_API_ARTICLE_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <string_view>

#include "jisr/v1/article_service.grpc.pb.h"
#include "services/api/rpc_table.h"
#include "services/api/rpc_table_check.h"
#include "services/api/watch_reactor.h"
#include "services/api/worker_pool.h"
#include "services/articles/change_feed.h"
#include "services/articles/newsroom.h"

namespace jisr::api {

// Request metadata key carrying the caller's identity until authentication exists.
inline constexpr char kAuthorMetadataKey[] = "x-jisr-author";
// The same as UTF-8 bytes, for identities that are not ASCII (an editor's name in Arabic):
// gRPC metadata values are ASCII, binary ("-bin") ones carry any bytes. Preferred when both
// are sent.
inline constexpr char kAuthorBinMetadataKey[] = "x-jisr-author-bin";

namespace internal {

using V1 = jisr::v1::ArticleService;
#define JISR_RAW_WRAPPER(Method, ...) V1::WithRawCallbackMethod_##Method,
#define JISR_STREAM_WRAPPER(Method) V1::WithCallbackMethod_##Method,
// Every method of jisr.v1.ArticleService: the unary ones raw (decoded and encoded here), the
// streaming ones typed.
using RawArticleService =
    rpc_table::Stack<V1::Service, JISR_ARTICLE_SERVICE_UNARY_RPCS(JISR_RAW_WRAPPER)
                                      JISR_ARTICLE_SERVICE_STREAMING_RPCS(JISR_STREAM_WRAPPER)
                                          rpc_table::NoWrapper>::type;
#undef JISR_RAW_WRAPPER
#undef JISR_STREAM_WRAPPER

#define JISR_RPC_NAME(Method, ...) #Method,
inline constexpr std::string_view kArticleServiceRpcs[] = {JISR_ARTICLE_SERVICE_UNARY_RPCS(
    JISR_RPC_NAME) JISR_ARTICLE_SERVICE_STREAMING_RPCS(JISR_RPC_NAME)};
#undef JISR_RPC_NAME

static_assert(rpc_table::AllDistinct(kArticleServiceRpcs),
              "a method of jisr.v1.ArticleService is listed twice in rpc_table.h");
static_assert(rpc_table::kCoversEveryMethod<RawArticleService, V1::CallbackService>,
              "jisr.v1.ArticleService has a method without a line in rpc_table.h: add one");

}  // namespace internal

class ArticleService final : public internal::RawArticleService {
 public:
  // `newsroom`, `feed` and `workers` must outlive the service.
  ArticleService(articles::Newsroom* newsroom, articles::ChangeFeed* feed, WorkerPool* workers,
                 WatchOptions watch_options)
      : newsroom_(newsroom), feed_(feed), workers_(workers), watch_options_(watch_options) {}

  using Reactor = grpc::ServerUnaryReactor;
  using Context = grpc::CallbackServerContext;
  using Bytes = grpc::ByteBuffer;

#define JISR_DECLARE_HANDLER(Method, ...) \
  Reactor* Method(Context* c, const Bytes* in, Bytes* out) override;
  JISR_ARTICLE_SERVICE_UNARY_RPCS(JISR_DECLARE_HANDLER)
#undef JISR_DECLARE_HANDLER

  // The change feed, as a server stream (see watch_reactor.h).
  grpc::ServerWriteReactor<jisr::v1::ChangeEvent>* Watch(
      Context* c, const jisr::v1::WatchRequest* request) override;

  // Ends every Watch stream (and refuses new ones) with UNAVAILABLE and the cursor to resume
  // from: called when the server shuts down.
  void EndWatches() { watch_streams_.EndAll(); }

 private:
  // Decodes and checks the call; answers from memory when `kind` allows and the view is there;
  // otherwise runs `call` on the worker pool and finishes from there.
  template <typename Request, typename Response, RpcKind kind, typename Call>
  Reactor* Serve(const char* method, Context* context, const Bytes* in, Bytes* out, Call call);

  articles::Newsroom* const newsroom_;
  articles::ChangeFeed* const feed_;
  WorkerPool* const workers_;
  const WatchOptions watch_options_;
  WatchStreams watch_streams_;
};

}  // namespace jisr::api

#endif  // JISR_SERVICES_API_ARTICLE_SERVICE_H_
