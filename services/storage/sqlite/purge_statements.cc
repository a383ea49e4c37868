// The statements that rewrite what is otherwise kept as written: a purge's revisions and request
// records, and a request record found past its retention.
#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/storage/published_chain.h"
#include "services/storage/revision_chain.h"
#include "services/storage/sqlite/sqlite_transaction.h"

namespace jisr::storage::sqlite {

absl::Status SqliteTransaction::UpdateRevision(const RevisionRow& row) {
  // What was stored against the content being replaced first: the variant's published view, and
  // the revisions after it.
  JISR_RETURN_IF_ERROR(DetachPublishedView(*this, row.variant_id, row.number));
  JISR_ASSIGN_OR_RETURN(std::vector<RevisionRow> writes, RewriteRevision(row, StoredRevisions()));
  for (const RevisionRow& stored : writes) {
    JISR_ASSIGN_OR_RETURN(auto stmt, connection_->Prepare("UPDATE revisions SET create_micros = ?,"
                                                          " data = ? WHERE variant_id = ? AND"
                                                          " number = ?"));
    stmt->Bind(1, stored.create_micros).BindBlob(2, stored.data);
    JISR_RETURN_IF_ERROR(stmt->Bind(3, stored.variant_id).Bind(4, stored.number).Run());
  }
  return ExpectOneChange("revision", absl::StrCat(row.variant_id, "/", row.number));
}

absl::Status SqliteTransaction::DeleteRequest(absl::string_view request_id) {
  JISR_ASSIGN_OR_RETURN(auto stmt,
                        connection_->Prepare("DELETE FROM requests WHERE request_id = ?"));
  return stmt->Bind(1, request_id).Run();
}

absl::StatusOr<int64_t> SqliteTransaction::DeleteRequestsAbout(absl::string_view variant_id,
                                                               absl::string_view mentioning) {
  if (variant_id.empty()) return absl::InvalidArgumentError("DeleteRequestsAbout needs a variant");
  // instr() of two blobs compares bytes: the responses are serialized messages, not text.
  JISR_ASSIGN_OR_RETURN(auto stmt, connection_->Prepare("DELETE FROM requests WHERE variant_id = ?"
                                                        " OR (length(?2) > 0 AND"
                                                        " instr(response, ?2) > 0)"));
  JISR_RETURN_IF_ERROR(stmt->Bind(1, variant_id).BindBlob(2, mentioning).Run());
  return int64_t{sqlite3_changes(connection_->db())};
}

}  // namespace jisr::storage::sqlite
