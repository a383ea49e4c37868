// Builds every view callers read, in one place: the editor's LATEST view, list entries, the
// renderer's PUBLISHED view (at write time), and a story with its variant summaries. Each view
// gets what is derived rather than stored: the etag, the datelines in the newsroom's style for
// its language (or a style the request asks for), the slug's URL form, and the alternates.
#ifndef JISR_SERVICES_ARTICLES_VIEW_BUILDER_H_
#define JISR_SERVICES_ARTICLES_VIEW_BUILDER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "jisr/v1/resources.pb.h"
#include "services/articles/article_store.h"
#include "services/articles/variant_views.h"
#include "services/config/newsroom_config.h"
#include "services/storage/storage.h"

namespace jisr::articles {

class ViewBuilder {
 public:
  ViewBuilder(const config::NewsroomConfig& config, const ArticleStore& store)
      : config_(config), store_(store) {}

  // The LATEST view: the latest content and every live sibling as an alternate.
  absl::StatusOr<jisr::v1::Variant> Latest(storage::Transaction& txn, StoredVariant v) const;
  // The LATEST view of the variant with this id.
  absl::StatusOr<jisr::v1::Variant> LatestById(storage::Transaction& txn,
                                               absl::string_view variant_id) const;
  // The same as a write's answer: from the variant the write kept, when it kept it.
  absl::StatusOr<jisr::v1::Variant> LatestById(WriteContext& write,
                                               absl::string_view variant_id) const;
  // A list entry: LATEST without alternates; `basic` also drops the blocks.
  jisr::v1::Variant ListEntry(const StoredVariant& v, bool basic) const;
  // The PUBLISHED view of `v` at revision `published`, with `shown` (the story's published
  // variants, `v` included) as its alternates.
  jisr::v1::Variant Published(const StoredVariant& v, const jisr::v1::Revision& published,
                              const std::vector<Sibling>& shown,
                              const std::string& x_default_language) const;
  // A story with a summary of each variant, in the newsroom's language order.
  absl::StatusOr<jisr::v1::Story> Story(storage::Transaction& txn, const StoredStory& s) const;

  // Sets the view's datelines in `requested` over the newsroom's style for its language.
  void Restyle(jisr::v1::Variant& view, const jisr::v1::DatelineStyle& requested) const;
  // INVALID_ARGUMENT naming the part of a requested dateline style ICU does not know.
  absl::Status CheckDatelineStyle(const jisr::v1::DatelineStyle& style) const;

 private:
  // The datelines and the slug's URL form, in the language's style or `requested` over it.
  void Present(jisr::v1::Variant& view, const jisr::v1::DatelineStyle* requested) const;

  const config::NewsroomConfig& config_;
  const ArticleStore& store_;
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_VIEW_BUILDER_H_
