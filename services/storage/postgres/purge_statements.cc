// The statements that rewrite what is otherwise kept as written: a purge's revisions and request
// records, and a request record found past its retention.
#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/storage/postgres/postgres_transaction.h"
#include "services/storage/published_chain.h"
#include "services/storage/revision_chain.h"

namespace jisr::storage::postgres {

absl::Status PostgresTransaction::UpdateRevision(const RevisionRow& row) {
  // What was stored against the content being replaced first: the variant's published view, and
  // the revisions after it.
  JISR_RETURN_IF_ERROR(DetachPublishedView(*this, row.variant_id, row.number));
  locked_.ForgetRevisions();
  JISR_ASSIGN_OR_RETURN(std::vector<RevisionRow> writes, RewriteRevision(row, StoredRevisions()));
  for (const RevisionRow& stored : writes) {
    JISR_RETURN_IF_ERROR(UpdateOne(
        "UPDATE revisions SET create_micros = $3, data = $4 WHERE variant_id = $1 AND number = $2",
        Params()
            .Text(stored.variant_id)
            .Int64(stored.number)
            .Int64(stored.create_micros)
            .Bytes(stored.data),
        "revision", absl::StrCat(stored.variant_id, "/", stored.number)));
  }
  return absl::OkStatus();
}

absl::Status PostgresTransaction::DeleteRequest(absl::string_view request_id) {
  return Run("DELETE FROM requests WHERE request_id = $1", Params().Text(request_id)).status();
}

absl::StatusOr<int64_t> PostgresTransaction::DeleteRequestsAbout(absl::string_view variant_id,
                                                                 absl::string_view mentioning) {
  if (variant_id.empty()) return absl::InvalidArgumentError("DeleteRequestsAbout needs a variant");
  // position() of two BYTEA values compares bytes: the responses are serialized messages.
  JISR_ASSIGN_OR_RETURN(Result r, Run("DELETE FROM requests WHERE variant_id = $1"
                                      " OR (length($2) > 0 AND position($2 IN response) > 0)",
                                      Params().Text(variant_id).Bytes(mentioning)));
  return r.AffectedRows();
}

}  // namespace jisr::storage::postgres
