// Corrections and clarifications: published on one variant, pending on its siblings until their
// desks match or dismiss them.
#ifndef JISR_SERVICES_ARTICLES_CORRECTIONS_H_
#define JISR_SERVICES_ARTICLES_CORRECTIONS_H_

#include "absl/status/statusor.h"
#include "jisr/v1/article_service.pb.h"
#include "services/articles/article_store.h"
#include "services/articles/view_builder.h"
#include "services/articles/write_runner.h"

namespace jisr::articles {

class Corrections {
 public:
  Corrections(const WriteRunner& runner, const ArticleStore& store, const ViewBuilder& views)
      : runner_(runner), store_(store), views_(views) {}

  absl::StatusOr<jisr::v1::Variant> AddCorrection(const jisr::v1::AddCorrectionRequest& request,
                                                  const CallContext& caller) const;
  absl::StatusOr<jisr::v1::Variant> DismissCorrection(
      const jisr::v1::DismissCorrectionRequest& request, const CallContext& caller) const;

 private:
  const WriteRunner& runner_;
  const ArticleStore& store_;
  const ViewBuilder& views_;
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_CORRECTIONS_H_
