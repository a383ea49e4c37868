// One PostgreSQL transaction on a pooled connection, with the guarantees storage.h promises.
// Write transactions run at READ COMMITTED and lock every row they read (SELECT ... FOR UPDATE),
// so read-modify-write of a row serializes with other writers instead of failing; read
// transactions see one REPEATABLE READ snapshot taken at BeginRead.
#ifndef JISR_SERVICES_STORAGE_POSTGRES_POSTGRES_TRANSACTION_H_
#define JISR_SERVICES_STORAGE_POSTGRES_POSTGRES_TRANSACTION_H_

#include <memory>
#include <vector>

#include "services/storage/postgres/connection_pool.h"
#include "services/storage/postgres/event_watermark.h"
#include "services/storage/postgres/locked_rows.h"
#include "services/storage/published_chain.h"
#include "services/storage/revision_chain.h"
#include "services/storage/storage.h"

namespace jisr::storage::postgres {

class PostgresTransaction final : public Transaction {
 public:
  enum class Kind { kWrite, kRead };

  // Starts a transaction of `kind` on the leased connection. Commits that append events
  // advance `watermark`, which must outlive the transaction.
  static absl::StatusOr<std::unique_ptr<Transaction>> Begin(ConnectionPool::Lease lease, Kind kind,
                                                            EventWatermark* watermark);
  // Rolls back unless committed; the connection then returns to the pool.
  ~PostgresTransaction() override;

  absl::StatusOr<std::optional<StoryRow>> GetStory(absl::string_view id) override;
  absl::StatusOr<std::vector<StoryRow>> ListStories(const StoryQuery& query) override;
  absl::Status InsertStory(const StoryRow& row) override;
  absl::Status UpdateStory(const StoryRow& row) override;

  absl::StatusOr<std::optional<VariantRow>> GetVariant(absl::string_view id) override;
  absl::StatusOr<std::optional<VariantRow>> FindVariantBySlug(absl::string_view language,
                                                              absl::string_view slug) override;
  absl::StatusOr<std::vector<VariantRow>> ListStoryVariants(absl::string_view story_id) override;
  absl::StatusOr<std::vector<VariantRow>> ListVariants(const VariantQuery& query) override;
  absl::Status InsertVariant(const VariantRow& row) override;
  absl::Status UpdateVariant(const VariantRow& row) override;

  absl::Status InsertRevision(const RevisionRow& row) override;
  absl::StatusOr<std::optional<RevisionRow>> GetRevision(absl::string_view variant_id,
                                                         int64_t number) override;
  absl::StatusOr<std::vector<RevisionRow>> ListRevisions(absl::string_view variant_id,
                                                         int64_t before, int limit) override;
  absl::Status UpdateRevision(const RevisionRow& row) override;

  absl::StatusOr<std::optional<PublishedRow>> GetPublished(absl::string_view variant_id) override;
  absl::Status PutPublished(const PublishedRow& row) override;
  absl::Status DeletePublished(absl::string_view variant_id) override;

  absl::StatusOr<std::optional<RequestRow>> GetRequest(absl::string_view request_id) override;
  absl::Status InsertRequest(const RequestRow& row) override;
  absl::Status DeleteRequest(absl::string_view request_id) override;
  absl::StatusOr<int64_t> DeleteRequestsAbout(absl::string_view variant_id,
                                              absl::string_view mentioning) override;

  absl::Status InsertSchedule(const ScheduleRow& row) override;
  absl::Status UpdateSchedule(const ScheduleRow& row) override;
  absl::StatusOr<std::optional<ScheduleRow>> GetSchedule(absl::string_view id) override;
  absl::StatusOr<std::vector<ScheduleRow>> ListSchedules(const ScheduleQuery& query) override;
  absl::StatusOr<std::vector<ScheduleRow>> ClaimDueSchedules(int32_t pending_state,
                                                             int64_t now_micros,
                                                             int limit) override;

  absl::Status AppendEvent(const EventRow& row) override;
  absl::Status Commit() override;

 private:
  PostgresTransaction(ConnectionPool::Lease lease, Kind kind, EventWatermark* watermark)
      : lease_(std::move(lease)), kind_(kind), watermark_(watermark), begun_(kind == Kind::kRead) {}

  // Runs one statement of the transaction. PostgreSQL refuses every statement after a failed
  // one, so the first failure is kept and returned again (a conflict stays a conflict).
  absl::StatusOr<Result> Run(absl::string_view sql, const Params& params);
  // Runs `statements` in one round trip (Connection::Pipeline), preceded by the write
  // transaction's BEGIN when it has not been sent yet; returns their results.
  absl::StatusOr<std::vector<Result>> RunAll(std::vector<Statement> statements);
  // " FOR UPDATE" in a write transaction: rows read there are locked until it ends.
  const char* RowLock() const { return kind_ == Kind::kWrite ? " FOR UPDATE" : ""; }
  // Revisions as stored, for the revision chain (revision_chain.h).
  StoredRevisionRange StoredRevisions();
  // GetRevision as a function: what published views are stored against (published_chain.h).
  DecodedRevision RevisionsDecoded();
  // Decodes the revisions of `r`, read as stored.
  absl::StatusOr<std::vector<RevisionRow>> DecodeRevisions(const Result& r);
  // Inserts with ON CONFLICT DO NOTHING: a duplicate is ALREADY_EXISTS and, unlike an error,
  // leaves the transaction usable, as in SQLite.
  absl::Status Insert(absl::string_view sql, const Params& params, absl::string_view what);
  absl::Status UpdateOne(absl::string_view sql, const Params& params, absl::string_view what,
                         absl::string_view id);

  ConnectionPool::Lease lease_;
  const Kind kind_;
  EventWatermark* const watermark_;
  absl::Status failed_;
  // True once BEGIN was sent: a read transaction's at Begin, a write transaction's with its
  // first statement.
  bool begun_;
  bool committed_ = false;
  std::vector<EventRow> pending_events_;
  LockedRows locked_;  // write transactions only
};

}  // namespace jisr::storage::postgres

#endif  // JISR_SERVICES_STORAGE_POSTGRES_POSTGRES_TRANSACTION_H_
