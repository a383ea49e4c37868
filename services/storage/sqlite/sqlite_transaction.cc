#include "services/storage/sqlite/sqlite_transaction.h"

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/storage/blob_codec.h"
#include "services/storage/list_indexes.h"
#include "services/storage/published_chain.h"
#include "services/storage/sqlite/list_queries.h"
#include "services/storage/sqlite/rows.h"

namespace jisr::storage::sqlite {

SqliteTransaction::~SqliteTransaction() {
  if (!begun_ || finished_) return;
  if (write_) {
    storage_->group_commit_.Rollback();
  } else {
    connection_->Exec("ROLLBACK").IgnoreError();
  }
}

absl::Status SqliteTransaction::Begin() {
  JISR_RETURN_IF_ERROR(write_ ? storage_->group_commit_.Begin() : connection_->Exec("BEGIN"));
  begun_ = true;
  return absl::OkStatus();
}

absl::StatusOr<std::optional<StoryRow>> SqliteTransaction::GetStory(absl::string_view id) {
  return QueryOne<StoryRow>(
      *connection_, absl::StrCat("SELECT ", kStoryColumns, " FROM stories WHERE id = ?"),
      [&](Statement& s) { s.Bind(1, id); }, &ReadStory);
}

absl::StatusOr<std::vector<StoryRow>> SqliteTransaction::ListStories(const StoryQuery& query) {
  std::string sql = absl::StrCat("SELECT ", kStoryColumns, " FROM stories WHERE 1");
  if (!query.include_deleted) absl::StrAppend(&sql, " AND deleted = 0");
  if (query.after) absl::StrAppend(&sql, " AND (modify_micros, id) < (?, ?)");
  absl::StrAppend(&sql, " ORDER BY modify_micros DESC, id DESC LIMIT ?");
  return QueryRows<StoryRow>(
      *connection_, sql,
      [&](Statement& s) {
        int i = 1;
        if (query.after) {
          s.Bind(i++, query.after->first);
          s.Bind(i++, query.after->second);
        }
        s.Bind(i, int64_t{query.limit});
      },
      &ReadStory);
}

absl::Status SqliteTransaction::InsertStory(const StoryRow& row) {
  JISR_ASSIGN_OR_RETURN(auto stmt,
                        connection_->Prepare("INSERT INTO stories (id, version, modify_micros, "
                                             "deleted, data) VALUES (?, ?, ?, ?, ?)"));
  return stmt->Bind(1, row.id)
      .Bind(2, row.version)
      .Bind(3, row.modify_micros)
      .Bind(4, int64_t{row.deleted})
      .BindBlob(5, row.data)
      .Run();
}

absl::Status SqliteTransaction::UpdateStory(const StoryRow& row) {
  JISR_ASSIGN_OR_RETURN(
      auto stmt,
      connection_->Prepare(
          "UPDATE stories SET version = ?, modify_micros = ?, deleted = ?, data = ? WHERE id = ?"));
  JISR_RETURN_IF_ERROR(stmt->Bind(1, row.version)
                           .Bind(2, row.modify_micros)
                           .Bind(3, int64_t{row.deleted})
                           .BindBlob(4, row.data)
                           .Bind(5, row.id)
                           .Run());
  return ExpectOneChange("story", row.id);
}

absl::StatusOr<std::optional<VariantRow>> SqliteTransaction::GetVariant(absl::string_view id) {
  return QueryOne<VariantRow>(
      *connection_, absl::StrCat("SELECT ", kVariantColumns, " FROM variants WHERE id = ?"),
      [&](Statement& s) { s.Bind(1, id); }, &ReadVariant);
}

absl::StatusOr<std::optional<VariantRow>> SqliteTransaction::FindVariantBySlug(
    absl::string_view language, absl::string_view slug) {
  return QueryOne<VariantRow>(
      *connection_,
      absl::StrCat("SELECT ", kVariantColumns, " FROM variants WHERE language = ? AND slug = ?"),
      [&](Statement& s) { s.Bind(1, language).Bind(2, slug); }, &ReadVariant);
}

absl::StatusOr<std::vector<VariantRow>> SqliteTransaction::ListStoryVariants(
    absl::string_view story_id) {
  return QueryRows<VariantRow>(
      *connection_,
      absl::StrCat("SELECT ", kVariantColumns, " FROM variants WHERE story_id = ? ORDER BY id"),
      [&](Statement& s) { s.Bind(1, story_id); }, &ReadVariant);
}

absl::StatusOr<std::vector<VariantRow>> SqliteTransaction::ListVariants(const VariantQuery& query) {
  return QueryRows<VariantRow>(
      *connection_, ListVariantsSql(query), [&](Statement& s) { BindListVariants(s, query); },
      &ReadVariant);
}

absl::Status SqliteTransaction::InsertVariant(const VariantRow& row) {
  JISR_RETURN_IF_ERROR(CheckVariantRowState(row));
  JISR_ASSIGN_OR_RETURN(auto stmt, connection_->Prepare(absl::StrCat(
                                       "INSERT INTO variants (", kVariantColumns,
                                       ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")));
  return BindVariant(*stmt, row).Run();
}

absl::Status SqliteTransaction::UpdateVariant(const VariantRow& row) {
  JISR_RETURN_IF_ERROR(CheckVariantRowState(row));
  JISR_ASSIGN_OR_RETURN(
      auto stmt,
      connection_->Prepare(
          // The id is not SET (it is ?1 in the WHERE): setting a parent key, even to itself,
          // makes SQLite check every row that refers to it, so each edit scanned the variant's
          // whole history of revisions.
          "UPDATE variants SET story_id = ?2, language = ?3, slug = ?4, state = ?5,"
          " section = ?6, version = ?7, modify_micros = ?8, deleted = ?9, translation_state = ?10,"
          " stale_since_micros = ?11, data = ?12, headline_key = ?13 WHERE id = ?1"));
  JISR_RETURN_IF_ERROR(BindVariant(*stmt, row).Run());
  return ExpectOneChange("variant", row.id);
}

absl::Status SqliteTransaction::InsertRevision(const RevisionRow& row) {
  JISR_ASSIGN_OR_RETURN(std::string data, EncodeRevisionData(row, StoredRevisions()));
  JISR_ASSIGN_OR_RETURN(
      auto stmt,
      connection_->Prepare(
          "INSERT INTO revisions (variant_id, number, create_micros, data) VALUES (?, ?, ?, ?)"));
  return stmt->Bind(1, row.variant_id)
      .Bind(2, row.number)
      .Bind(3, row.create_micros)
      .BindBlob(4, data)
      .Run();
}

absl::StatusOr<std::optional<RevisionRow>> SqliteTransaction::GetRevision(
    absl::string_view variant_id, int64_t number) {
  JISR_ASSIGN_OR_RETURN(std::vector<RevisionRow> rows,
                        DecodeRevisions(StoredRevisions()(variant_id, number, number)));
  if (rows.empty()) return std::optional<RevisionRow>();
  return std::optional<RevisionRow>(std::move(rows.front()));
}

absl::StatusOr<std::vector<RevisionRow>> SqliteTransaction::ListRevisions(
    absl::string_view variant_id, int64_t before, int limit) {
  return DecodeRevisions(QueryRows<RevisionRow>(
      *connection_,
      "SELECT variant_id, number, create_micros, data FROM revisions"
      " WHERE variant_id = ? AND (? = 0 OR number < ?) ORDER BY number DESC LIMIT ?",
      [&](Statement& s) {
        s.Bind(1, variant_id).Bind(2, before).Bind(3, before).Bind(4, int64_t{limit});
      },
      &ReadRevision));
}

StoredRevisionRange SqliteTransaction::StoredRevisions() { return StoredRevisionsOn(*connection_); }

absl::StatusOr<std::vector<RevisionRow>> SqliteTransaction::DecodeRevisions(
    absl::StatusOr<std::vector<RevisionRow>> rows) {
  if (!rows.ok()) return rows.status();
  JISR_RETURN_IF_ERROR(DecodeRevisionData(*rows, StoredRevisions()));
  return rows;
}

absl::StatusOr<std::optional<PublishedRow>> SqliteTransaction::GetPublished(
    absl::string_view variant_id) {
  return SelectPublished(*connection_, variant_id);
}

absl::Status SqliteTransaction::PutPublished(const PublishedRow& row) {
  JISR_ASSIGN_OR_RETURN(
      StoredView stored,
      EncodePublishedView(row, [this](absl::string_view variant_id, int64_t number) {
        return GetRevision(variant_id, number);
      }));
  JISR_ASSIGN_OR_RETURN(auto stmt, connection_->Prepare(absl::StrCat(
                                       "INSERT OR REPLACE INTO published (", kPublishedColumns,
                                       ") VALUES (?, ?, ?, ?, ?, ?)")));
  return stmt->Bind(1, row.variant_id)
      .Bind(2, row.language)
      .Bind(3, row.slug)
      .Bind(4, row.version)
      .BindBlob(5, stored.data)
      .Bind(6, stored.base_revision)
      .Run();
}

absl::Status SqliteTransaction::DeletePublished(absl::string_view variant_id) {
  JISR_ASSIGN_OR_RETURN(auto stmt,
                        connection_->Prepare("DELETE FROM published WHERE variant_id = ?"));
  return stmt->Bind(1, variant_id).Run();
}

absl::StatusOr<std::optional<RequestRow>> SqliteTransaction::GetRequest(
    absl::string_view request_id) {
  return QueryOne<RequestRow>(
      *connection_,
      "SELECT request_id, method, fingerprint, create_micros, response, variant_id FROM requests"
      " WHERE request_id = ?",
      [&](Statement& s) { s.Bind(1, request_id); },
      +[](const Statement& s) {
        return RequestRow{s.Text(0), s.Text(1), s.Text(2), s.Int(3), s.Blob(4), s.Text(5)};
      });
}

absl::Status SqliteTransaction::InsertRequest(const RequestRow& row) {
  JISR_ASSIGN_OR_RETURN(
      auto stmt,
      connection_->Prepare(
          "INSERT INTO requests (request_id, method, fingerprint, create_micros, response,"
          " variant_id) VALUES (?, ?, ?, ?, ?, ?)"));
  return stmt->Bind(1, row.request_id)
      .Bind(2, row.method)
      .Bind(3, row.fingerprint)
      .Bind(4, row.create_micros)
      .BindBlob(5, row.response)
      .Bind(6, row.variant_id)
      .Run();
}

absl::Status SqliteTransaction::InsertSchedule(const ScheduleRow& row) {
  JISR_ASSIGN_OR_RETURN(
      auto stmt, connection_->Prepare(absl::StrCat("INSERT INTO schedules (", kScheduleColumns,
                                                   ") VALUES (?, ?, ?, ?, ?)")));
  return stmt->Bind(1, row.id)
      .Bind(2, row.due_micros)
      .Bind(3, int64_t{row.state})
      .Bind(4, JoinIds(row.variant_ids))
      .BindBlob(5, row.data)
      .Run();
}

absl::Status SqliteTransaction::UpdateSchedule(const ScheduleRow& row) {
  JISR_ASSIGN_OR_RETURN(auto stmt,
                        connection_->Prepare("UPDATE schedules SET due_micros = ?, state = ?, "
                                             "variant_ids = ?, data = ? WHERE id = ?"));
  JISR_RETURN_IF_ERROR(stmt->Bind(1, row.due_micros)
                           .Bind(2, int64_t{row.state})
                           .Bind(3, JoinIds(row.variant_ids))
                           .BindBlob(4, row.data)
                           .Bind(5, row.id)
                           .Run());
  return ExpectOneChange("schedule", row.id);
}

absl::StatusOr<std::optional<ScheduleRow>> SqliteTransaction::GetSchedule(absl::string_view id) {
  return QueryOne<ScheduleRow>(
      *connection_, absl::StrCat("SELECT ", kScheduleColumns, " FROM schedules WHERE id = ?"),
      [&](Statement& s) { s.Bind(1, id); }, &ReadSchedule);
}

absl::StatusOr<std::vector<ScheduleRow>> SqliteTransaction::ListSchedules(
    const ScheduleQuery& query) {
  std::string sql = absl::StrCat("SELECT ", kScheduleColumns, " FROM schedules WHERE 1");
  if (query.state != 0) absl::StrAppend(&sql, " AND state = ?");
  if (!query.variant_id.empty()) absl::StrAppend(&sql, " AND variant_ids LIKE ?");
  if (query.after) absl::StrAppend(&sql, " AND (due_micros, id) > (?, ?)");
  absl::StrAppend(&sql, " ORDER BY due_micros, id LIMIT ?");
  return QueryRows<ScheduleRow>(
      *connection_, sql,
      [&](Statement& s) {
        int i = 1;
        if (query.state != 0) s.Bind(i++, int64_t{query.state});
        if (!query.variant_id.empty()) s.Bind(i++, absl::StrCat("%|", query.variant_id, "|%"));
        if (query.after) {
          s.Bind(i++, query.after->first);
          s.Bind(i++, query.after->second);
        }
        s.Bind(i, int64_t{query.limit});
      },
      &ReadSchedule);
}

absl::StatusOr<std::vector<ScheduleRow>> SqliteTransaction::ClaimDueSchedules(int32_t pending_state,
                                                                              int64_t now_micros,
                                                                              int limit) {
  // The write transaction holds the only writer connection: nothing else can claim them.
  return QueryRows<ScheduleRow>(
      *connection_,
      absl::StrCat("SELECT ", kScheduleColumns,
                   " FROM schedules"
                   " WHERE state = ? AND due_micros <= ? ORDER BY due_micros, id LIMIT ?"),
      [&](Statement& s) {
        s.Bind(1, int64_t{pending_state}).Bind(2, now_micros).Bind(3, int64_t{limit});
      },
      &ReadSchedule);
}

absl::Status SqliteTransaction::AppendEvent(const EventRow& row) {
  if (!write_) return absl::FailedPreconditionError("AppendEvent in a read transaction");
  pending_events_.push_back(row);
  return absl::OkStatus();
}

absl::Status SqliteTransaction::Commit() {
  if (finished_) return absl::FailedPreconditionError("transaction already finished");
  // Writers are serialized, so AUTOINCREMENT order is commit order.
  for (const EventRow& e : pending_events_) {
    JISR_ASSIGN_OR_RETURN(
        auto stmt,
        connection_->Prepare(
            "INSERT INTO events (time_micros, story_id, variant_id, language, revision, kind, data)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)"));
    JISR_RETURN_IF_ERROR(stmt->Bind(1, e.time_micros)
                             .Bind(2, e.story_id)
                             .Bind(3, e.variant_id)
                             .Bind(4, e.language)
                             .Bind(5, e.revision)
                             .Bind(6, int64_t{e.kind})
                             .BindBlob(7, e.data)
                             .Run());
  }
  if (!write_) {
    JISR_RETURN_IF_ERROR(connection_->Exec("COMMIT"));  // on error the destructor rolls back
    finished_ = true;
    return absl::OkStatus();
  }
  // Events are inserted last, so the last rowid is the highest sequence this one appended.
  const int64_t last_event =
      pending_events_.empty() ? 0 : sqlite3_last_insert_rowid(connection_->db());
  finished_ = true;  // from here the group commit owns the outcome, whatever it is
  return storage_->group_commit_.Commit(last_event);
}

Statement& SqliteTransaction::BindVariant(Statement& s, const VariantRow& row) {
  return s.Bind(1, row.id)
      .Bind(2, row.story_id)
      .Bind(3, row.language)
      .Bind(4, row.slug)
      .Bind(5, int64_t{row.state})
      .Bind(6, row.section)
      .Bind(7, row.version)
      .Bind(8, row.modify_micros)
      .Bind(9, int64_t{row.deleted})
      .Bind(10, int64_t{row.translation_state})
      .Bind(11, row.stale_since_micros)
      .BindBlob(12, EncodeBlob(row.data))
      .BindBlob(13, row.headline_key);
}

absl::Status SqliteTransaction::ExpectOneChange(absl::string_view what, absl::string_view id) {
  if (sqlite3_changes(connection_->db()) != 1) {
    return absl::NotFoundError(absl::StrCat("no ", what, " with id ", id));
  }
  return absl::OkStatus();
}

}  // namespace jisr::storage::sqlite
