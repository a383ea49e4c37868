// The article domain: stories, their language variants, revisions, publishing and linking.
// Plain C++ over the storage contract; it speaks jisr.v1 messages (protobuf, not gRPC) and
// absl::Status with google.rpc details as payloads (services/common/errors.h). The gRPC layer in
// services/api only decodes, calls a method here and encodes.
#ifndef JISR_SERVICES_ARTICLES_NEWSROOM_H_
#define JISR_SERVICES_ARTICLES_NEWSROOM_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include <optional>

#include "jisr/v1/article_service.pb.h"
#include "services/articles/change_feed.h"
#include "services/articles/config.h"
#include "services/articles/published_cache.h"
#include "services/articles/validation.h"
#include "services/storage/storage.h"

namespace jisr::articles {

// Who is calling. Until authentication exists, the transport fills it from request metadata.
struct CallContext {
  std::string author;
};

struct NewsroomOptions {
  NewsroomConfig config;
  // The clock; tests substitute their own.
  std::function<absl::Time()> clock = [] { return absl::Now(); };
  // How often a write is retried when it conflicts with a concurrent transaction.
  int max_conflict_retries = 20;
  // Memory for cached published views.
  size_t published_cache_bytes = 256 << 20;
};

class Newsroom {
 public:
  Newsroom(NewsroomOptions options, storage::Storage* storage);

  const NewsroomConfig& config() const { return options_.config; }

  absl::StatusOr<jisr::v1::ListLanguagesResponse> ListLanguages(
      const jisr::v1::ListLanguagesRequest& request, const CallContext& context);

  absl::StatusOr<jisr::v1::Story> CreateStory(const jisr::v1::CreateStoryRequest& request,
                                              const CallContext& context);
  absl::StatusOr<jisr::v1::Story> GetStory(const jisr::v1::GetStoryRequest& request,
                                           const CallContext& context);
  absl::StatusOr<jisr::v1::ListStoriesResponse> ListStories(
      const jisr::v1::ListStoriesRequest& request, const CallContext& context);
  absl::StatusOr<jisr::v1::Story> UpdateStory(const jisr::v1::UpdateStoryRequest& request,
                                              const CallContext& context);
  absl::StatusOr<jisr::v1::Story> DeleteStory(const jisr::v1::DeleteStoryRequest& request,
                                              const CallContext& context);
  absl::StatusOr<jisr::v1::Story> UndeleteStory(const jisr::v1::UndeleteStoryRequest& request,
                                                const CallContext& context);

