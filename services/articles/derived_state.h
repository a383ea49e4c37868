// Derived state, rebuilt in the transaction of every write that touches a story, before it
// commits: each translation's status against its source, each variant's pending corrections,
// and the published views renderers read (stored, and queued for the cache after commit). Only
// the WriteRunner calls this; features just save what they change.
#ifndef JISR_SERVICES_ARTICLES_DERIVED_STATE_H_
#define JISR_SERVICES_ARTICLES_DERIVED_STATE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/articles/article_store.h"
#include "services/articles/view_builder.h"
#include "services/articles/write_context.h"

namespace jisr::articles {

class DerivedState {
 public:
  DerivedState(const ArticleStore& store, const ViewBuilder& views)
      : store_(store), views_(views) {}

  // Refreshes every story the write touched, until none is left.
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

  const ArticleStore& store_;
  const ViewBuilder& views_;
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_DERIVED_STATE_H_
