// Derived state, rebuilt in the transaction of every write that touches a story, before it
// commits: each translation's status against its source, each variant's pending corrections,
// and the published views renderers read (stored, and queued for the cache after commit). Only
// the WriteRunner calls this; features just save what they change. A published view over the
// view limit (view_limits.h) fails the write, so a reader can always fetch what is stored.
#ifndef JISR_SERVICES_ARTICLES_DERIVED_STATE_H_
#define JISR_SERVICES_ARTICLES_DERIVED_STATE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/articles/article_store.h"
#include "services/articles/view_builder.h"
#include "services/articles/view_limits.h"
#include "services/articles/write_context.h"

namespace jisr::articles {

class DerivedState {
 public:
  DerivedState(const ArticleStore& store, const ViewBuilder& views,
               size_t max_view_bytes = kDefaultMaxViewBytes)
      : store_(store), views_(views), max_view_bytes_(max_view_bytes) {}

  // Refreshes every story the write touched, until none is left. INVALID_ARGUMENT
  // (VIEW_TOO_LARGE) when a published view would be over max_view_bytes, unless it replaces a
  // stored view at least as large (one stored before the limit, which must not fail every
  // later write to its story).
  absl::Status RefreshTouched(WriteContext& write) const;

 private:
  absl::Status RefreshStory(WriteContext& write, const std::string& story_id) const;
  // Translation status and pending corrections of every variant, computed from the same inputs
  // before any is saved; saves and announces those that changed.
  absl::Status RefreshDerivedFields(WriteContext& write, const std::string& story_id,
                                    std::vector<StoredVariant>& variants) const;
  // Stores the published view of each published variant and removes the others'.
  absl::Status RebuildPublishedViews(WriteContext& write, const std::string& story_id,
                                     const std::vector<StoredVariant>& variants) const;
  // OK when the published view of `v`, `bytes` long, may be stored.
  absl::Status CheckPublishedSize(WriteContext& write, const StoredVariant& v,
                                  const jisr::v1::Variant& view, size_t bytes) const;

  const ArticleStore& store_;
  const ViewBuilder& views_;
  const size_t max_view_bytes_;
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_DERIVED_STATE_H_