  absl::StatusOr<jisr::v1::Variant> CreateVariant(const jisr::v1::CreateVariantRequest& request,
                                                  const CallContext& context);
  absl::StatusOr<jisr::v1::Variant> GetVariant(const jisr::v1::GetVariantRequest& request,
                                               const CallContext& context);
  absl::StatusOr<jisr::v1::Variant> LookupVariant(const jisr::v1::LookupVariantRequest& request,
                                                  const CallContext& context);
  absl::StatusOr<jisr::v1::ListVariantsResponse> ListVariants(
      const jisr::v1::ListVariantsRequest& request, const CallContext& context);
  absl::StatusOr<jisr::v1::Variant> UpdateVariant(const jisr::v1::UpdateVariantRequest& request,
                                                  const CallContext& context);
  absl::StatusOr<jisr::v1::Variant> DeleteVariant(const jisr::v1::DeleteVariantRequest& request,
                                                  const CallContext& context);
  absl::StatusOr<jisr::v1::Variant> UndeleteVariant(
      const jisr::v1::UndeleteVariantRequest& request, const CallContext& context);
  absl::StatusOr<jisr::v1::Variant> PublishVariant(const jisr::v1::PublishVariantRequest& request,
                                                   const CallContext& context);
  absl::StatusOr<jisr::v1::Variant> UnpublishVariant(
      const jisr::v1::UnpublishVariantRequest& request, const CallContext& context);
  absl::StatusOr<jisr::v1::Variant> LinkVariant(const jisr::v1::LinkVariantRequest& request,
                                                const CallContext& context);
  absl::StatusOr<jisr::v1::Variant> UnlinkVariant(const jisr::v1::UnlinkVariantRequest& request,
                                                  const CallContext& context);
  absl::StatusOr<jisr::v1::ListRevisionsResponse> ListRevisions(
      const jisr::v1::ListRevisionsRequest& request, const CallContext& context);
  absl::StatusOr<jisr::v1::Revision> GetRevision(const jisr::v1::GetRevisionRequest& request,
                                                 const CallContext& context);
  absl::StatusOr<jisr::v1::DiffRevisionsResponse> DiffRevisions(
      const jisr::v1::DiffRevisionsRequest& request, const CallContext& context);
  absl::StatusOr<jisr::v1::Variant> RestoreRevision(
      const jisr::v1::RestoreRevisionRequest& request, const CallContext& context);
  absl::StatusOr<jisr::v1::BatchPublishVariantsResponse> BatchPublishVariants(
      const jisr::v1::BatchPublishVariantsRequest& request, const CallContext& context);
  absl::StatusOr<jisr::v1::GetTranslationDiffResponse> GetTranslationDiff(
      const jisr::v1::GetTranslationDiffRequest& request, const CallContext& context);
  absl::StatusOr<jisr::v1::ListStaleTranslationsResponse> ListStaleTranslations(
      const jisr::v1::ListStaleTranslationsRequest& request, const CallContext& context);
  absl::StatusOr<jisr::v1::Variant> AddCorrection(const jisr::v1::AddCorrectionRequest& request,
                                                  const CallContext& context);
  absl::StatusOr<jisr::v1::Variant> DismissCorrection(
      const jisr::v1::DismissCorrectionRequest& request, const CallContext& context);
  absl::StatusOr<jisr::v1::Schedule> CreateSchedule(const jisr::v1::CreateScheduleRequest& request,
                                                    const CallContext& context);
  absl::StatusOr<jisr::v1::Schedule> GetSchedule(const jisr::v1::GetScheduleRequest& request,
                                                 const CallContext& context);
  absl::StatusOr<jisr::v1::ListSchedulesResponse> ListSchedules(
      const jisr::v1::ListSchedulesRequest& request, const CallContext& context);
  absl::StatusOr<jisr::v1::Schedule> CancelSchedule(const jisr::v1::CancelScheduleRequest& request,
                                                    const CallContext& context);

  // Carries out every schedule due now, each in one transaction with what it changes, so each
  // runs exactly once however many replicas call this. Returns the schedules that ran (done or
  // failed).
  absl::StatusOr<std::vector<jisr::v1::Schedule>> RunDueSchedules();
  // When the next pending schedule is due, if any.
  absl::StatusOr<std::optional<absl::Time>> NextScheduleDue();

  // The renderer's read path: the serialized PUBLISHED view (a jisr.v1.Variant), shared and
  // immutable, built at write time. NOT_FOUND (reason NOT_PUBLISHED) when readers cannot see it.
  absl::StatusOr<std::shared_ptr<const std::string>> PublishedViewBytes(
      absl::string_view variant_name);
  absl::StatusOr<std::shared_ptr<const std::string>> PublishedViewBytesBySlug(
      absl::string_view language, absl::string_view slug);

  // Keeps the published-view cache in step with writes other processes make to shared storage
  // (PostgreSQL with several replicas): each event from the feed refreshes the cached views of
  // its story. Within one process the writer already updated the cache, so this is needed only
  // when storage is shared.
  void FollowFeed(ChangeFeed& feed);

  // The same views from memory only, never blocking on storage: null when not cached (then call
  // the methods above, which may read storage, off the transport's event threads).
  std::shared_ptr<const std::string> CachedPublishedView(absl::string_view variant_name) const;
  std::shared_ptr<const std::string> CachedPublishedViewBySlug(absl::string_view language,
                                                               absl::string_view slug) const;

 private:
  class Write;
  struct StoredVariant;
  struct StoredStory;

  // Runs `body` in a write transaction: replays a completed request_id, retries conflicts,
  // refreshes the published views of every story the body touched, records the request, commits
  // (unless validate_only) and then updates the cache.
  template <typename Response>
  absl::StatusOr<Response> RunWrite(absl::string_view method,
                                    const google::protobuf::Message& request,
                                    const std::string& request_id, bool validate_only,
                                    const CallContext& context,
                                    const std::function<absl::StatusOr<Response>(Write&)>& body);

