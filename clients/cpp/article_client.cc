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
#include "services/common/utf8.h"

namespace jisr::client {
namespace {

using jisr::v1::ArticleService;

// The metadata key the service reads the editor's identity from.
constexpr char kAuthorMetadataKey[] = "x-jisr-author";
constexpr char kAuthorBinMetadataKey[] = "x-jisr-author-bin";  // a UTF-8 identity
// Initial metadata of a Watch stream: the cursor it starts after.
constexpr char kWatchStartCursorKey[] = "x-jisr-watch-cursor";
constexpr size_t kMaxAuthorLength = 200;  // bytes, as the server checks

absl::Status ValidateOptions(const ClientOptions& options) {
  if (options.author.size() > kMaxAuthorLength) {
    return absl::InvalidArgumentError(absl::StrCat("author is ", options.author.size(),
                                                   " bytes long: use at most ", kMaxAuthorLength,
                                                   ", such as an email address"));
  }
  if (int64_t at = jisr::FindInvalidUtf8(options.author); at >= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("author has invalid UTF-8 at byte ", at, ": give the identity as UTF-8"));
  }
  for (unsigned char c : options.author) {
    if (c < 0x20 || c == 0x7F) {
      return absl::InvalidArgumentError(
          "author contains a control character: give an identity on one line, such as "
          "\"w.lowry@newsroom\"");
    }
  }
  return ValidateDefaultDeadline(options);
}

}  // namespace

absl::StatusOr<std::unique_ptr<ArticleClient>> ArticleClient::Connect(
    const ClientOptions& options) {
  // The channel's own checks first, then the author's: the order callers have always seen.
  if (absl::Status valid = ValidateChannelOptions(options); !valid.ok()) return valid;
  if (absl::Status valid = ValidateOptions(options); !valid.ok()) return valid;
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = MakeChannel(options);
  if (!channel.ok()) return channel.status();
  return std::unique_ptr<ArticleClient>(
      new ArticleClient(ArticleService::NewStub(*channel), options));
}

absl::StatusOr<std::unique_ptr<ArticleClient>> ArticleClient::FromChannel(
    std::shared_ptr<grpc::ChannelInterface> channel, const ClientOptions& options) {
  if (channel == nullptr) return absl::InvalidArgumentError("channel is null");
  if (absl::Status valid = ValidateOptions(options); !valid.ok()) return valid;
  return std::unique_ptr<ArticleClient>(
      new ArticleClient(ArticleService::NewStub(channel), options));
}

ArticleClient::ArticleClient(std::unique_ptr<ArticleService::StubInterface> stub,
                             ClientOptions options)
    : stub_(std::move(stub)), options_(std::move(options)) {}

absl::Status ArticleClient::PrepareContext(grpc::ClientContext* context, CallKind kind) const {
  if (kind == CallKind::kWrite) {
    if (options_.author.empty()) {
      return absl::UnauthenticatedError(
          "no author identity: every change must say who makes it; set ClientOptions.author "
          "(jisrctl: --author or JISR_AUTHOR)");
    }
    // gRPC metadata values are ASCII; an identity that is not goes as binary metadata.
    const bool ascii = std::all_of(options_.author.begin(), options_.author.end(),
                                   [](unsigned char c) { return c < 0x80; });
    context->AddMetadata(ascii ? kAuthorMetadataKey : kAuthorBinMetadataKey, options_.author);
  }
  context->set_deadline(absl::ToChronoTime(absl::Now() + options_.default_deadline));
  return absl::OkStatus();
}

template <typename Request, typename Response>
absl::StatusOr<Response> ArticleClient::Call(grpc::Status (ArticleService::StubInterface::*method)(
                                                 grpc::ClientContext*, const Request&, Response*),
                                             const Request& request, CallKind kind) {
  grpc::ClientContext context;
  if (absl::Status prepared = PrepareContext(&context, kind); !prepared.ok()) return prepared;
  Response response;
  const grpc::Status status = (stub_.get()->*method)(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

absl::Status ArticleClient::WaitForReady(absl::Duration timeout) {
  grpc::ClientContext context;
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
  grpc::ClientContext context;  // No deadline: a feed is read for as long as the caller likes.
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
#define JISR_READ(Method, Request, Response)                                                   \
  absl::StatusOr<jisr::v1::Response> ArticleClient::Method(const jisr::v1::Request& request) { \
    return Call(&ArticleService::StubInterface::Method, request, CallKind::kRead);             \
  }
#define JISR_WRITE(Method, Request, Response)                                                  \
  absl::StatusOr<jisr::v1::Response> ArticleClient::Method(const jisr::v1::Request& request) { \
    return Call(&ArticleService::StubInterface::Method, request, CallKind::kWrite);            \
  }

JISR_READ(ListLanguages, ListLanguagesRequest, ListLanguagesResponse)
JISR_WRITE(CreateStory, CreateStoryRequest, Story)
JISR_READ(GetStory, GetStoryRequest, Story)
JISR_READ(ListStories, ListStoriesRequest, ListStoriesResponse)
JISR_WRITE(UpdateStory, UpdateStoryRequest, Story)
JISR_WRITE(DeleteStory, DeleteStoryRequest, Story)
JISR_WRITE(UndeleteStory, UndeleteStoryRequest, Story)
JISR_WRITE(CreateVariant, CreateVariantRequest, Variant)
JISR_READ(GetVariant, GetVariantRequest, Variant)
JISR_READ(LookupVariant, LookupVariantRequest, Variant)
JISR_READ(ListVariants, ListVariantsRequest, ListVariantsResponse)
JISR_WRITE(UpdateVariant, UpdateVariantRequest, Variant)
JISR_WRITE(DeleteVariant, DeleteVariantRequest, Variant)
JISR_WRITE(UndeleteVariant, UndeleteVariantRequest, Variant)
JISR_WRITE(PublishVariant, PublishVariantRequest, Variant)
JISR_WRITE(UnpublishVariant, UnpublishVariantRequest, Variant)
JISR_WRITE(LinkVariant, LinkVariantRequest, Variant)
JISR_WRITE(UnlinkVariant, UnlinkVariantRequest, Variant)
JISR_WRITE(BatchPublishVariants, BatchPublishVariantsRequest, BatchPublishVariantsResponse)
JISR_READ(ListRevisions, ListRevisionsRequest, ListRevisionsResponse)
JISR_READ(GetRevision, GetRevisionRequest, Revision)
JISR_READ(DiffRevisions, DiffRevisionsRequest, DiffRevisionsResponse)
JISR_WRITE(RestoreRevision, RestoreRevisionRequest, Variant)
JISR_READ(GetTranslationDiff, GetTranslationDiffRequest, GetTranslationDiffResponse)
JISR_READ(ListStaleTranslations, ListStaleTranslationsRequest, ListStaleTranslationsResponse)
JISR_WRITE(AddCorrection, AddCorrectionRequest, Variant)
JISR_WRITE(DismissCorrection, DismissCorrectionRequest, Variant)
JISR_WRITE(CreateSchedule, CreateScheduleRequest, Schedule)
JISR_READ(GetSchedule, GetScheduleRequest, Schedule)
JISR_READ(ListSchedules, ListSchedulesRequest, ListSchedulesResponse)
JISR_WRITE(CancelSchedule, CancelScheduleRequest, Schedule)

#undef JISR_READ
#undef JISR_WRITE

}  // namespace jisr::client
