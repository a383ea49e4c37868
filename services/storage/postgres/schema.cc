#include "services/storage/postgres/schema.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/status_macros.h"
#include "services/storage/list_indexes.h"
#include "services/storage/row_formats.h"

namespace jisr::storage::postgres {
namespace {

// Any fixed 64-bit number works as long as every Jisr uses the same one: "jisr" in ASCII.
constexpr char kLockMigrations[] = "SELECT pg_advisory_lock(1785295730)";
constexpr char kUnlockMigrations[] = "SELECT pg_advisory_unlock(1785295730)";

// Never edit a released migration: add a new one. Every TEXT column is COLLATE "C" so that
// ordering and keyset pagination compare bytes, as SQLite does, whatever the database locale.
// Long because it is the schema itself: the SQL of every migration, one after another.
const std::vector<const char*>& Migrations() {  // NOLINT(readability-function-size)
  static const auto* migrations = new std::vector<const char*>{
      // 1: stories, variants, revisions, published views, request ids, the event outbox and
      // the counter that hands out event sequences in commit order.
      R"sql(
CREATE TABLE stories (
  id TEXT COLLATE "C" PRIMARY KEY,
  version BIGINT NOT NULL,
  modify_micros BIGINT NOT NULL,
  deleted BOOLEAN NOT NULL,
  data BYTEA NOT NULL
);
CREATE INDEX stories_by_modify ON stories (modify_micros DESC, id DESC);

CREATE TABLE variants (
  id TEXT COLLATE "C" PRIMARY KEY,
  story_id TEXT COLLATE "C" NOT NULL REFERENCES stories (id),
  language TEXT COLLATE "C" NOT NULL,
  slug TEXT COLLATE "C" NOT NULL,
  state INTEGER NOT NULL,
  section TEXT COLLATE "C" NOT NULL,
  version BIGINT NOT NULL,
  modify_micros BIGINT NOT NULL,
  deleted BOOLEAN NOT NULL,
  data BYTEA NOT NULL,
  UNIQUE (language, slug)
);
CREATE INDEX variants_by_story ON variants (story_id, id);
CREATE INDEX variants_by_modify ON variants (modify_micros DESC, id DESC);

CREATE TABLE revisions (
  variant_id TEXT COLLATE "C" NOT NULL REFERENCES variants (id),
  number BIGINT NOT NULL,
  create_micros BIGINT NOT NULL,
  data BYTEA NOT NULL,
  PRIMARY KEY (variant_id, number)
);

CREATE TABLE published (
  variant_id TEXT COLLATE "C" PRIMARY KEY REFERENCES variants (id),
  language TEXT COLLATE "C" NOT NULL,
  slug TEXT COLLATE "C" NOT NULL,
  version BIGINT NOT NULL,
  data BYTEA NOT NULL
);
CREATE UNIQUE INDEX published_by_slug ON published (language, slug);

CREATE TABLE requests (
  request_id TEXT COLLATE "C" PRIMARY KEY,
  method TEXT COLLATE "C" NOT NULL,
  fingerprint TEXT COLLATE "C" NOT NULL,
  create_micros BIGINT NOT NULL,
  response BYTEA NOT NULL
);
CREATE INDEX requests_by_time ON requests (create_micros);

CREATE TABLE events (
  sequence BIGINT PRIMARY KEY,
  time_micros BIGINT NOT NULL,
  story_id TEXT COLLATE "C" NOT NULL,
  variant_id TEXT COLLATE "C" NOT NULL,
  language TEXT COLLATE "C" NOT NULL,
  revision BIGINT NOT NULL,
  kind INTEGER NOT NULL,
  data BYTEA NOT NULL
);

CREATE TABLE event_counter (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last BIGINT NOT NULL
);
INSERT INTO event_counter (id, last) VALUES (1, 0);
)sql",
      // 2: translation staleness for the desks' lists, and scheduled publishing.
      R"sql(
ALTER TABLE variants ADD COLUMN translation_state INTEGER NOT NULL DEFAULT 0;
ALTER TABLE variants ADD COLUMN stale_since_micros BIGINT NOT NULL DEFAULT 0;
CREATE INDEX variants_by_staleness
  ON variants (language, translation_state, stale_since_micros, id);

CREATE TABLE schedules (
  id TEXT COLLATE "C" PRIMARY KEY,
  due_micros BIGINT NOT NULL,
  state INTEGER NOT NULL,
  variant_ids TEXT COLLATE "C" NOT NULL,
  data BYTEA NOT NULL
);
CREATE INDEX schedules_by_due ON schedules (state, due_micros, id);
)sql",
      // 3: headline collation keys, for lists in each language's alphabetical order.
      R"sql(
ALTER TABLE variants ADD COLUMN headline_key BYTEA NOT NULL DEFAULT ''::BYTEA;
CREATE INDEX variants_by_headline ON variants (language, headline_key, id);
)sql",
      // 4: an always-empty table: CheckWritable inserts a probe row into it and rolls it back.
      R"sql(
CREATE TABLE write_probes (
  data BYTEA NOT NULL
);
)sql",
      // 5: bounded data. Request records name the variant they are about (a purge deletes
      // them), and the change feed records how far it has been pruned.
      R"sql(
