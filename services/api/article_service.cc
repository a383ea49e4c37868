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
    return absl::InvalidArgumentError(absl::StrCat(
        caller.author_key, " is longer than 200 bytes: send a shorter identity"));
  }
  if (int64_t at = FindInvalidUtf8(author); at >= 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        caller.author_key, " has invalid UTF-8 at byte ", at, ": send the identity as UTF-8"));
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

template <typename Request, typename Response>
ArticleService::Reactor* ArticleService::Dispatch(const char* method, Context* context,
                                                  const Bytes* in, Bytes* out,
                                                  DomainMethod<Request, Response> call) {
  Reactor* reactor = context->DefaultReactor();
  auto request = std::make_shared<Request>();
  absl::Status status = DecodeRequest(*in, *request);
  const Caller caller = CallerFrom(*context);
  if (status.ok()) status = CheckCaller(caller);
  articles::CallContext call_context = caller.context;
  if (!status.ok()) {
    reactor->Finish(ToGrpcStatus(status));
    return reactor;
  }
  workers_->Schedule([this, method, context, reactor, out, request, call,
                      call_context = std::move(call_context)] {
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
    absl::StatusOr<Response> response = (newsroom_->*call)(*request, call_context);
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

void ArticleService::FinishWithBytes(Reactor* reactor, std::shared_ptr<const std::string> bytes,
                                     Bytes* out) {
  ShareBytes(std::move(bytes), *out);
  reactor->Finish(grpc::Status::OK);
}

#define JISR_DISPATCH(Method, Request, Response)                                        \
  ArticleService::Reactor* ArticleService::Method(Context* c, const Bytes* in,          \
                                                  Bytes* out) {                         \
    return Dispatch<jisr::v1::Request, jisr::v1::Response>(#Method, c, in, out,         \
                                                           &articles::Newsroom::Method); \
  }

JISR_DISPATCH(ListLanguages, ListLanguagesRequest, ListLanguagesResponse)
JISR_DISPATCH(CreateStory, CreateStoryRequest, Story)
JISR_DISPATCH(GetStory, GetStoryRequest, Story)
JISR_DISPATCH(ListStories, ListStoriesRequest, ListStoriesResponse)
JISR_DISPATCH(UpdateStory, UpdateStoryRequest, Story)
JISR_DISPATCH(DeleteStory, DeleteStoryRequest, Story)
JISR_DISPATCH(UndeleteStory, UndeleteStoryRequest, Story)
JISR_DISPATCH(CreateVariant, CreateVariantRequest, Variant)
JISR_DISPATCH(ListVariants, ListVariantsRequest, ListVariantsResponse)
JISR_DISPATCH(UpdateVariant, UpdateVariantRequest, Variant)
JISR_DISPATCH(DeleteVariant, DeleteVariantRequest, Variant)
JISR_DISPATCH(UndeleteVariant, UndeleteVariantRequest, Variant)
JISR_DISPATCH(PublishVariant, PublishVariantRequest, Variant)
JISR_DISPATCH(UnpublishVariant, UnpublishVariantRequest, Variant)
JISR_DISPATCH(LinkVariant, LinkVariantRequest, Variant)
JISR_DISPATCH(UnlinkVariant, UnlinkVariantRequest, Variant)
JISR_DISPATCH(ListRevisions, ListRevisionsRequest, ListRevisionsResponse)
JISR_DISPATCH(GetRevision, GetRevisionRequest, Revision)
JISR_DISPATCH(DiffRevisions, DiffRevisionsRequest, DiffRevisionsResponse)
JISR_DISPATCH(RestoreRevision, RestoreRevisionRequest, Variant)
JISR_DISPATCH(BatchPublishVariants, BatchPublishVariantsRequest, BatchPublishVariantsResponse)
JISR_DISPATCH(GetTranslationDiff, GetTranslationDiffRequest, GetTranslationDiffResponse)
JISR_DISPATCH(ListStaleTranslations, ListStaleTranslationsRequest, ListStaleTranslationsResponse)
JISR_DISPATCH(AddCorrection, AddCorrectionRequest, Variant)
JISR_DISPATCH(DismissCorrection, DismissCorrectionRequest, Variant)
JISR_DISPATCH(CreateSchedule, CreateScheduleRequest, Schedule)
JISR_DISPATCH(GetSchedule, GetScheduleRequest, Schedule)
JISR_DISPATCH(ListSchedules, ListSchedulesRequest, ListSchedulesResponse)
JISR_DISPATCH(CancelSchedule, CancelScheduleRequest, Schedule)

#undef JISR_DISPATCH

// The renderer's hot path: a published view in the cache is answered on this thread.
ArticleService::Reactor* ArticleService::GetVariant(Context* c, const Bytes* in, Bytes* out) {
  jisr::v1::GetVariantRequest request;
  if (DecodeRequest(*in, request).ok() && !request.has_dateline_style() &&
      (request.view() == jisr::v1::VARIANT_VIEW_UNSPECIFIED ||
       request.view() == jisr::v1::VARIANT_VIEW_PUBLISHED)) {
    auto bytes = newsroom_->CachedPublishedView(request.name());
    if (bytes != nullptr) {
      Reactor* reactor = c->DefaultReactor();
      FinishWithBytes(reactor, std::move(bytes), out);
      return reactor;
    }
  }
  // Not cached, another view, or a bad request: the general path, which may read storage.
  return Dispatch<jisr::v1::GetVariantRequest, jisr::v1::Variant>(
      "GetVariant", c, in, out, &articles::Newsroom::GetVariant);
}

ArticleService::Reactor* ArticleService::LookupVariant(Context* c, const Bytes* in, Bytes* out) {
  jisr::v1::LookupVariantRequest request;
  if (DecodeRequest(*in, request).ok() && !request.has_dateline_style() &&
      (request.view() == jisr::v1::VARIANT_VIEW_UNSPECIFIED ||
       request.view() == jisr::v1::VARIANT_VIEW_PUBLISHED)) {
    auto bytes = newsroom_->CachedPublishedViewBySlug(request.language(), request.slug());
    if (bytes != nullptr) {
      Reactor* reactor = c->DefaultReactor();
      FinishWithBytes(reactor, std::move(bytes), out);
      return reactor;
    }
  }
  return Dispatch<jisr::v1::LookupVariantRequest, jisr::v1::Variant>(
      "LookupVariant", c, in, out, &articles::Newsroom::LookupVariant);
}

grpc::ServerWriteReactor<jisr::v1::ChangeEvent>* ArticleService::Watch(
    Context* c, const jisr::v1::WatchRequest* request) {
  return WatchReactor::Start(c, *request, feed_, workers_, watch_options_, &watch_streams_);
}

}  // namespace jisr::api
