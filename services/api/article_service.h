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
#include "services/api/audit_log.h"
#include "services/api/authorizer.h"
#include "services/api/call_observer.h"
#include "services/api/rpc_table.h"
#include "services/api/rpc_table_check.h"
#include "services/api/watch_reactor.h"
#include "services/api/worker_pool.h"
#include "services/articles/change_feed.h"
#include "services/articles/newsroom.h"

namespace jisr::api {

namespace internal {

using V1 = jisr::v1::ArticleService;
#define JISR_RAW_WRAPPER(Method, ...) V1::WithRawCallbackMethod_##Method,
#define JISR_STREAM_WRAPPER(Method, ...) V1::WithRawCallbackMethod_##Method,
// Every method of jisr.v1.ArticleService, raw: requests decoded and responses encoded here (a
// Watch stream writes events the feed serialized once for every stream).
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

// The pools an ArticleService runs blocking work on: writes and reads apart, so a flood of one
// never makes the other wait, and Watch pulls apart from both. Published reads from memory run
// on gRPC's threads and wait for none of them.
struct ServicePools {
  WorkerPool* writes = nullptr;
  WorkerPool* reads = nullptr;
  WorkerPool* watch = nullptr;
};

class ArticleService final : public internal::RawArticleService {
 public:
  // Every pointer must outlive the service; `audit` and `observer` may be null. A unary call
  // that sets no deadline gets `default_deadline`: it is answered DEADLINE_EXCEEDED rather than
  // started when it has waited that long for a thread.
  ArticleService(articles::Newsroom* newsroom, articles::ChangeFeed* feed, ServicePools pools,
                 WatchOptions watch_options, Authorizer* authorizer, AuditLog* audit,
                 absl::Duration default_deadline, CallObserver* observer)
      : newsroom_(newsroom),
        feed_(feed),
        pools_(pools),
        watch_options_(watch_options),
        watch_fanout_(pools.watch, pools.watch->threads()),
        authorizer_(authorizer),
        audit_(audit),
        default_deadline_(default_deadline),
        observer_(observer) {}

  using Reactor = grpc::ServerUnaryReactor;
  using Context = grpc::CallbackServerContext;
  using Bytes = grpc::ByteBuffer;

#define JISR_DECLARE_HANDLER(Method, ...) \
  Reactor* Method(Context* c, const Bytes* in, Bytes* out) override;
  JISR_ARTICLE_SERVICE_UNARY_RPCS(JISR_DECLARE_HANDLER)
#undef JISR_DECLARE_HANDLER

  // The change feed, as a server stream (see watch_reactor.h).
  grpc::ServerWriteReactor<Bytes>* Watch(Context* c, const Bytes* in) override;

  // Ends every Watch stream (and refuses new ones) with UNAVAILABLE and the cursor to resume
  // from: called when the server shuts down.
  void EndWatches() { watch_streams_.EndAll(); }
  const WatchStreams& watch_streams() const { return watch_streams_; }

 private:
  // Admits the caller, decodes the request; answers from memory when `kind` allows and the view
  // is there; otherwise runs `call` on the worker pool, audits it, and finishes from there.
  template <typename Request, typename Response, RpcKind kind, access::Permission permission,
            typename Call>
  Reactor* Serve(const char* method, Context* context, const Bytes* in, Bytes* out, Call call);
  // The verified caller, if it holds `permission` (audited when refused and asked to be).
  absl::StatusOr<articles::CallContext> Admit(const Context& context, access::Permission permission,
                                              absl::string_view method);
  // Records a finished call in the audit trail when it is a write, or a draft read and those
  // are audited.
  void Audit(const Context& context, const articles::CallContext& caller, absl::string_view method,
             const google::protobuf::Message& request, const google::protobuf::Message* response,
             absl::StatusCode code, bool write);

  articles::Newsroom* const newsroom_;
  articles::ChangeFeed* const feed_;
  const ServicePools pools_;
  const WatchOptions watch_options_;
  WatchFanout watch_fanout_;
  WatchStreams watch_streams_;
  Authorizer* const authorizer_;
  AuditLog* const audit_;
  const absl::Duration default_deadline_;
  CallObserver* const observer_;
};

}  // namespace jisr::api

#endif  // JISR_SERVICES_API_ARTICLE_SERVICE_H_
