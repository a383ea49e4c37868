// A variant's history: its immutable revisions listed and read, two compared, and an old one
// restored as a new revision (AIP-162).
#ifndef JISR_SERVICES_ARTICLES_REVISION_HISTORY_H_
#define JISR_SERVICES_ARTICLES_REVISION_HISTORY_H_

#include "absl/status/statusor.h"
#include "jisr/v1/article_service.pb.h"
#include "services/articles/article_store.h"
#include "services/articles/view_builder.h"
#include "services/articles/write_runner.h"
#include "services/storage/storage.h"

namespace jisr::articles {

class RevisionHistory {
 public:
  RevisionHistory(storage::Storage* storage, const WriteRunner& runner, const ArticleStore& store,
                  const ViewBuilder& views, size_t max_list_bytes)
      : storage_(storage),
        runner_(runner),
        store_(store),
        views_(views),
        max_list_bytes_(max_list_bytes) {}

  absl::StatusOr<jisr::v1::ListRevisionsResponse> ListRevisions(
      const jisr::v1::ListRevisionsRequest& request, const CallContext& caller) const;
  absl::StatusOr<jisr::v1::Revision> GetRevision(const jisr::v1::GetRevisionRequest& request,
                                                 const CallContext& caller) const;
  absl::StatusOr<jisr::v1::DiffRevisionsResponse> DiffRevisions(
      const jisr::v1::DiffRevisionsRequest& request, const CallContext& caller) const;
  // The restored content becomes a new revision; the live slug stays, so the page's URL does
  // not move.
  absl::StatusOr<jisr::v1::Variant> RestoreRevision(const jisr::v1::RestoreRevisionRequest& request,
                                                    const CallContext& caller) const;

 private:
  storage::Storage* const storage_;
  const WriteRunner& runner_;
  const ArticleStore& store_;
  const ViewBuilder& views_;
  // The most bytes of items a list page holds (Page::Fill).
  const size_t max_list_bytes_;
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_REVISION_HISTORY_H_
