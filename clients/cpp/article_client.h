// A small synchronous C++ client of jisr.v1.ArticleService: one method per RPC, absl::Status
// errors with the server's error details, the credentials and deadlines applied per call.
#ifndef JISR_CLIENTS_CPP_ARTICLE_CLIENT_H_
#define JISR_CLIENTS_CPP_ARTICLE_CLIENT_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "clients/cpp/channel.h"
#include "clients/cpp/client_options.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "jisr/v1/article_service.grpc.pb.h"

namespace jisr::client {

// Thread-safe: calls may be made concurrently from several threads. Errors keep the server's
// code and message, with its google.rpc details as payloads (jisr::ErrorReason,
// jisr::FieldViolationsOf). There are no automatic retries: retry a mutating call with the same
// request_id (see request_id.h), which the server deduplicates.
//
// Every call, reads included, carries the bearer token of ClientOptions (token or token_path)
// when one is set; a client certificate goes with the channel. The server records the principal
// they prove (Revision.author, with its display name in author_name) and refuses what its access
// policy does not allow: UNAUTHENTICATED (reason CREDENTIALS_REQUIRED) for a call that needs
// credentials and has none, or for credentials it cannot verify (reasons TOKEN_EXPIRED, ...);
// PERMISSION_DENIED when the principal lacks the permission (ErrorMetadata(status, "permission")
// names it).
class ArticleClient {
 public:
  // Checks the options, reads the token file and creates the channel. gRPC connects lazily:
  // this does not contact the server (see WaitForReady). InvalidArgument for unusable options
  // or an unreadable or malformed token file, saying which.
  static absl::StatusOr<std::unique_ptr<ArticleClient>> Connect(const ClientOptions& options);

  // Wraps an existing channel, such as a test server's InProcessChannel. Only the bearer token
  // (token or token_path) and default_deadline of `options` apply.
  static absl::StatusOr<std::unique_ptr<ArticleClient>> FromChannel(
      std::shared_ptr<grpc::ChannelInterface> channel, const ClientOptions& options);

  // OK once the server answers a ListLanguages call (the cheapest read, which proves the article
  // service itself is serving, not only that a port is open), waiting for the connection for up
  // to `timeout`. UNAVAILABLE with the target named when it does not answer in time; the
  // server's UNAUTHENTICATED when it cannot verify this client's credentials.
  absl::Status WaitForReady(absl::Duration timeout);

  const ClientOptions& options() const { return options_; }

  // Languages.
  absl::StatusOr<jisr::v1::ListLanguagesResponse> ListLanguages(
      const jisr::v1::ListLanguagesRequest& request = {});

  // Stories.
  absl::StatusOr<jisr::v1::Story> CreateStory(const jisr::v1::CreateStoryRequest& request);
  absl::StatusOr<jisr::v1::Story> GetStory(const jisr::v1::GetStoryRequest& request);
  absl::StatusOr<jisr::v1::ListStoriesResponse> ListStories(
      const jisr::v1::ListStoriesRequest& request);
  absl::StatusOr<jisr::v1::Story> UpdateStory(const jisr::v1::UpdateStoryRequest& request);
  absl::StatusOr<jisr::v1::Story> DeleteStory(const jisr::v1::DeleteStoryRequest& request);
  absl::StatusOr<jisr::v1::Story> UndeleteStory(const jisr::v1::UndeleteStoryRequest& request);

  // Variants.
  absl::StatusOr<jisr::v1::Variant> CreateVariant(const jisr::v1::CreateVariantRequest& request);
  absl::StatusOr<jisr::v1::Variant> GetVariant(const jisr::v1::GetVariantRequest& request);
  absl::StatusOr<jisr::v1::Variant> LookupVariant(const jisr::v1::LookupVariantRequest& request);
  absl::StatusOr<jisr::v1::ListVariantsResponse> ListVariants(
      const jisr::v1::ListVariantsRequest& request);
  absl::StatusOr<jisr::v1::Variant> UpdateVariant(const jisr::v1::UpdateVariantRequest& request);
  absl::StatusOr<jisr::v1::Variant> DeleteVariant(const jisr::v1::DeleteVariantRequest& request);
  absl::StatusOr<jisr::v1::Variant> UndeleteVariant(
      const jisr::v1::UndeleteVariantRequest& request);
  absl::StatusOr<jisr::v1::Variant> PublishVariant(const jisr::v1::PublishVariantRequest& request);
  absl::StatusOr<jisr::v1::Variant> UnpublishVariant(
      const jisr::v1::UnpublishVariantRequest& request);
  absl::StatusOr<jisr::v1::Variant> LinkVariant(const jisr::v1::LinkVariantRequest& request);
  absl::StatusOr<jisr::v1::Variant> UnlinkVariant(const jisr::v1::UnlinkVariantRequest& request);
  absl::StatusOr<jisr::v1::BatchPublishVariantsResponse> BatchPublishVariants(
      const jisr::v1::BatchPublishVariantsRequest& request);

