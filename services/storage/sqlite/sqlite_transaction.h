// One SQLite transaction, with the guarantees storage.h promises. A write transaction holds the
// storage's only writer connection from BeginWrite until it ends, so writers are serialized; a
// read transaction reads one snapshot on a reader connection leased from the pool.
#ifndef JISR_SERVICES_STORAGE_SQLITE_SQLITE_TRANSACTION_H_
#define JISR_SERVICES_STORAGE_SQLITE_SQLITE_TRANSACTION_H_

#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "services/storage/revision_chain.h"
#include "services/storage/sqlite/connection.h"
#include "services/storage/sqlite/sqlite_storage.h"
#include "services/storage/storage.h"

namespace jisr::storage::sqlite {

class SqliteTransaction final : public Transaction {
 public:
  // A write transaction uses the writer connection, once Begin has waited for its turn.
  SqliteTransaction(SqliteStorage* storage, Connection* writer)
      : storage_(storage), connection_(writer), write_(true) {}
  // A read transaction uses a leased reader connection.
  SqliteTransaction(SqliteStorage* storage, std::unique_ptr<Connection> reader)
      : storage_(storage), reader_(std::in_place, storage, std::move(reader)), write_(false) {
    connection_ = &**reader_;
  }
  // Rolls back unless committed (or failed to begin); a write transaction then hands the writer
  // connection on.
  ~SqliteTransaction() override;

  absl::Status Begin();

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
  static Statement& BindVariant(Statement& s, const VariantRow& row);
  // Revisions as stored, for the revision chain (revision_chain.h).
  StoredRevisionRange StoredRevisions();
  // Decodes `rows` read as stored.
  absl::StatusOr<std::vector<RevisionRow>> DecodeRevisions(
      absl::StatusOr<std::vector<RevisionRow>> rows);
  absl::Status ExpectOneChange(absl::string_view what, absl::string_view id);

  SqliteStorage* storage_;
  std::optional<SqliteStorage::ReaderLease> reader_;
  Connection* connection_ = nullptr;
  const bool write_;
  bool begun_ = false;
  bool finished_ = false;
  std::vector<EventRow> pending_events_;
};

}  // namespace jisr::storage::sqlite

#endif  // JISR_SERVICES_STORAGE_SQLITE_SQLITE_TRANSACTION_H_
