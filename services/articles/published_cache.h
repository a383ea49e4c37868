// In-memory copies of the serialized published views, so a renderer's read costs a map lookup.
// Writers put the view they just committed; readers that missed fill the cache from storage, but
// only if no writer put anything meanwhile, so a slow reader can never put back an old view.
#ifndef JISR_SERVICES_ARTICLES_PUBLISHED_CACHE_H_
#define JISR_SERVICES_ARTICLES_PUBLISHED_CACHE_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "services/articles/memory_stats.h"

namespace jisr::articles {

// A variant's view as cached: `bytes` is null when the variant is not published (a tombstone).
struct CachedView {
  int64_t version = 0;
  std::shared_ptr<const std::string> bytes;
  std::string language;
  std::string slug;
};

class PublishedCache {
 public:
  explicit PublishedCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  // What an operator watches: the entries held, their bytes, and how lookups fared.
  using Stats = MemoryStats;
  Stats stats() const;

  std::optional<CachedView> Get(absl::string_view variant_id) const;
  // The view's bytes when the cache holds exactly `version` of it, else null.
  std::shared_ptr<const std::string> GetAtVersion(absl::string_view variant_id,
                                                  int64_t version) const;
  // The variant id last cached for (language, slug); verify the view's slug before trusting it.
  std::optional<std::string> IdForSlug(absl::string_view language, absl::string_view slug) const;

  // A writer's put after commit: kept when newer than what is cached.
  void PutCommitted(absl::string_view variant_id, CachedView view);

  // A reader's fill: capture FillTicket() before reading storage, pass it back here.
  uint64_t FillTicket() const;
  void Fill(uint64_t ticket, absl::string_view variant_id, CachedView view);

 private:
  void PutLocked(absl::string_view variant_id, CachedView view) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void EvictLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const size_t max_bytes_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, CachedView> views_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, std::string> slugs_ ABSL_GUARDED_BY(mu_);
  std::deque<std::string> insertion_order_ ABSL_GUARDED_BY(mu_);
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t writes_ ABSL_GUARDED_BY(mu_) = 0;
  mutable std::atomic<int64_t> hits_{0};
  mutable std::atomic<int64_t> misses_{0};
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_PUBLISHED_CACHE_H_