  // Revisions.
  absl::StatusOr<jisr::v1::ListRevisionsResponse> ListRevisions(
      const jisr::v1::ListRevisionsRequest& request);
  absl::StatusOr<jisr::v1::Revision> GetRevision(const jisr::v1::GetRevisionRequest& request);
  absl::StatusOr<jisr::v1::DiffRevisionsResponse> DiffRevisions(
      const jisr::v1::DiffRevisionsRequest& request);
  absl::StatusOr<jisr::v1::Variant> RestoreRevision(
      const jisr::v1::RestoreRevisionRequest& request);

  // Translations.
  absl::StatusOr<jisr::v1::GetTranslationDiffResponse> GetTranslationDiff(
      const jisr::v1::GetTranslationDiffRequest& request);
  absl::StatusOr<jisr::v1::ListStaleTranslationsResponse> ListStaleTranslations(
      const jisr::v1::ListStaleTranslationsRequest& request);

  // Corrections.
  absl::StatusOr<jisr::v1::Variant> AddCorrection(const jisr::v1::AddCorrectionRequest& request);
  absl::StatusOr<jisr::v1::Variant> DismissCorrection(
      const jisr::v1::DismissCorrectionRequest& request);

  // Schedules.
  absl::StatusOr<jisr::v1::Schedule> CreateSchedule(const jisr::v1::CreateScheduleRequest& request);
  absl::StatusOr<jisr::v1::Schedule> GetSchedule(const jisr::v1::GetScheduleRequest& request);
  absl::StatusOr<jisr::v1::ListSchedulesResponse> ListSchedules(
      const jisr::v1::ListSchedulesRequest& request);
  absl::StatusOr<jisr::v1::Schedule> CancelSchedule(const jisr::v1::CancelScheduleRequest& request);

  // The change feed. Calls `on_event` for each event, in order, until the server ends the stream
  // (its status is returned) or `on_event` returns false (then OK is returned). No deadline: the
  // stream lasts as long as the caller wants it. To resume after an error, call again with the
  // last event's cursor.
  absl::Status Watch(const jisr::v1::WatchRequest& request,
                     const std::function<bool(const jisr::v1::ChangeEvent&)>& on_event);

  // How Follow reconnects.
  struct FollowOptions {
    // The wait before the first reconnection; it doubles (with jitter) on each failed attempt
    // up to max_backoff, and starts over once a stream delivers an event.
    absl::Duration initial_backoff = absl::Milliseconds(200);
    absl::Duration max_backoff = absl::Seconds(10);
    // Called each time a stream opens, with the cursor it continues after (for logs).
    std::function<void(const std::string& cursor)> on_connected;
    // Called each time a stream ends and Follow will reconnect: why, and after how long.
    std::function<void(const absl::Status& why, absl::Duration retry_in)> on_reconnecting;
  };

  // The change feed, followed for as long as the caller likes: like Watch, but when a stream
  // ends for a passing reason (the server restarts or cannot be reached, the replica shuts
  // down, the watcher fell behind: UNAVAILABLE, ABORTED, CANCELLED, INTERNAL, UNKNOWN,
  // RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED) it reconnects after a backoff and continues after
  // the last event delivered, so `on_event` sees every event once, in commit order. A follower
  // cut off before its first event continues from where its first stream started. Returns OK
  // when `on_event` returns false, or the status of a stream the server refused (a bad cursor
  // or filter: INVALID_ARGUMENT; a cursor whose following events the server no longer keeps:
  // OUT_OF_RANGE, reason CURSOR_EXPIRED, after which the caller re-syncs and follows from now).
  absl::Status Follow(const jisr::v1::WatchRequest& request,
                      const std::function<bool(const jisr::v1::ChangeEvent&)>& on_event,
                      const FollowOptions& options);
  absl::Status Follow(const jisr::v1::WatchRequest& request,
                      const std::function<bool(const jisr::v1::ChangeEvent&)>& on_event) {
    return Follow(request, on_event, FollowOptions());
  }

 private:
  ArticleClient(std::unique_ptr<jisr::v1::ArticleService::StubInterface> stub,
                ClientOptions options, CallDefaults call_defaults);

  template <typename Request, typename Response>
  absl::StatusOr<Response> Call(grpc::Status (jisr::v1::ArticleService::StubInterface::*method)(
                                    grpc::ClientContext*, const Request&, Response*),
                                const Request& request);

  // One Watch stream: events go to `on_event` and advance `*cursor`; `*stopped_by_caller` tells
  // whether on_event ended it. Returns the stream's status.
  absl::Status WatchOnce(const jisr::v1::WatchRequest& request,
                         const std::function<bool(const jisr::v1::ChangeEvent&)>& on_event,
                         const std::function<void(const std::string&)>& on_connected,
                         std::string* cursor, bool* delivered, bool* stopped_by_caller);

  std::unique_ptr<jisr::v1::ArticleService::StubInterface> stub_;
  ClientOptions options_;
  CallDefaults call_defaults_;
};

}  // namespace jisr::client

#endif  // JISR_CLIENTS_CPP_ARTICLE_CLIENT_H_
