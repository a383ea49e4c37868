// The published views: what readers see, written by the transaction that changes them.
#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/storage/postgres/postgres_transaction.h"
#include "services/storage/postgres/rows.h"

namespace jisr::storage::postgres {

absl::StatusOr<std::optional<PublishedRow>> PostgresTransaction::GetPublished(
    absl::string_view variant_id) {
  // A write locks the view's row, not the revisions (the nullable side of the join).
  JISR_ASSIGN_OR_RETURN(Result r,
                        Run(absl::StrCat(SelectPublishedWithRevisions("p.variant_id = $1"),
                                         kind_ == Kind::kWrite ? " FOR UPDATE OF p" : ""),
                            Params().Text(variant_id)));
  JISR_ASSIGN_OR_RETURN(std::vector<StoredViewRow> rows, AllRows(r, &StoredViewRowAt));
  return DecodedView(std::move(rows));
}

absl::Status PostgresTransaction::PutPublished(const PublishedRow& row) {
  // SQLite's INSERT OR REPLACE removes every row the new one collides with: the variant's old
  // view and any other view holding the same (language, slug). Do the same explicitly, both
  // statements in one round trip.
  JISR_ASSIGN_OR_RETURN(StoredView stored, EncodePublishedView(row, RevisionsDecoded()));
  std::vector<Statement> statements;
  statements.push_back(
      {"DELETE FROM published WHERE variant_id = $1 OR (language = $2 AND slug = $3)",
       Params().Text(row.variant_id).Text(row.language).Text(row.slug)});
  statements.push_back({absl::StrCat("INSERT INTO published (", kPublishedColumns,
                                     ") VALUES ($1, $2, $3, $4, $5, $6)"),
                        Params()
                            .Text(row.variant_id)
                            .Text(row.language)
                            .Text(row.slug)
                            .Int64(row.version)
                            .Bytes(stored.data)
                            .Int64(stored.base_revision)});
  return RunAll(std::move(statements)).status();
}

DecodedRevision PostgresTransaction::RevisionsDecoded() {
  return [this](absl::string_view variant_id, int64_t number) {
    return GetRevision(variant_id, number);
  };
}

absl::Status PostgresTransaction::DeletePublished(absl::string_view variant_id) {
  return Run("DELETE FROM published WHERE variant_id = $1", Params().Text(variant_id)).status();
}

}  // namespace jisr::storage::postgres
