// Purging a variant (a legal takedown): its content leaves every table in one transaction, and
// an empty tombstone stays to keep its name and slug and to record who purged it, when and why.
// What goes where is listed on PurgeVariant in proto/jisr/v1/article_service.proto.
#ifndef JISR_SERVICES_ARTICLES_VARIANT_PURGING_H_
#define JISR_SERVICES_ARTICLES_VARIANT_PURGING_H_

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "jisr/v1/article_service.pb.h"
#include "services/articles/article_store.h"
#include "services/articles/view_builder.h"
#include "services/articles/write_runner.h"

namespace jisr::articles {

class VariantPurging {
 public:
  VariantPurging(const WriteRunner& runner, const ArticleStore& store, const ViewBuilder& views)
      : runner_(runner), store_(store), views_(views) {}

  // Administrators only (PERMISSION_DENIED otherwise); the reason is required. Returns the
  // tombstone.
  absl::StatusOr<jisr::v1::Variant> PurgeVariant(const jisr::v1::PurgeVariantRequest& request,
                                                 const CallContext& caller) const;

 private:
  absl::Status Purge(WriteContext& write, const std::string& id, const std::string& etag,
                     const std::string& reason) const;
  // Empties every revision of `v` (snapshot, warnings, change note) and returns the headlines
  // they had.
  absl::StatusOr<absl::flat_hash_set<std::string>> EmptyRevisions(WriteContext& write,
                                                                  const StoredVariant& v) const;
  // Clears the title of `v`'s story when it is one of `headlines` (a story made for a variant
  // takes its headline as its title).
  absl::Status ClearStoryTitle(WriteContext& write, const StoredVariant& v,
                               const absl::flat_hash_set<std::string>& headlines) const;

  const WriteRunner& runner_;
  const ArticleStore& store_;
  const ViewBuilder& views_;
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_VARIANT_PURGING_H_
