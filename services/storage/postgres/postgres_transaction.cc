#include "services/storage/postgres/postgres_transaction.h"

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/storage/blob_codec.h"
#include "services/storage/list_indexes.h"
#include "services/storage/postgres/event_statements.h"
#include "services/storage/postgres/list_queries.h"
#include "services/storage/postgres/rows.h"

namespace jisr::storage::postgres {
namespace {

// The snapshot of a REPEATABLE READ transaction is taken by its first statement, not by BEGIN:
// the SELECT takes it now, so commits after BeginRead returns stay invisible.
constexpr char kBeginRead[] = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT 1";
// Sent with the write transaction's first statement, in its round trip: at READ COMMITTED each
// statement sees the commits before it anyway, so starting later changes nothing.
constexpr char kBeginWrite[] = "BEGIN ISOLATION LEVEL READ COMMITTED";

// In kVariantColumns order.
Params VariantParams(const VariantRow& row) {
  Params params;
  params.Text(row.id)
      .Text(row.story_id)
      .Text(row.language)
      .Text(row.slug)
      .Int32(row.state)
      .Text(row.section)
      .Int64(row.version)
      .Int64(row.modify_micros)
      .Bool(row.deleted)
      .Int32(row.translation_state)
      .Int64(row.stale_since_micros)
      .Bytes(EncodeBlob(row.data))
      .Bytes(row.headline_key);
  return params;
}

// The parameters of a story row, in column order: one list for insert and update alike.
Params StoryParams(const StoryRow& row) {
  Params params;
  params.Text(row.id).Int64(row.version).Int64(row.modify_micros).Bool(row.deleted).Bytes(row.data);
  return params;
}

Params ScheduleParams(const ScheduleRow& row) {
  Params params;
  params.Text(row.id)
      .Int64(row.due_micros)
      .Int32(row.state)
      .Text(JoinVariantIds(row.variant_ids))
      .Bytes(row.data);
  return params;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Transaction>> PostgresTransaction::Begin(ConnectionPool::Lease lease,
                                                                        Kind kind,
                                                                        EventWatermark* watermark) {
  if (kind == Kind::kRead) JISR_RETURN_IF_ERROR(lease->Exec(kBeginRead).status());
  return std::unique_ptr<Transaction>(new PostgresTransaction(std::move(lease), kind, watermark));
}

PostgresTransaction::~PostgresTransaction() {
  if (!lease_->broken() && lease_->InTransaction()) lease_->Exec("ROLLBACK").IgnoreError();
}

absl::StatusOr<Result> PostgresTransaction::Run(absl::string_view sql, const Params& params) {
  std::vector<Statement> statements;
  statements.push_back(Statement{std::string(sql), params});
  JISR_ASSIGN_OR_RETURN(std::vector<Result> results, RunAll(std::move(statements)));
  return std::move(results.back());
}

absl::StatusOr<std::vector<Result>> PostgresTransaction::RunAll(std::vector<Statement> statements) {
  if (!failed_.ok()) return failed_;
  if (committed_) return absl::FailedPreconditionError("the transaction was already committed");
  if (!begun_) statements.insert(statements.begin(), Statement{kBeginWrite, {}, false});
  const bool sends_begin = !begun_;
  begun_ = true;
  absl::StatusOr<std::vector<Result>> results = lease_->Pipeline(statements);
  if (!results.ok()) {
    failed_ = results.status();
    return failed_;
  }
  if (sends_begin) results->erase(results->begin());
  return results;
}

absl::Status PostgresTransaction::Insert(absl::string_view sql, const Params& params,
                                         absl::string_view what) {
  JISR_ASSIGN_OR_RETURN(Result result, Run(absl::StrCat(sql, " ON CONFLICT DO NOTHING"), params));
  if (result.AffectedRows() == 0) return absl::AlreadyExistsError(absl::StrCat(what, " exists"));
  return absl::OkStatus();
}

absl::Status PostgresTransaction::UpdateOne(absl::string_view sql, const Params& params,
                                            absl::string_view what, absl::string_view id) {
  JISR_ASSIGN_OR_RETURN(Result result, Run(sql, params));
  if (result.AffectedRows() != 1) {
    return absl::NotFoundError(absl::StrCat("no ", what, " with id ", id));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<StoryRow>> PostgresTransaction::GetStory(absl::string_view id) {
  if (std::optional<StoryRow> locked = locked_.Story(id); locked && failed_.ok() && !committed_) {
    return locked;
  }
  JISR_ASSIGN_OR_RETURN(Result r, Run(absl::StrCat("SELECT ", kStoryColumns,
                                                   " FROM stories WHERE id = $1", RowLock()),
                                      Params().Text(id)));
  JISR_ASSIGN_OR_RETURN(std::optional<StoryRow> row, FirstRow(r, &StoryAt));
  if (row.has_value() && kind_ == Kind::kWrite) locked_.Keep(*row);
  return row;
}

absl::StatusOr<std::vector<StoryRow>> PostgresTransaction::ListStories(const StoryQuery& query) {
  const SqlStatement list = ListStoriesStatement(query, RowLock());
  JISR_ASSIGN_OR_RETURN(Result r, Run(list.sql, list.params));
  return AllRows(r, &StoryAt);
}

absl::Status PostgresTransaction::InsertStory(const StoryRow& row) {
  JISR_RETURN_IF_ERROR(Insert(
      "INSERT INTO stories (id, version, modify_micros, deleted, data) VALUES ($1, $2, $3, $4, $5)",
      StoryParams(row), absl::StrCat("story ", row.id)));
  locked_.Keep(row);
  return absl::OkStatus();
}

absl::Status PostgresTransaction::UpdateStory(const StoryRow& row) {
  locked_.ForgetStory(row.id);
  JISR_RETURN_IF_ERROR(UpdateOne(
      "UPDATE stories SET version = $2, modify_micros = $3, deleted = $4, data = $5 WHERE id = $1",
      StoryParams(row), "story", row.id));
  locked_.Keep(row);
  return absl::OkStatus();
}

absl::StatusOr<std::optional<VariantRow>> PostgresTransaction::GetVariant(absl::string_view id) {
  if (std::optional<VariantRow> locked = locked_.Variant(id);
      locked && failed_.ok() && !committed_) {
    return locked;
  }
  JISR_ASSIGN_OR_RETURN(Result r, Run(absl::StrCat("SELECT ", kVariantColumns,
                                                   " FROM variants WHERE id = $1", RowLock()),
                                      Params().Text(id)));
  JISR_ASSIGN_OR_RETURN(std::optional<VariantRow> row, FirstRow(r, &VariantAt));
  if (row.has_value() && kind_ == Kind::kWrite) locked_.Keep(*row);
  return row;
}

absl::StatusOr<std::optional<VariantRow>> PostgresTransaction::FindVariantBySlug(
    absl::string_view language, absl::string_view slug) {
  JISR_ASSIGN_OR_RETURN(
      Result r, Run(absl::StrCat("SELECT ", kVariantColumns,
                                 " FROM variants WHERE language = $1 AND slug = $2", RowLock()),
                    Params().Text(language).Text(slug)));
  return FirstRow(r, &VariantAt);
}

absl::StatusOr<std::vector<VariantRow>> PostgresTransaction::ListStoryVariants(
    absl::string_view story_id) {
  JISR_ASSIGN_OR_RETURN(
      Result r, Run(absl::StrCat("SELECT ", kVariantColumns,
                                 " FROM variants WHERE story_id = $1 ORDER BY id", RowLock()),
                    Params().Text(story_id)));
  JISR_ASSIGN_OR_RETURN(std::vector<VariantRow> rows, AllRows(r, &VariantAt));
  if (kind_ == Kind::kWrite) {
    for (const VariantRow& row : rows) locked_.Keep(row);
  }
  return rows;
}

absl::StatusOr<std::vector<VariantRow>> PostgresTransaction::ListVariants(
    const VariantQuery& query) {
  const SqlStatement list = ListVariantsStatement(query, RowLock());
  JISR_ASSIGN_OR_RETURN(Result r, Run(list.sql, list.params));
  return AllRows(r, &VariantAt);
}

absl::Status PostgresTransaction::InsertVariant(const VariantRow& row) {
  JISR_RETURN_IF_ERROR(CheckVariantRowState(row));
  JISR_RETURN_IF_ERROR(
      Insert(absl::StrCat("INSERT INTO variants (", kVariantColumns,
                          ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"),
             VariantParams(row),
             absl::StrCat("variant ", row.id, " or the slug ", row.language, "/", row.slug)));
  locked_.Keep(row);
  return absl::OkStatus();
}

absl::Status PostgresTransaction::UpdateVariant(const VariantRow& row) {
  JISR_RETURN_IF_ERROR(CheckVariantRowState(row));
  // The NOT EXISTS turns a taken slug into "no row updated" instead of a unique violation that
  // would abort the transaction; a slug taken by a transaction still in flight is caught by the
  // unique index (ALREADY_EXISTS, transaction aborted) once that one commits.
  locked_.ForgetVariant(row.id);
  JISR_ASSIGN_OR_RETURN(
      Result r,
      Run("UPDATE variants SET story_id = $2, language = $3, slug = $4, state = $5, section = $6,"
          " version = $7, modify_micros = $8, deleted = $9, translation_state = $10,"
          " stale_since_micros = $11, data = $12, headline_key = $13 WHERE id = $1 AND NOT EXISTS ("
          "SELECT 1 FROM variants taken"
          " WHERE taken.language = $3 AND taken.slug = $4 AND taken.id <> $1)",
          VariantParams(row)));
  if (r.AffectedRows() == 1) {
    locked_.Keep(row);
    return absl::OkStatus();
  }
  JISR_ASSIGN_OR_RETURN(Result exists,
                        Run("SELECT 1 FROM variants WHERE id = $1", Params().Text(row.id)));
  if (exists.rows() == 0) return absl::NotFoundError(absl::StrCat("no variant with id ", row.id));
  return absl::AlreadyExistsError(
      absl::StrCat("the slug ", row.language, "/", row.slug, " belongs to another variant"));
}

absl::Status PostgresTransaction::InsertRevision(const RevisionRow& row) {
  JISR_ASSIGN_OR_RETURN(std::string data, EncodeRevisionData(row, StoredRevisions()));
  JISR_RETURN_IF_ERROR(Insert(
      "INSERT INTO revisions (variant_id, number, create_micros, data) VALUES ($1, $2, $3, $4)",
      Params().Text(row.variant_id).Int64(row.number).Int64(row.create_micros).Bytes(data),
      absl::StrCat("revision ", row.number, " of variant ", row.variant_id)));
  locked_.Keep(row);
  return absl::OkStatus();
}

absl::StatusOr<std::optional<RevisionRow>> PostgresTransaction::GetRevision(
    absl::string_view variant_id, int64_t number) {
  // Revisions do not change but for a purge (which forgets them): one read or written before
  // needs no round trip.
  if (std::optional<RevisionRow> known = locked_.Revision(variant_id, number);
      known && failed_.ok() && !committed_) {
    return known;
  }
  JISR_ASSIGN_OR_RETURN(
      Result r,
      Run(absl::StrCat("SELECT ", kRevisionColumns,
                       " FROM revisions WHERE variant_id = $1 AND number = $2", RowLock()),
          Params().Text(variant_id).Int64(number)));
  JISR_ASSIGN_OR_RETURN(std::vector<RevisionRow> rows, DecodeRevisions(r));
  if (rows.empty()) return std::optional<RevisionRow>();
  if (kind_ == Kind::kWrite) locked_.Keep(rows.front());
  return std::optional<RevisionRow>(std::move(rows.front()));
}

absl::StatusOr<std::vector<RevisionRow>> PostgresTransaction::ListRevisions(
    absl::string_view variant_id, int64_t before, int limit) {
  JISR_ASSIGN_OR_RETURN(
      Result r, Run(absl::StrCat("SELECT ", kRevisionColumns,
                                 " FROM revisions WHERE variant_id = $1 AND ($2 = 0 OR number < $2)"
                                 " ORDER BY number DESC LIMIT $3",
                                 RowLock()),
                    Params().Text(variant_id).Int64(before).Int64(limit)));
  return DecodeRevisions(r);
}

StoredRevisionRange PostgresTransaction::StoredRevisions() {
  return [this](absl::string_view variant_id, int64_t from,
                int64_t through) -> absl::StatusOr<std::vector<RevisionRow>> {
    JISR_ASSIGN_OR_RETURN(
        Result r, Run(absl::StrCat("SELECT ", kRevisionColumns,
                                   " FROM revisions WHERE variant_id = $1 AND number BETWEEN $2"
                                   " AND $3 ORDER BY number"),
                      Params().Text(variant_id).Int64(from).Int64(through)));
    return AllRows(r, &RevisionAt);
  };
}

absl::StatusOr<std::vector<RevisionRow>> PostgresTransaction::DecodeRevisions(const Result& r) {
  JISR_ASSIGN_OR_RETURN(std::vector<RevisionRow> rows, AllRows(r, &RevisionAt));
  JISR_RETURN_IF_ERROR(DecodeRevisionData(rows, StoredRevisions()));
  return rows;
}

absl::StatusOr<std::optional<RequestRow>> PostgresTransaction::GetRequest(
    absl::string_view request_id) {
  JISR_ASSIGN_OR_RETURN(
      Result r, Run(absl::StrCat("SELECT ", kRequestColumns, " FROM requests WHERE request_id = $1",
                                 RowLock()),
                    Params().Text(request_id)));
  return FirstRow(r, &RequestAt);
}

absl::Status PostgresTransaction::InsertRequest(const RequestRow& row) {
  return Insert(
      absl::StrCat("INSERT INTO requests (", kRequestColumns, ") VALUES ($1, $2, $3, $4, $5, $6)"),
      Params()
          .Text(row.request_id)
          .Text(row.method)
          .Text(row.fingerprint)
          .Int64(row.create_micros)
          .Bytes(row.response)
          .Text(row.variant_id),
      absl::StrCat("request ", row.request_id));
}

absl::Status PostgresTransaction::InsertSchedule(const ScheduleRow& row) {
  return Insert(
      absl::StrCat("INSERT INTO schedules (", kScheduleColumns, ") VALUES ($1, $2, $3, $4, $5)"),
      ScheduleParams(row), absl::StrCat("schedule ", row.id));
}

absl::Status PostgresTransaction::UpdateSchedule(const ScheduleRow& row) {
  return UpdateOne(
      "UPDATE schedules SET due_micros = $2, state = $3, variant_ids = $4, data = $5"
      " WHERE id = $1",
      ScheduleParams(row), "schedule", row.id);
}

absl::StatusOr<std::optional<ScheduleRow>> PostgresTransaction::GetSchedule(absl::string_view id) {
  JISR_ASSIGN_OR_RETURN(Result r, Run(absl::StrCat("SELECT ", kScheduleColumns,
                                                   " FROM schedules WHERE id = $1", RowLock()),
                                      Params().Text(id)));
  return FirstRow(r, &ScheduleAt);
}

absl::StatusOr<std::vector<ScheduleRow>> PostgresTransaction::ListSchedules(
    const ScheduleQuery& query) {
  const SqlStatement list = ListSchedulesStatement(query, RowLock());
  JISR_ASSIGN_OR_RETURN(Result r, Run(list.sql, list.params));
  return AllRows(r, &ScheduleAt);
}

absl::StatusOr<std::vector<ScheduleRow>> PostgresTransaction::ClaimDueSchedules(
    int32_t pending_state, int64_t now_micros, int limit) {
  // SKIP LOCKED: a schedule another replica is carrying out right now is left to it.
  JISR_ASSIGN_OR_RETURN(Result r,
                        Run(absl::StrCat("SELECT ", kScheduleColumns,
                                         " FROM schedules WHERE state = $1 AND due_micros <= $2"
                                         " ORDER BY due_micros, id LIMIT $3",
                                         kind_ == Kind::kWrite ? " FOR UPDATE SKIP LOCKED" : ""),
                            Params().Int32(pending_state).Int64(now_micros).Int64(limit)));
  return AllRows(r, &ScheduleAt);
}

absl::Status PostgresTransaction::AppendEvent(const EventRow& row) {
  if (kind_ != Kind::kWrite) {
    return absl::FailedPreconditionError("AppendEvent in a read transaction");
  }
  pending_events_.push_back(row);
  return absl::OkStatus();
}

absl::Status PostgresTransaction::Commit() {
  if (!failed_.ok()) return failed_;
  if (committed_) return absl::FailedPreconditionError("the transaction was already committed");
  if (!begun_ && pending_events_.empty()) {
    committed_ = true;  // nothing was sent, so there is nothing to commit
    return absl::OkStatus();
  }
  // The events (with their sequences) and COMMIT go in one round trip.
  std::vector<Statement> statements = AppendEventStatements(pending_events_);
  statements.push_back(Statement{"COMMIT", {}, false});
  absl::StatusOr<std::vector<Result>> done = RunAll(std::move(statements));
  if (!done.ok()) {
    if (absl::IsUnavailable(done.status())) {
      // The server may have committed before the connection failed; nobody can tell from here.
      return absl::UnavailableError(absl::StrCat(
          "the connection failed during COMMIT, so the transaction may or may not have been "
          "applied: read the data again before retrying (",
          done.status().message(), ")"));
    }
    return done.status();
  }
  if (done->back().CommandTag() != "COMMIT") {
    failed_ = absl::AbortedError("PostgreSQL rolled the transaction back at COMMIT: retry it");
    return failed_;
  }
  committed_ = true;
  const int64_t last_sequence = done->size() > 1 ? (*done)[done->size() - 2].Int(0, 0) : 0;
  if (last_sequence > 0) watermark_->Advance(last_sequence);
  return absl::OkStatus();
}

}  // namespace jisr::storage::postgres
