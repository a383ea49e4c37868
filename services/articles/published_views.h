// The renderer's read path: the serialized PUBLISHED views (jisr.v1.Variant), built at write time,
// served from memory, and read from storage into memory on a miss. A reader never learns more
// than NOT_FOUND about a variant readers cannot see.
#ifndef JISR_SERVICES_ARTICLES_PUBLISHED_VIEWS_H_
#define JISR_SERVICES_ARTICLES_PUBLISHED_VIEWS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/articles/change_feed.h"
#include "services/articles/published_cache.h"
#include "services/storage/storage.h"

namespace jisr::articles {

class PublishedViews {
 public:
  // `cache` and `storage` must outlive this.
  PublishedViews(PublishedCache* cache, storage::Storage* storage)
      : cache_(cache), storage_(storage) {}

  // From memory only, never blocking on storage: null when not cached.
  std::shared_ptr<const std::string> Cached(absl::string_view variant_id) const;
  std::shared_ptr<const std::string> CachedBySlug(absl::string_view language,
                                                  absl::string_view slug) const;

  // From memory, else from storage. NOT_FOUND when readers cannot see it: to a caller who sees
  // drafts, NOT_PUBLISHED (the variant exists); to anyone else exactly what a name that does not
  // exist gets, so a reader never learns that a draft exists.
  absl::StatusOr<std::shared_ptr<const std::string>> Get(absl::string_view variant_id,
                                                         bool sees_drafts) const;
  absl::StatusOr<std::shared_ptr<const std::string>> GetBySlug(absl::string_view language,
                                                               absl::string_view slug) const;

  // A list entry's view as of the list's transaction `txn`: from memory when the cache holds
  // the row's version (what GetVariant answers), else read in `txn` and kept in memory unless
  // a write landed since `fill_ticket` (FillTicket(), taken before `txn` began). Null when the
  // variant has no published view.
  uint64_t FillTicket() const { return cache_->FillTicket(); }
  absl::StatusOr<std::shared_ptr<const std::string>> ForListEntry(storage::Transaction& txn,
                                                                  const storage::VariantRow& row,
                                                                  uint64_t fill_ticket) const;

  // Keeps the cache in step with writes other processes make to shared storage (PostgreSQL
  // with several replicas): each event from the feed reloads the cached views of its story.
  // Within one process the writer already updated the cache.
  void FollowFeed(ChangeFeed& feed);

 private:
  absl::Status NotPublishedError(absl::string_view variant_id, bool sees_drafts) const;
  absl::Status RefreshCachedStory(const std::string& story_id) const;

  PublishedCache* const cache_;
  storage::Storage* const storage_;
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_PUBLISHED_VIEWS_H_
