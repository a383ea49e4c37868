#include "clients/cpp/article_client.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "clients/cpp/channel.h"
#include "clients/cpp/grpc_status.h"
#include "services/common/errors.h"

namespace jisr::client {
namespace {

using jisr::v1::ArticleService;

// Initial metadata of a Watch stream: the cursor it starts after.
constexpr char kWatchStartCursorKey[] = "x-jisr-watch-cursor";

}  // namespace

absl::StatusOr<std::unique_ptr<ArticleClient>> ArticleClient::Connect(
    const ClientOptions& options) {
  // The channel's own checks first, then the call defaults', then the TLS files'.
  if (absl::Status valid = ValidateChannelOptions(options); !valid.ok()) return valid;
  absl::StatusOr<CallDefaults> call_defaults = MakeCallDefaults(options);
  if (!call_defaults.ok()) return call_defaults.status();
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = MakeChannel(options);
  if (!channel.ok()) return channel.status();
  return std::unique_ptr<ArticleClient>(
      new ArticleClient(ArticleService::NewStub(*channel), options, *std::move(call_defaults)));
}

absl::StatusOr<std::unique_ptr<ArticleClient>> ArticleClient::FromChannel(
    std::shared_ptr<grpc::ChannelInterface> channel, const ClientOptions& options) {
  if (channel == nullptr) return absl::InvalidArgumentError("channel is null");
  absl::StatusOr<CallDefaults> call_defaults = MakeCallDefaults(options);
  if (!call_defaults.ok()) return call_defaults.status();
  return std::unique_ptr<ArticleClient>(
      new ArticleClient(ArticleService::NewStub(channel), options, *std::move(call_defaults)));
}

ArticleClient::ArticleClient(std::unique_ptr<ArticleService::StubInterface> stub,
                             ClientOptions options, CallDefaults call_defaults)
    : stub_(std::move(stub)),
      options_(std::move(options)),
      call_defaults_(std::move(call_defaults)) {}

template <typename Request, typename Response>
absl::StatusOr<Response> ArticleClient::Call(grpc::Status (ArticleService::StubInterface::*method)(
                                                 grpc::ClientContext*, const Request&, Response*),
                                             const Request& request) {
  grpc::ClientContext context;
  call_defaults_.Apply(context);
  Response response;
  const grpc::Status status = (stub_.get()->*method)(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

absl::Status ArticleClient::WaitForReady(absl::Duration timeout) {
  grpc::ClientContext context;
  // With the credentials: a server that refuses anonymous callers answers only then.
  call_defaults_.Apply(context, /*streaming=*/true);
  context.set_wait_for_ready(true);
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  jisr::v1::ListLanguagesResponse response;
  const grpc::Status status = stub_->ListLanguages(&context, {}, &response);
  if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    return absl::UnavailableError(absl::StrCat(
        "the server at ", options_.target, " did not answer within ", absl::FormatDuration(timeout),
        ": check that jisrd is running there, or the address"));
  }
  return FromGrpcStatus(status);
}

absl::Status ArticleClient::Watch(
    const jisr::v1::WatchRequest& request,
    const std::function<bool(const jisr::v1::ChangeEvent&)>& on_event) {
  std::string cursor = request.cursor();
  bool delivered = false;
  bool stopped_by_caller = false;
  absl::Status status =
      WatchOnce(request, on_event, nullptr, &cursor, &delivered, &stopped_by_caller);
  return stopped_by_caller ? absl::OkStatus() : status;
}

absl::Status ArticleClient::WatchOnce(
    const jisr::v1::WatchRequest& request,
    const std::function<bool(const jisr::v1::ChangeEvent&)>& on_event,
    const std::function<void(const std::string&)>& on_connected, std::string* cursor,
    bool* delivered, bool* stopped_by_caller) {
  grpc::ClientContext context;
  // No deadline: a feed is read for as long as the caller likes.
  call_defaults_.Apply(context, /*streaming=*/true);
  std::unique_ptr<grpc::ClientReaderInterface<jisr::v1::ChangeEvent>> reader =
      stub_->Watch(&context, request);
  reader->WaitForInitialMetadata();
  const auto& metadata = context.GetServerInitialMetadata();
  // Where the stream starts: a stream opened without a cursor resumes from here.
  if (auto start = metadata.find(kWatchStartCursorKey); start != metadata.end()) {
    if (cursor->empty()) cursor->assign(start->second.data(), start->second.size());
    if (on_connected) on_connected(*cursor);
  }
  jisr::v1::ChangeEvent event;
  while (reader->Read(&event)) {
    *cursor = event.cursor();
    *delivered = true;
    if (!on_event(event)) {
      *stopped_by_caller = true;
      context.TryCancel();
      break;
    }
  }
  return FromGrpcStatus(reader->Finish());
}

namespace {

// Whether a Watch stream that ended with `code` is worth opening again.
bool Passing(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kCancelled:
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kOk:  // a feed does not end; a proxy may have cut it
      return true;
    default:
      return false;
  }
}

}  // namespace

absl::Status ArticleClient::Follow(
    const jisr::v1::WatchRequest& request,
    const std::function<bool(const jisr::v1::ChangeEvent&)>& on_event,
    const FollowOptions& options) {
  jisr::v1::WatchRequest next = request;
  std::string cursor = request.cursor();
  absl::Duration backoff = options.initial_backoff;
  absl::BitGen random;
  while (true) {
    bool delivered = false;
    bool stopped_by_caller = false;
    absl::Status status =
        WatchOnce(next, on_event, options.on_connected, &cursor, &delivered, &stopped_by_caller);
    if (stopped_by_caller) return absl::OkStatus();
    if (!Passing(status.code())) return status;
    // A server that ended the stream on purpose names the cursor to resume from; with a
    // language or kind filter it can be past the last event delivered (events filtered out).
    if (std::string resume = jisr::ErrorMetadata(status, "cursor"); !resume.empty()) {
      cursor = resume;
    }
    if (!cursor.empty()) {
      next.set_cursor(cursor);
      next.clear_from_oldest();
    }
    if (delivered) backoff = options.initial_backoff;
    const absl::Duration wait = backoff * absl::Uniform(random, 0.5, 1.0);
    if (options.on_reconnecting) options.on_reconnecting(status, wait);
    absl::SleepFor(wait);
    backoff = std::min(backoff * 2, options.max_backoff);
  }
}

// One line per RPC; what each does is in proto/jisr/v1/article_service.proto.
#define JISR_RPC(Method, Request, Response)                                                    \
  absl::StatusOr<jisr::v1::Response> ArticleClient::Method(const jisr::v1::Request& request) { \
    return Call(&ArticleService::StubInterface::Method, request);                              \
  }

JISR_RPC(ListLanguages, ListLanguagesRequest, ListLanguagesResponse)
JISR_RPC(CreateStory, CreateStoryRequest, Story)
JISR_RPC(GetStory, GetStoryRequest, Story)
JISR_RPC(ListStories, ListStoriesRequest, ListStoriesResponse)
JISR_RPC(UpdateStory, UpdateStoryRequest, Story)
JISR_RPC(DeleteStory, DeleteStoryRequest, Story)
JISR_RPC(UndeleteStory, UndeleteStoryRequest, Story)
JISR_RPC(CreateVariant, CreateVariantRequest, Variant)
JISR_RPC(GetVariant, GetVariantRequest, Variant)
JISR_RPC(LookupVariant, LookupVariantRequest, Variant)
JISR_RPC(ListVariants, ListVariantsRequest, ListVariantsResponse)
JISR_RPC(UpdateVariant, UpdateVariantRequest, Variant)
JISR_RPC(DeleteVariant, DeleteVariantRequest, Variant)
JISR_RPC(UndeleteVariant, UndeleteVariantRequest, Variant)
JISR_RPC(PublishVariant, PublishVariantRequest, Variant)
JISR_RPC(UnpublishVariant, UnpublishVariantRequest, Variant)
JISR_RPC(LinkVariant, LinkVariantRequest, Variant)
JISR_RPC(UnlinkVariant, UnlinkVariantRequest, Variant)
JISR_RPC(BatchPublishVariants, BatchPublishVariantsRequest, BatchPublishVariantsResponse)
JISR_RPC(ListRevisions, ListRevisionsRequest, ListRevisionsResponse)
JISR_RPC(GetRevision, GetRevisionRequest, Revision)
JISR_RPC(DiffRevisions, DiffRevisionsRequest, DiffRevisionsResponse)
JISR_RPC(RestoreRevision, RestoreRevisionRequest, Variant)
JISR_RPC(GetTranslationDiff, GetTranslationDiffRequest, GetTranslationDiffResponse)
JISR_RPC(ListStaleTranslations, ListStaleTranslationsRequest, ListStaleTranslationsResponse)
JISR_RPC(AddCorrection, AddCorrectionRequest, Variant)
JISR_RPC(DismissCorrection, DismissCorrectionRequest, Variant)
JISR_RPC(CreateSchedule, CreateScheduleRequest, Schedule)
JISR_RPC(GetSchedule, GetScheduleRequest, Schedule)
JISR_RPC(ListSchedules, ListSchedulesRequest, ListSchedulesResponse)
JISR_RPC(CancelSchedule, CancelScheduleRequest, Schedule)

#undef JISR_RPC

}  // namespace jisr::client