ALTER TABLE requests ADD COLUMN variant_id TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX requests_by_variant ON requests (variant_id);

CREATE TABLE event_retention (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  pruned_through BIGINT NOT NULL
);
INSERT INTO event_retention (id, pruned_through) VALUES (1, 0);
)sql",
      // 6: an index for every list's filters and order, the same on both engines.
      kListIndexesMigration,
      // 7: the database may hold rows in forms a release before this one cannot read.
      kRowFormatsMigration,
      // 8: compact variant rows hold what a list's overview shows (a newer row form).
      kListSummaryRowsMigration,
      // 9: a published view may be stored against the revision it shows (a newer row form).
      kPublishedAgainstRevisionsMigration,
      // 10: lists without a state merge the three states' ranges; six indexes fewer to write.
      kFewerListIndexesMigration,
  };
  return *migrations;
}

absl::StatusOr<int> AppliedVersion(Connection& connection) {
  JISR_ASSIGN_OR_RETURN(
      Result result,
      connection.Query("SELECT COALESCE(MAX(version), 0)::BIGINT FROM schema_migrations", {}));
  return static_cast<int>(result.Int(0, 0));
}

absl::Status Apply(Connection& connection, int version) {
  JISR_RETURN_IF_ERROR(connection.Exec("BEGIN").status());
  absl::Status status = connection.Exec(Migrations()[version - 1]).status();
  if (status.ok()) {
    status = connection
                 .Query("INSERT INTO schema_migrations (version, apply_micros) VALUES ($1, $2)",
                        Params().Int32(version).Int64(absl::ToUnixMicros(absl::Now())))
                 .status();
  }
  if (status.ok()) status = connection.Exec("COMMIT").status();
  if (!status.ok()) {
    connection.Exec("ROLLBACK").IgnoreError();
    return absl::Status(status.code(),
                        absl::StrCat("migration ", version, " failed: ", status.message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> MigrateLocked(Connection& connection, int target) {
  JISR_RETURN_IF_ERROR(connection
                           .Exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                 " version INTEGER PRIMARY KEY, apply_micros BIGINT NOT NULL)")
                           .status());
  JISR_ASSIGN_OR_RETURN(int current, AppliedVersion(connection));
  if (current > LatestSchemaVersion()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the database has schema version ", current, " but this jisrd knows only up to ",
        LatestSchemaVersion(), ": run a newer jisrd, or restore a backup made by this version"));
  }
  for (int version = current + 1; version <= target; ++version) {
    JISR_RETURN_IF_ERROR(Apply(connection, version));
  }
  return std::max(current, target);
}

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(Migrations().size()); }

absl::StatusOr<int> Migrate(Connection& connection) {
  return MigrateTo(connection, LatestSchemaVersion());
}

absl::StatusOr<int> MigrateTo(Connection& connection, int target) {
  // A session lock, held across the migrations' own transactions; the server releases it if
  // this connection dies half-way.
  JISR_RETURN_IF_ERROR(connection.Exec(kLockMigrations).status());
  absl::StatusOr<int> version = MigrateLocked(connection, target);
  connection.Exec(kUnlockMigrations).IgnoreError();
  return version;
}

}  // namespace jisr::storage::postgres
