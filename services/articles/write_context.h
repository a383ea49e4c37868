// One write in progress, as every feature sees it: the transaction, the instant and the author it
// records, and what the write runner must do with it before and after commit.
#ifndef JISR_SERVICES_ARTICLES_WRITE_CONTEXT_H_
#define JISR_SERVICES_ARTICLES_WRITE_CONTEXT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/btree_set.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/access/caller.h"
#include "services/articles/call_context.h"
#include "services/articles/published_cache.h"
#include "services/articles/recent_variants.h"
#include "services/articles/stored_variant.h"
#include "services/storage/storage.h"

namespace jisr::articles {

class WriteContext {
 public:
  WriteContext(storage::Transaction& txn, absl::Time now, const CallContext& call,
               RecentVariants* recent = nullptr)
      : txn_(txn), now_(now), now_micros_(absl::ToUnixMicros(now)), call_(call), recent_(recent) {}
  WriteContext(const WriteContext&) = delete;
  WriteContext& operator=(const WriteContext&) = delete;

  storage::Transaction& txn() const { return txn_; }
  // One instant for the whole write: every time it records is this one.
  absl::Time now() const { return now_; }
  int64_t now_micros() const { return now_micros_; }
  // Who the write is recorded as (revisions, events, corrections, schedules): the verified
  // principal, and the name editors' screens show for it.
  const std::string& author() const { return call_.caller.principal; }
  const std::string& author_name() const { return call_.caller.display_name; }
  // What the caller may change (a desk only its languages).
  const access::Caller& caller() const { return call_.caller; }

  // Marks a story whose derived state and published views must be rebuilt before commit. Saving
  // a variant or a story marks its story; features need not call this themselves.
  void Touch(absl::string_view story_id) { touched_.insert(std::string(story_id)); }
  // The next story to refresh, removed from the set (the refresher may touch it again).
  std::optional<std::string> TakeTouched() {
    if (touched_.empty()) return std::nullopt;
    std::string story_id = std::move(touched_.extract(touched_.begin()).value());
    return story_id;
  }
  void Untouch(absl::string_view story_id) { touched_.erase(std::string(story_id)); }

  // A view to put in the published cache once the transaction has committed.
  void CacheAfterCommit(std::string variant_id, CachedView view) {
    cache_updates_.emplace_back(std::move(variant_id), std::move(view));
  }
  std::vector<std::pair<std::string, CachedView>> TakeCacheUpdates() {
    return std::move(cache_updates_);
  }

  // Variants this write has parsed and is done with, for its later loads (ArticleStore's loads
  // in a write take from here; saving a variant forgets what was kept of it).
  KeptVariants& kept() { return kept_; }
  // What earlier writes left (null when the newsroom keeps none): a load takes from it what this
  // write has not kept itself.
  RecentVariants* recent() const { return recent_; }

 private:
  storage::Transaction& txn_;
  const absl::Time now_;
  const int64_t now_micros_;
  const CallContext& call_;
  absl::btree_set<std::string> touched_;
  std::vector<std::pair<std::string, CachedView>> cache_updates_;
  KeptVariants kept_;
  RecentVariants* const recent_;
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_WRITE_CONTEXT_H_
