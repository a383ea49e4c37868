// The storage contract. The domain (services/articles) speaks only this interface; SQLite
// (services/storage/sqlite) and PostgreSQL (services/storage/postgres) implement it and pass one
// test suite (tests/storage).
//
// Rows are engine-neutral: a few indexed columns plus `data`, a serialized jisr.v1 message the
// domain owns. Storage never parses `data`.
//
// Guarantees every implementation gives:
// - A write transaction sees its own writes, and either commits whole or not at all.
// - Write transactions on the same rows are serialized: a row read in a write transaction cannot
//   change under it (SQLite: one writer at a time; PostgreSQL: rows read are locked).
// - Events appended in a transaction get sequence numbers at commit, in commit order, with no
//   gaps visible to readers that would later be filled (a reader that has seen N will never
//   later find a new event below N).
// - A transaction that cannot proceed because of a concurrent one (SQLITE_BUSY, a PostgreSQL
//   serialization failure or deadlock) fails with IsConflict(status) true; the caller may retry
//   the whole transaction.
// - Storage being unreachable gives UNAVAILABLE.
// - Storage with no room left (a full disk, SQLite's size cap, PostgreSQL's disk_full) gives
//   RESOURCE_EXHAUSTED with reason STORAGE_FULL (StorageFullError), and the write that met it
//   is rolled back whole.
#ifndef JISR_SERVICES_STORAGE_STORAGE_H_
#define JISR_SERVICES_STORAGE_STORAGE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace jisr::storage {

// A story: serialized jisr.v1.Story without its variant summaries.
struct StoryRow {
  std::string id;
  int64_t version = 0;        // increases on every change; the etag derives from it
  int64_t modify_micros = 0;  // Unix microseconds; lists are ordered by it, newest first
  bool deleted = false;
  std::string data;
};

// A variant: serialized jisr.v1.Variant holding its metadata and its latest content.
struct VariantRow {
  std::string id;
  std::string story_id;
  std::string language;
  std::string slug;   // unique per language among all variants, deleted ones included
  int32_t state = 0;  // jisr.v1.VariantState
  std::string section;
  int64_t version = 0;
  int64_t modify_micros = 0;
  bool deleted = false;
  int32_t translation_state = 0;   // jisr.v1.TranslationState
  int64_t stale_since_micros = 0;  // when it became stale; 0 unless stale
  std::string data;
  // The headline's ICU collation sort key for the variant's language: byte order is the
  // language's alphabetical order.
  std::string headline_key;
};

// An immutable revision: serialized jisr.v1.Revision with its snapshot.
struct RevisionRow {
  std::string variant_id;
  int64_t number = 0;  // (variant_id, number) is unique: a second insert is ALREADY_EXISTS
  int64_t create_micros = 0;
  std::string data;
};

// What readers see of a published variant: serialized jisr.v1.Variant, render-ready, with its
// published content and alternates. Kept current at write time so reads do no work.
struct PublishedRow {
  std::string variant_id;
  std::string language;
  std::string slug;
  int64_t version = 0;  // the variant's version when this view was built
  std::string data;
  // The revision the view shows: most of the view repeats that revision's content, so the
  // engines store the view against it (published_chain.h). 0: stored on its own. A read gives
  // the revision the stored view was written against.
  int64_t revision = 0;
};

// A completed mutating request, kept so that a retry with the same request_id returns the
// same response.
struct RequestRow {
  std::string request_id;
  std::string method;
  std::string fingerprint;  // identifies the request's content
  int64_t create_micros = 0;
  std::string response;  // the serialized response message
  // The variant the call was about, when the domain knows it ("" otherwise, and in records made
  // before schema version 5): a purge deletes the records of the variant it purges.
  std::string variant_id;
};

// One entry of the change feed (the outbox), written in the transaction it describes.
struct EventRow {
  int64_t sequence = 0;  // assigned at commit; ignored on append
  int64_t time_micros = 0;
  std::string story_id;
  std::string variant_id;
  std::string language;
  int64_t revision = 0;
  int32_t kind = 0;  // jisr.v1 event kind, owned by the domain
  std::string data;  // serialized event payload, owned by the domain
};

// Filters and the keyset cursor of a variant list, ordered by (modify_micros, id) descending;
// with stale_first by (stale_since_micros, id) ascending; with by_headline by
// (headline_key, id) ascending (after_key is then the cursor).
struct VariantQuery {
  std::string language;           // empty: any
  int32_t state = 0;              // 0: any
  std::string section;            // empty: any
  std::string story_id;           // empty: any
  int32_t translation_state = 0;  // 0: any
  bool include_deleted = false;
  bool stale_first = false;
  bool by_headline = false;
  int limit = 50;
  // When set, only rows strictly after this position in the order.
  std::optional<std::pair<int64_t, std::string>> after;
  std::optional<std::pair<std::string, std::string>> after_key;
};

