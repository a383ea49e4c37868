// Storage on a PostgreSQL server, for deployments that run several jisrd replicas on one
// database. Same contract and same logical schema as the SQLite engine; what differs:
// - writers do not take turns for the whole database: a write transaction locks the rows it
//   reads (SELECT ... FOR UPDATE), so only writers touching the same rows wait for each other;
// - event sequences come from a counter row locked at the very end of the transaction, so they
//   follow commit order across connections and processes;
// - WaitForEvents also wakes on other processes' commits (LISTEN/NOTIFY on jisr_events);
// - the server can go away: calls then fail fast with UNAVAILABLE and succeed again by
//   themselves once it is back, with no reopening.
#ifndef JISR_SERVICES_STORAGE_POSTGRES_POSTGRES_STORAGE_H_
#define JISR_SERVICES_STORAGE_POSTGRES_POSTGRES_STORAGE_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "services/storage/postgres/connection_pool.h"
#include "services/storage/postgres/event_listener.h"
#include "services/storage/postgres/event_watermark.h"
#include "services/storage/storage.h"

namespace jisr::storage::postgres {

struct PostgresOptions {
  // A libpq connection URI, e.g. postgresql://jisr@127.0.0.1:5432/jisr?sslmode=disable. It may
  // hold a password (or leave it to ~/.pgpass or PGPASSWORD); Describe() and error messages
  // never repeat it.
  std::string url;
  // Connections at most, shared by transactions and single reads; each is a server backend, and
  // one more is kept for LISTEN.
  int pool_size = 8;
  // A connection attempt that takes longer fails with UNAVAILABLE.
  absl::Duration connect_timeout = absl::Seconds(5);
  // When all pool_size connections are busy, a call waits this long for one, then fails with
  // UNAVAILABLE.
  absl::Duration acquire_timeout = absl::Seconds(5);
  // The server cancels a statement that runs longer, lock waits included (DEADLINE_EXCEEDED);
  // a server that does not answer within this plus connect_timeout is taken for gone.
  absl::Duration statement_timeout = absl::Seconds(30);
  // After a failed connection attempt, calls fail at once for this long before the next try,
  // so an outage costs callers no waiting.
  absl::Duration reconnect_interval = absl::Milliseconds(500);
};

class PostgresStorage final : public Storage {
 public:
  // Connects, applies migrations (under an advisory lock, so replicas starting together migrate
  // once) and starts listening for other processes' commits. UNAVAILABLE when the server cannot
  // be reached, INVALID_ARGUMENT for a malformed URL or pool size.
  static absl::StatusOr<std::unique_ptr<PostgresStorage>> Open(const PostgresOptions& options);
  // Every transaction must have ended.
  ~PostgresStorage() override;

  absl::StatusOr<std::unique_ptr<Transaction>> BeginWrite() override;
  absl::StatusOr<std::unique_ptr<Transaction>> BeginRead() override;
  absl::StatusOr<std::optional<PublishedRow>> ReadPublished(absl::string_view variant_id) override;
  absl::StatusOr<std::optional<PublishedRow>> ReadPublishedBySlug(absl::string_view language,
                                                                  absl::string_view slug) override;
  absl::StatusOr<std::vector<EventRow>> ReadEvents(int64_t after, int limit) override;
  absl::StatusOr<int64_t> LastEventSequence() override;
  void WaitForEvents(int64_t after, absl::Duration timeout) override;
  absl::StatusOr<int64_t> DeleteRequestsBefore(int64_t micros, int limit) override;
  absl::StatusOr<int64_t> DeleteEventsBefore(int64_t micros, int limit) override;
  absl::StatusOr<int64_t> PrunedThrough() override;
  absl::StatusOr<TableRows> CountRows() override;
  absl::Status Ping() override;
  // Inserts a probe row and rolls it back: refused when the server takes no writes (a standby,
  // default_transaction_read_only). It cannot see a disk about to fill: PostgreSQL allocates
  // space as tables grow, which a rolled-back probe rarely makes them do.
  absl::Status CheckWritable() override;
  absl::StatusOr<int> SchemaVersion() override;
  // "postgresql://user@host:port/dbname", without the password.
  std::string Describe() const override;

  // Round trips to the server since Open, over every pooled connection (each statement, or
  // pipeline of statements, waited on; connecting counts one for the session setup): what
  // docs/performance.md's per-call figures count. The event listener's connection is not counted.
  int64_t round_trips() const { return round_trips_->load(std::memory_order_relaxed); }

 private:
  PostgresStorage(std::string description, std::unique_ptr<ConnectionPool> pool,
                  std::shared_ptr<std::atomic<int64_t>> round_trips)
      : description_(std::move(description)),
        pool_(std::move(pool)),
        round_trips_(std::move(round_trips)) {}

  // Runs one statement on its own (autocommit) on a pooled connection.
  absl::StatusOr<Result> QueryOnce(absl::string_view sql, const Params& params);
  // DeleteEventsBefore's statements, in the transaction open on `connection`.
  static absl::StatusOr<int64_t> PruneEvents(Connection& connection, int64_t micros, int limit);

  const std::string description_;
  std::unique_ptr<ConnectionPool> pool_;
  const std::shared_ptr<std::atomic<int64_t>> round_trips_;
  EventWatermark watermark_;
  std::unique_ptr<EventListener> listener_;  // declared after watermark_, which it advances
};

}  // namespace jisr::storage::postgres

#endif  // JISR_SERVICES_STORAGE_POSTGRES_POSTGRES_STORAGE_H_
