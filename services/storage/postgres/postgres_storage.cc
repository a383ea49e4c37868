#include "services/storage/postgres/postgres_storage.h"

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/storage/postgres/connection_url.h"
#include "services/storage/postgres/postgres_transaction.h"
#include "services/storage/postgres/rows.h"
#include "services/storage/postgres/schema.h"
#include "services/storage/published_chain.h"

namespace jisr::storage::postgres {

absl::StatusOr<std::unique_ptr<PostgresStorage>> PostgresStorage::Open(
    const PostgresOptions& options) {
  if (options.pool_size < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "PostgresOptions.pool_size is ", options.pool_size, ": give at least 1 connection"));
  }
  JISR_ASSIGN_OR_RETURN(std::string description, DescribeConnectionUrl(options.url));
  // The listener's connection is left out of the count: it waits for notifications, not for
  // answers to the storage's calls.
  ConnectionSettings settings{options.url, description, options.connect_timeout,
                              options.statement_timeout, nullptr};
  ConnectionSettings counted = settings;
  counted.round_trips = std::make_shared<std::atomic<int64_t>>(0);
  auto pool = std::make_unique<ConnectionPool>(ConnectionPoolOptions{
      counted, options.pool_size, options.acquire_timeout, options.reconnect_interval});
  {
    JISR_ASSIGN_OR_RETURN(ConnectionPool::Lease lease, pool->Acquire());
    JISR_RETURN_IF_ERROR(Migrate(*lease).status());
  }
  std::unique_ptr<PostgresStorage> storage(
      new PostgresStorage(description, std::move(pool), counted.round_trips));
  JISR_ASSIGN_OR_RETURN(int64_t last_event, storage->LastEventSequence());
  storage->watermark_.Advance(last_event);
  storage->listener_ =
      std::make_unique<EventListener>(settings, &storage->watermark_, options.reconnect_interval);
  return storage;
}

PostgresStorage::~PostgresStorage() = default;

absl::StatusOr<std::unique_ptr<Transaction>> PostgresStorage::BeginWrite() {
  JISR_ASSIGN_OR_RETURN(ConnectionPool::Lease lease, pool_->Acquire());
  return PostgresTransaction::Begin(std::move(lease), PostgresTransaction::Kind::kWrite,
                                    &watermark_);
}

absl::StatusOr<std::unique_ptr<Transaction>> PostgresStorage::BeginRead() {
  JISR_ASSIGN_OR_RETURN(ConnectionPool::Lease lease, pool_->Acquire());
  return PostgresTransaction::Begin(std::move(lease), PostgresTransaction::Kind::kRead,
                                    &watermark_);
}

absl::StatusOr<Result> PostgresStorage::QueryOnce(absl::string_view sql, const Params& params) {
  JISR_ASSIGN_OR_RETURN(ConnectionPool::Lease lease, pool_->Acquire());
  return lease->Query(sql, params);
}

absl::StatusOr<std::optional<PublishedRow>> PostgresStorage::ReadPublished(
    absl::string_view variant_id) {
  JISR_ASSIGN_OR_RETURN(Result r, QueryOnce(SelectPublishedWithRevisions("p.variant_id = $1"),
                                            Params().Text(variant_id)));
  JISR_ASSIGN_OR_RETURN(std::vector<StoredViewRow> rows, AllRows(r, &StoredViewRowAt));
  return DecodedView(std::move(rows));
}

absl::StatusOr<std::optional<PublishedRow>> PostgresStorage::ReadPublishedBySlug(
    absl::string_view language, absl::string_view slug) {
  JISR_ASSIGN_OR_RETURN(Result r,
                        QueryOnce(SelectPublishedWithRevisions("p.language = $1 AND p.slug = $2"),
                                  Params().Text(language).Text(slug)));
  JISR_ASSIGN_OR_RETURN(std::vector<StoredViewRow> rows, AllRows(r, &StoredViewRowAt));
  return DecodedView(std::move(rows));
}

absl::StatusOr<std::vector<EventRow>> PostgresStorage::ReadEvents(int64_t after, int limit) {
  JISR_ASSIGN_OR_RETURN(Result r,
                        QueryOnce(absl::StrCat("SELECT ", kEventColumns,
                                               " FROM events WHERE sequence > $1 ORDER BY sequence"
                                               " LIMIT $2"),
                                  Params().Int64(after).Int64(limit)));
  return AllRows(r, &EventAt);
}

absl::StatusOr<int64_t> PostgresStorage::LastEventSequence() {
  JISR_ASSIGN_OR_RETURN(Result r, QueryOnce("SELECT COALESCE(MAX(sequence), 0) FROM events", {}));
  return r.Int(0, 0);
}

