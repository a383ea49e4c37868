// Publishing and unpublishing inside a write, shared by the calls that publish now
// (PublishVariant, BatchPublishVariants) and the scheduler that publishes later.
#ifndef JISR_SERVICES_ARTICLES_PUBLISH_STEPS_H_
#define JISR_SERVICES_ARTICLES_PUBLISH_STEPS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/articles/article_store.h"
#include "services/articles/write_context.h"

namespace jisr::articles {

class PublishSteps {
 public:
  explicit PublishSteps(const ArticleStore& store) : store_(store) {}

  // OK when revision `target` of `v` can be published: `v` is live, the revision exists
  // (INVALID_ARGUMENT naming "revision") and has a headline (FAILED_PRECONDITION).
  absl::Status CheckPublishable(WriteContext& write, const StoredVariant& v, int64_t target) const;
  // OK when `v` is published (FAILED_PRECONDITION NOT_PUBLISHED otherwise).
  absl::Status CheckUnpublishable(const StoredVariant& v) const;

  // Publishes revision `target` (0: the latest) of `v` as of `when`; `backdated` when `when` is
  // an archive's original time rather than now. The "Updated" time moves only when what readers
  // are about to see includes a significant revision. Publishing what is already shown changes
  // nothing.
  absl::Status Publish(WriteContext& write, StoredVariant& v, int64_t target, absl::Time when,
                       bool backdated) const;
  absl::Status Unpublish(WriteContext& write, StoredVariant& v) const;

 private:
  const ArticleStore& store_;
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_PUBLISH_STEPS_H_