// A scheduled publish or unpublish: serialized jisr.v1.Schedule.
struct ScheduleRow {
  std::string id;
  int64_t due_micros = 0;
  int32_t state = 0;  // jisr.v1.ScheduleState
  std::vector<std::string> variant_ids;
  std::string data;
};

// A schedule list, ordered by (due_micros, id) ascending.
struct ScheduleQuery {
  int32_t state = 0;       // 0: any
  std::string variant_id;  // empty: any
  int limit = 50;
  std::optional<std::pair<int64_t, std::string>> after;
};

// A story list, ordered by (modify_micros, id) descending.
struct StoryQuery {
  bool include_deleted = false;
  int limit = 50;
  std::optional<std::pair<int64_t, std::string>> after;
};

// True when `status` reports a conflict with a concurrent transaction (retry the transaction).
bool IsConflict(const absl::Status& status);
// A conflict status, for implementations.
absl::Status ConflictError(absl::string_view message);
// For implementations of DeleteEventsBefore: given the oldest events in sequence order (the
// newest event left out), the sequence of the last one of the leading run whose times are all
// before `micros`; none when the first is not.
std::optional<int64_t> LastExpiredEvent(const std::vector<EventRow>& oldest, int64_t micros);

// RESOURCE_EXHAUSTED with ErrorInfo reason STORAGE_FULL: storage has no room for the write.
// `message` says what to free or raise, and names no file, host or SQL.
absl::Status StorageFullError(absl::string_view message);
// True for a StorageFullError.
bool IsStorageFull(const absl::Status& status);

// One transaction. Destroying it without Commit() rolls it back.
class Transaction {
 public:
  virtual ~Transaction() = default;

  virtual absl::StatusOr<std::optional<StoryRow>> GetStory(absl::string_view id) = 0;
  virtual absl::StatusOr<std::vector<StoryRow>> ListStories(const StoryQuery& query) = 0;
  // ALREADY_EXISTS when the id is taken.
  virtual absl::Status InsertStory(const StoryRow& row) = 0;
  // NOT_FOUND when the row does not exist.
  virtual absl::Status UpdateStory(const StoryRow& row) = 0;

  virtual absl::StatusOr<std::optional<VariantRow>> GetVariant(absl::string_view id) = 0;
  virtual absl::StatusOr<std::optional<VariantRow>> FindVariantBySlug(absl::string_view language,
                                                                      absl::string_view slug) = 0;
  // Every variant of a story, deleted ones included, ordered by id.
  virtual absl::StatusOr<std::vector<VariantRow>> ListStoryVariants(absl::string_view story_id) = 0;
  virtual absl::StatusOr<std::vector<VariantRow>> ListVariants(const VariantQuery& query) = 0;
  // ALREADY_EXISTS when the id, or the (language, slug) pair, is taken.
  virtual absl::Status InsertVariant(const VariantRow& row) = 0;
  // NOT_FOUND when the row does not exist; ALREADY_EXISTS when the new slug is taken.
  virtual absl::Status UpdateVariant(const VariantRow& row) = 0;

  // ALREADY_EXISTS when (variant_id, number) exists.
  virtual absl::Status InsertRevision(const RevisionRow& row) = 0;
  virtual absl::StatusOr<std::optional<RevisionRow>> GetRevision(absl::string_view variant_id,
                                                                 int64_t number) = 0;
  // Revisions numbered below `before` (0: no bound), newest first, at most `limit`.
  virtual absl::StatusOr<std::vector<RevisionRow>> ListRevisions(absl::string_view variant_id,
                                                                 int64_t before, int limit) = 0;
  // Replaces a revision's create_micros and data. Revisions are immutable but for a purge, which
  // removes their content. NOT_FOUND when (variant_id, number) does not exist.
  virtual absl::Status UpdateRevision(const RevisionRow& row) = 0;

  virtual absl::StatusOr<std::optional<PublishedRow>> GetPublished(
      absl::string_view variant_id) = 0;
  // Inserts or replaces the view of row.variant_id.
  virtual absl::Status PutPublished(const PublishedRow& row) = 0;
  virtual absl::Status DeletePublished(absl::string_view variant_id) = 0;

  virtual absl::StatusOr<std::optional<RequestRow>> GetRequest(absl::string_view request_id) = 0;
  // ALREADY_EXISTS when the request_id is recorded.
  virtual absl::Status InsertRequest(const RequestRow& row) = 0;
  // Forgets a request record (one found past its retention); nothing when there is none.
  virtual absl::Status DeleteRequest(absl::string_view request_id) = 0;
  // Deletes the request records of `variant_id` (not empty), and, when `mentioning` is not
  // empty, every record whose response holds those bytes; returns how many. For a purge.
  virtual absl::StatusOr<int64_t> DeleteRequestsAbout(absl::string_view variant_id,
                                                      absl::string_view mentioning) = 0;

