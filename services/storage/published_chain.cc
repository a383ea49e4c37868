#include "services/storage/published_chain.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/storage/blob_codec.h"
#include "services/storage/revision_chain.h"

namespace jisr::storage {

absl::StatusOr<StoredView> EncodePublishedView(const PublishedRow& row,
                                               const DecodedRevision& revision) {
  if (row.revision > 0) {
    JISR_ASSIGN_OR_RETURN(std::optional<RevisionRow> base, revision(row.variant_id, row.revision));
    if (base.has_value()) return StoredView{EncodeBlobAgainst(row.data, base->data), row.revision};
  }
  return StoredView{EncodeBlob(row.data), 0};
}

std::string SelectPublishedWithRevisions(absl::string_view where) {
  // The second number is the base revision_chain.cc's BaseOf gives.
  return absl::StrCat(
      "SELECT p.variant_id, p.language, p.slug, p.version, p.data, p.base_revision, r.number,"
      " r.create_micros, r.data FROM published p LEFT JOIN revisions r ON p.base_revision > 0"
      " AND r.variant_id = p.variant_id AND r.number IN (p.base_revision, p.base_revision -"
      " (p.base_revision - 1) % ",
      kRevisionsPerSnapshot, ") WHERE ", where);
}

absl::StatusOr<std::optional<PublishedRow>> DecodedView(std::vector<StoredViewRow> rows) {
  if (rows.empty()) return std::optional<PublishedRow>();
  PublishedRow view = std::move(rows.front().view);
  if (!IsDeltaBlob(view.data)) {
    JISR_ASSIGN_OR_RETURN(view.data, DecodeBlob(view.data));
    return std::optional<PublishedRow>(std::move(view));
  }
  std::vector<RevisionRow> fetched;
  for (StoredViewRow& row : rows) {
    if (row.revision.number > 0) fetched.push_back(std::move(row.revision));
  }
  // The chain asks for the base among what the statement fetched.
  const StoredRevisionRange load = [&fetched](absl::string_view, int64_t from, int64_t through) {
    std::vector<RevisionRow> found;
    for (const RevisionRow& r : fetched) {
      if (r.number >= from && r.number <= through) found.push_back(r);
    }
    return absl::StatusOr<std::vector<RevisionRow>>(std::move(found));
  };
  JISR_ASSIGN_OR_RETURN(std::vector<RevisionRow> base,
                        load(view.variant_id, view.revision, view.revision));
  if (view.revision <= 0 || base.empty()) {
    return absl::DataLossError(absl::StrCat(
        "the published view of variants/", view.variant_id, " is stored against revision ",
        view.revision, ", which is missing; restore the database from a backup"));
  }
  JISR_RETURN_IF_ERROR(DecodeRevisionData(base, load));
  JISR_ASSIGN_OR_RETURN(view.data, DecodeBlobAgainst(view.data, base.front().data));
  return std::optional<PublishedRow>(std::move(view));
}

absl::Status DetachPublishedView(Transaction& txn, absl::string_view variant_id, int64_t number) {
  JISR_ASSIGN_OR_RETURN(std::optional<PublishedRow> view, txn.GetPublished(variant_id));
  if (!view.has_value() || view->revision != number) return absl::OkStatus();
  view->revision = 0;
  return txn.PutPublished(*view);
}

}  // namespace jisr::storage
