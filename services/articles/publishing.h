// What readers see: publish a variant (now, or backdated for an archive), publish several
// languages of a story in one transaction, unpublish.
#ifndef JISR_SERVICES_ARTICLES_PUBLISHING_H_
#define JISR_SERVICES_ARTICLES_PUBLISHING_H_

#include "absl/status/statusor.h"
#include "jisr/v1/article_service.pb.h"
#include "services/articles/article_store.h"
#include "services/articles/publish_steps.h"
#include "services/articles/view_builder.h"
#include "services/articles/write_runner.h"

namespace jisr::articles {

class Publishing {
 public:
  Publishing(const WriteRunner& runner, const ArticleStore& store, const ViewBuilder& views,
             const PublishSteps& steps)
      : runner_(runner), store_(store), views_(views), steps_(steps) {}

  absl::StatusOr<jisr::v1::Variant> PublishVariant(const jisr::v1::PublishVariantRequest& request,
                                                   const CallContext& caller) const;
  // All or nothing: when any variant cannot be published, none is, and the error lists every
  // problem of every variant.
  absl::StatusOr<jisr::v1::BatchPublishVariantsResponse> BatchPublishVariants(
      const jisr::v1::BatchPublishVariantsRequest& request, const CallContext& caller) const;
  absl::StatusOr<jisr::v1::Variant> UnpublishVariant(
      const jisr::v1::UnpublishVariantRequest& request, const CallContext& caller) const;

 private:
  const WriteRunner& runner_;
  const ArticleStore& store_;
  const ViewBuilder& views_;
  const PublishSteps& steps_;
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_PUBLISHING_H_