  // ALREADY_EXISTS when the id is taken.
  virtual absl::Status InsertSchedule(const ScheduleRow& row) = 0;
  // NOT_FOUND when the row does not exist.
  virtual absl::Status UpdateSchedule(const ScheduleRow& row) = 0;
  virtual absl::StatusOr<std::optional<ScheduleRow>> GetSchedule(absl::string_view id) = 0;
  virtual absl::StatusOr<std::vector<ScheduleRow>> ListSchedules(const ScheduleQuery& query) = 0;
  // Pending schedules (state `pending_state`) due at or before `now_micros`, soonest first, at
  // most `limit`, locked for this transaction. On PostgreSQL rows another transaction holds are
  // skipped (FOR UPDATE SKIP LOCKED), so replicas never carry out one schedule twice.
  virtual absl::StatusOr<std::vector<ScheduleRow>> ClaimDueSchedules(int32_t pending_state,
                                                                     int64_t now_micros,
                                                                     int limit) = 0;

  // Queues an event; it gets its sequence number when the transaction commits.
  virtual absl::Status AppendEvent(const EventRow& row) = 0;

  // Makes every write durable, or none. After a failed Commit nothing was written.
  virtual absl::Status Commit() = 0;
};

class Storage {
 public:
  virtual ~Storage() = default;

  // A transaction that writes. It serializes with other writers on the rows it reads.
  virtual absl::StatusOr<std::unique_ptr<Transaction>> BeginWrite() = 0;
  // A read-only transaction over a consistent snapshot.
  virtual absl::StatusOr<std::unique_ptr<Transaction>> BeginRead() = 0;

  // The published view of a variant, or of (language, slug), outside any transaction: the
  // renderer's read path.
  virtual absl::StatusOr<std::optional<PublishedRow>> ReadPublished(
      absl::string_view variant_id) = 0;
  virtual absl::StatusOr<std::optional<PublishedRow>> ReadPublishedBySlug(
      absl::string_view language, absl::string_view slug) = 0;

  // Events with sequence > after, in sequence order, at most `limit`.
  virtual absl::StatusOr<std::vector<EventRow>> ReadEvents(int64_t after, int limit) = 0;
  // The highest committed event sequence (0 when there is none).
  virtual absl::StatusOr<int64_t> LastEventSequence() = 0;
  // Blocks until events after `after` may have been committed, or `timeout` passes. Wakes on
  // commits of this process, and (PostgreSQL) of every other process sharing the database
  // (LISTEN/NOTIFY). Spurious wakeups are allowed: callers re-read with ReadEvents.
  virtual void WaitForEvents(int64_t after, absl::Duration timeout) = 0;

  // Deletes at most `limit` request records older than `micros`, oldest first, in a short
  // write transaction of its own; returns how many. Call it again until it returns less than
  // `limit`: small batches never hold the write lock long.
  virtual absl::StatusOr<int64_t> DeleteRequestsBefore(int64_t micros, int limit) = 0;
  // Deletes at most `limit` of the oldest events, in sequence order, as long as their time is
  // before `micros` (stopping at the first that is not), never the newest event, so the head
  // sequence survives; in a short write transaction of its own. Raises PrunedThrough() to the
  // last sequence deleted. Returns how many; call again until it returns less than `limit`.
  virtual absl::StatusOr<int64_t> DeleteEventsBefore(int64_t micros, int limit) = 0;
  // The highest event sequence DeleteEventsBefore has deleted (0 when none): every event up to
  // it is gone, every later one is kept.
  virtual absl::StatusOr<int64_t> PrunedThrough() = 0;

  // Rows of the tables retention bounds, counted now: costs time in proportion to them, so for
  // the pruner's rounds (which report them to the metrics), never per call.
  struct TableRows {
    int64_t requests = 0;
    int64_t events = 0;
  };
  virtual absl::StatusOr<TableRows> CountRows() = 0;

  // OK when the storage answers now (for health checks).
  virtual absl::Status Ping() = 0;
  // OK when a write could commit now (for health checks): a probe row is written in a write
  // transaction and rolled back, so nothing changes. StorageFullError when there is no room
  // (SQLite: less than 64 KiB left under the size cap or on the disk); the status of the
  // failure otherwise (UNAVAILABLE, or FAILED_PRECONDITION for a read-only PostgreSQL).
  virtual absl::Status CheckWritable() = 0;

  // The schema version applied.
  virtual absl::StatusOr<int> SchemaVersion() = 0;

  // A short description for logs: engine and location, without secrets.
  virtual std::string Describe() const = 0;

  // True when write transactions take turns (SQLite's one writer connection): work a write can
  // do before its transaction is then worth doing there, outside its turn. PostgreSQL's writers
  // run side by side, and an extra read would only add round trips.
  virtual bool WritersTakeTurns() const { return false; }
};

}  // namespace jisr::storage

#endif  // JISR_SERVICES_STORAGE_STORAGE_H_
