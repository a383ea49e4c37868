// The gRPC face of the article domain. Every method is a raw callback handler: decode the
// request (naming any field with invalid UTF-8), take the caller's identity from metadata, run
// the domain call on the worker pool, and encode the result. Published views are answered on the
// spot from the domain's cache, as the bytes stored at write time.
#ifndef JISR_SERVICES_API_ARTICLE_SERVICE_H_
#define JISR_SERVICES_API_ARTICLE_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include "jisr/v1/article_service.grpc.pb.h"
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
// Every method of jisr.v1.ArticleService as a raw callback method.
using RawArticleService =
    V1::WithRawCallbackMethod_ListLanguages<V1::WithRawCallbackMethod_CreateStory<
    V1::WithRawCallbackMethod_GetStory<V1::WithRawCallbackMethod_ListStories<
    V1::WithRawCallbackMethod_UpdateStory<V1::WithRawCallbackMethod_DeleteStory<
    V1::WithRawCallbackMethod_UndeleteStory<V1::WithRawCallbackMethod_CreateVariant<
    V1::WithRawCallbackMethod_GetVariant<V1::WithRawCallbackMethod_LookupVariant<
    V1::WithRawCallbackMethod_ListVariants<V1::WithRawCallbackMethod_UpdateVariant<
    V1::WithRawCallbackMethod_DeleteVariant<V1::WithRawCallbackMethod_UndeleteVariant<
    V1::WithRawCallbackMethod_PublishVariant<V1::WithRawCallbackMethod_UnpublishVariant<
    V1::WithRawCallbackMethod_LinkVariant<V1::WithRawCallbackMethod_UnlinkVariant<
    V1::WithRawCallbackMethod_ListRevisions<V1::WithRawCallbackMethod_GetRevision<
    V1::WithRawCallbackMethod_DiffRevisions<V1::WithRawCallbackMethod_RestoreRevision<
    V1::WithRawCallbackMethod_BatchPublishVariants<V1::WithRawCallbackMethod_GetTranslationDiff<
    V1::WithRawCallbackMethod_ListStaleTranslations<V1::WithRawCallbackMethod_AddCorrection<
    V1::WithRawCallbackMethod_DismissCorrection<V1::WithRawCallbackMethod_CreateSchedule<
    V1::WithRawCallbackMethod_GetSchedule<V1::WithRawCallbackMethod_ListSchedules<
    V1::WithRawCallbackMethod_CancelSchedule<V1::WithCallbackMethod_Watch<
    V1::Service>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>;
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

  Reactor* ListLanguages(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* CreateStory(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* GetStory(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* ListStories(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* UpdateStory(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* DeleteStory(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* UndeleteStory(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* CreateVariant(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* GetVariant(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* LookupVariant(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* ListVariants(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* UpdateVariant(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* DeleteVariant(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* UndeleteVariant(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* PublishVariant(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* UnpublishVariant(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* LinkVariant(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* UnlinkVariant(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* ListRevisions(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* GetRevision(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* DiffRevisions(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* RestoreRevision(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* BatchPublishVariants(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* GetTranslationDiff(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* ListStaleTranslations(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* AddCorrection(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* DismissCorrection(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* CreateSchedule(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* GetSchedule(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* ListSchedules(Context* c, const Bytes* in, Bytes* out) override;
  Reactor* CancelSchedule(Context* c, const Bytes* in, Bytes* out) override;

  // The change feed, as a server stream (see watch_reactor.h).
  grpc::ServerWriteReactor<jisr::v1::ChangeEvent>* Watch(
      Context* c, const jisr::v1::WatchRequest* request) override;

  // Ends every Watch stream (and refuses new ones) with UNAVAILABLE and the cursor to resume
  // from: called when the server shuts down.
  void EndWatches() { watch_streams_.EndAll(); }

 private:
  template <typename Request, typename Response>
  using DomainMethod = absl::StatusOr<Response> (articles::Newsroom::*)(
      const Request&, const articles::CallContext&);

  // Decodes, schedules the domain call on the worker pool, and finishes the call from there.
  template <typename Request, typename Response>
  Reactor* Dispatch(const char* method, Context* context, const Bytes* in, Bytes* out,
                    DomainMethod<Request, Response> call);

  // Finishes `reactor` with already-serialized response bytes.
  void FinishWithBytes(Reactor* reactor, std::shared_ptr<const std::string> bytes, Bytes* out);

  articles::Newsroom* const newsroom_;
  articles::ChangeFeed* const feed_;
  WorkerPool* const workers_;
  const WatchOptions watch_options_;
  WatchStreams watch_streams_;
};

}  // namespace jisr::api

#endif  // JISR_SERVICES_API_ARTICLE_SERVICE_H_