  absl::StatusOr<StoredVariant> LoadVariant(storage::Transaction& txn, absl::string_view id,
                                            absl::string_view field);
  absl::StatusOr<StoredStory> LoadStory(storage::Transaction& txn, absl::string_view id,
                                        absl::string_view field);
  // Writes the variant's row. A change to what the editor controls bumps the version (and so
  // the etag); a change of derived state (staleness, pending corrections, schedules) does not,
  // so it never aborts an editor's write in progress.
  absl::Status SaveVariant(Write& write, StoredVariant& variant, bool insert,
                           bool bump_version = true);
  absl::Status SaveStory(Write& write, StoredStory& story, bool insert);
  absl::StatusOr<StoredStory> NewStory(Write& write, const std::string& title);
  absl::Status AppendEvent(Write& write, int kind, const StoredVariant* variant,
                           const std::string& story_id, const std::string& previous_story = "");
  absl::StatusOr<jisr::v1::Revision> LoadRevision(storage::Transaction& txn,
                                                  absl::string_view variant_id, int64_t number);
  // Recomputes the derived state of every variant of a story (translation status, pending
  // corrections) and rebuilds their published views.
  absl::Status RefreshStory(Write& write, const std::string& story_id);
  // Refreshes every story the write touched so far.
  absl::Status RefreshTouched(Write& write);
  // The response of a write: refreshes what it touched, then reads the variant or story back.
  absl::StatusOr<jisr::v1::Variant> Respond(Write& write, const std::string& variant_id);
  absl::StatusOr<jisr::v1::Story> RespondStory(Write& write, const std::string& story_id);
  absl::StatusOr<jisr::v1::TranslationStatus> ComputeTranslationStatus(
      storage::Transaction& txn, const jisr::v1::Variant& translation,
      const std::vector<StoredVariant>& story_variants, absl::Time now);
  absl::StatusOr<jisr::v1::Variant> LatestView(storage::Transaction& txn,
                                               const StoredVariant& variant);
  absl::StatusOr<jisr::v1::Story> StoryView(storage::Transaction& txn, const StoredStory& story);
  absl::StatusOr<std::string> UniqueSlug(storage::Transaction& txn, absl::string_view language,
                                         absl::string_view headline);
  // The slug a headline gives in a language, before uniqueness.
  std::string SlugFor(absl::string_view language, absl::string_view headline) const;
  // How text is judged in a language.
  TextPolicy TextPolicyFor(absl::string_view language) const;
  // Sets what a view shows of its text beyond the stored analysis: the datelines, in the
  // newsroom's style for the language (or `requested` over it), and the URL form of the slug.
  void AddPresentation(jisr::v1::Variant& view, const jisr::v1::DatelineStyle* requested) const;
  // The stored variant as read, with its derived fields (etag, datelines, ...) set.
  jisr::v1::Variant Decorate(const jisr::v1::Variant& stored, int64_t version) const;
  absl::Status CheckLanguageFree(storage::Transaction& txn, const std::string& story_id,
                                 const std::string& language, const std::string& except_id);
  // Publishes `v` at revision `target` (0: latest) at `when`: the shared core of PublishVariant,
  // BatchPublishVariants and scheduled publishing.
  absl::Status PublishInTransaction(Write& write, StoredVariant& v, int64_t target,
                                    absl::Time when, bool backdated);
  absl::Status UnpublishInTransaction(Write& write, StoredVariant& v);
  // FAILED_PRECONDITION when `v`'s revision `target` cannot be published.
  absl::Status CheckPublishable(Write& write, const StoredVariant& v, int64_t target);
  absl::StatusOr<std::shared_ptr<const std::string>> PublishedBytesFromStorage(
      absl::string_view variant_id);
  absl::Status NotPublishedError(absl::string_view variant_id);
  // INVALID_ARGUMENT naming the part of a requested dateline style ICU does not know.
  absl::Status CheckDatelineStyle(const jisr::v1::DatelineStyle& style) const;
  // Reloads the cached published views of the variants of `story_id` from storage.
  absl::Status RefreshCachedStory(const std::string& story_id);

  const NewsroomOptions options_;
  storage::Storage* const storage_;
  PublishedCache cache_;
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_NEWSROOM_H_
