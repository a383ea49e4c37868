// Which story a variant belongs to: link it into another story (the translation pair an editor
// assembles by hand), or unlink it into a story of its own.
#ifndef JISR_SERVICES_ARTICLES_STORY_LINKS_H_
#define JISR_SERVICES_ARTICLES_STORY_LINKS_H_

#include "absl/status/statusor.h"
#include "jisr/v1/article_service.pb.h"
#include "services/articles/article_store.h"
#include "services/articles/view_builder.h"
#include "services/articles/write_runner.h"

namespace jisr::articles {

class StoryLinks {
 public:
  StoryLinks(const WriteRunner& runner, const ArticleStore& store, const ViewBuilder& views)
      : runner_(runner), store_(store), views_(views) {}

  // The story the variant leaves is deleted when nothing is left in it.
  absl::StatusOr<jisr::v1::Variant> LinkVariant(const jisr::v1::LinkVariantRequest& request,
                                                const CallContext& caller) const;
  absl::StatusOr<jisr::v1::Variant> UnlinkVariant(const jisr::v1::UnlinkVariantRequest& request,
                                                  const CallContext& caller) const;

 private:
  absl::Status Link(WriteContext& write, const jisr::v1::LinkVariantRequest& request,
                    const std::string& id, const std::string& target_id) const;
  absl::Status Unlink(WriteContext& write, const jisr::v1::UnlinkVariantRequest& request,
                      const std::string& id) const;

  const WriteRunner& runner_;
  const ArticleStore& store_;
  const ViewBuilder& views_;
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_STORY_LINKS_H_