void PostgresStorage::WaitForEvents(int64_t after, absl::Duration timeout) {
  watermark_.WaitAbove(after, timeout);
}

absl::StatusOr<int64_t> PostgresStorage::DeleteRequestsBefore(int64_t micros, int limit) {
  JISR_ASSIGN_OR_RETURN(
      Result r, QueryOnce("DELETE FROM requests WHERE request_id IN (SELECT request_id FROM"
                          " requests WHERE create_micros < $1 ORDER BY create_micros LIMIT $2)",
                          Params().Int64(micros).Int64(limit)));
  return r.AffectedRows();
}

absl::StatusOr<int64_t> PostgresStorage::DeleteEventsBefore(int64_t micros, int limit) {
  JISR_ASSIGN_OR_RETURN(ConnectionPool::Lease lease, pool_->Acquire());
  JISR_RETURN_IF_ERROR(lease->Exec("BEGIN ISOLATION LEVEL READ COMMITTED").status());
  absl::StatusOr<int64_t> deleted = PruneEvents(*lease, micros, limit);
  if (deleted.ok() && *deleted > 0) {
    absl::StatusOr<Result> done = lease->Exec("COMMIT");
    if (!done.ok()) return done.status();
    if (done->CommandTag() != "COMMIT") return absl::AbortedError("pruning events rolled back");
    return deleted;
  }
  if (!lease->broken() && lease->InTransaction()) lease->Exec("ROLLBACK").IgnoreError();
  return deleted;
}

absl::StatusOr<int64_t> PostgresStorage::PruneEvents(Connection& connection, int64_t micros,
                                                     int limit) {
  // The watermark's row lock makes replicas pruning at once take turns.
  JISR_RETURN_IF_ERROR(
      connection.Query("SELECT pruned_through FROM event_retention WHERE id = 1 FOR UPDATE", {})
          .status());
  JISR_ASSIGN_OR_RETURN(Result oldest,
                        connection.Query("SELECT sequence, time_micros FROM events"
                                         " WHERE sequence < (SELECT MAX(sequence) FROM events)"
                                         " ORDER BY sequence LIMIT $1",
                                         Params().Int64(limit)));
  std::vector<EventRow> rows(oldest.rows());
  for (int i = 0; i < oldest.rows(); ++i) {
    rows[i].sequence = oldest.Int(i, 0);
    rows[i].time_micros = oldest.Int(i, 1);
  }
  const std::optional<int64_t> through = LastExpiredEvent(rows, micros);
  if (!through.has_value()) return 0;
  JISR_ASSIGN_OR_RETURN(Result deleted, connection.Query("DELETE FROM events WHERE sequence <= $1",
                                                         Params().Int64(*through)));
  JISR_RETURN_IF_ERROR(connection
                           .Query("UPDATE event_retention SET pruned_through = $1 WHERE id = 1",
                                  Params().Int64(*through))
                           .status());
  return deleted.AffectedRows();
}

absl::StatusOr<int64_t> PostgresStorage::PrunedThrough() {
  JISR_ASSIGN_OR_RETURN(
      Result r, QueryOnce("SELECT COALESCE(MAX(pruned_through), 0) FROM event_retention", {}));
  return r.Int(0, 0);
}

absl::StatusOr<Storage::TableRows> PostgresStorage::CountRows() {
  JISR_ASSIGN_OR_RETURN(Result r, QueryOnce("SELECT (SELECT COUNT(*) FROM requests), "
                                            "(SELECT COUNT(*) FROM events)",
                                            {}));
  return TableRows{r.Int(0, 0), r.Int(0, 1)};
}

absl::Status PostgresStorage::Ping() {
  JISR_ASSIGN_OR_RETURN(ConnectionPool::Lease lease, pool_->Acquire());
  return lease->Exec("SELECT 1").status();
}

absl::Status PostgresStorage::CheckWritable() {
  JISR_ASSIGN_OR_RETURN(ConnectionPool::Lease lease, pool_->Acquire());
  absl::Status status =
      lease->Exec("BEGIN; INSERT INTO write_probes (data) VALUES ('\\x00'::BYTEA)").status();
  if (!lease->broken() && lease->InTransaction()) lease->Exec("ROLLBACK").IgnoreError();
  return status;
}

absl::StatusOr<int> PostgresStorage::SchemaVersion() {
  JISR_ASSIGN_OR_RETURN(
      Result r, QueryOnce("SELECT COALESCE(MAX(version), 0)::BIGINT FROM schema_migrations", {}));
  return static_cast<int>(r.Int(0, 0));
}

std::string PostgresStorage::Describe() const { return description_; }

}  // namespace jisr::storage::postgres
