#include "services/storage/sqlite/schema.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/storage/list_indexes.h"
#include "services/storage/row_formats.h"

namespace jisr::storage::sqlite {
namespace {

// Never edit a released migration: add a new one.
// Long because it is the schema itself: the SQL of every migration, one after another.
const std::vector<const char*>& Migrations() {  // NOLINT(readability-function-size)
  static const auto* migrations = new std::vector<const char*>{
      // 1: stories, variants, revisions, published views, request ids, the event outbox.
      R"sql(
CREATE TABLE stories (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  modify_micros INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX stories_by_modify ON stories (modify_micros DESC, id DESC);

CREATE TABLE variants (
  id TEXT PRIMARY KEY,
  story_id TEXT NOT NULL REFERENCES stories (id),
  language TEXT NOT NULL,
  slug TEXT NOT NULL,
  state INTEGER NOT NULL,
  section TEXT NOT NULL,
  version INTEGER NOT NULL,
  modify_micros INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  data BLOB NOT NULL,
  UNIQUE (language, slug)
);
CREATE INDEX variants_by_story ON variants (story_id, id);
CREATE INDEX variants_by_modify ON variants (modify_micros DESC, id DESC);

CREATE TABLE revisions (
  variant_id TEXT NOT NULL REFERENCES variants (id),
  number INTEGER NOT NULL,
  create_micros INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (variant_id, number)
);

CREATE TABLE published (
  variant_id TEXT PRIMARY KEY REFERENCES variants (id),
  language TEXT NOT NULL,
  slug TEXT NOT NULL,
  version INTEGER NOT NULL,
  data BLOB NOT NULL
);
CREATE UNIQUE INDEX published_by_slug ON published (language, slug);

CREATE TABLE requests (
  request_id TEXT PRIMARY KEY,
  method TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  create_micros INTEGER NOT NULL,
  response BLOB NOT NULL
);
CREATE INDEX requests_by_time ON requests (create_micros);

CREATE TABLE events (
  sequence INTEGER PRIMARY KEY AUTOINCREMENT,
  time_micros INTEGER NOT NULL,
  story_id TEXT NOT NULL,
  variant_id TEXT NOT NULL,
  language TEXT NOT NULL,
  revision INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  data BLOB NOT NULL
);
)sql",
      // 2: translation staleness for the desks' lists, and scheduled publishing.
      R"sql(
ALTER TABLE variants ADD COLUMN translation_state INTEGER NOT NULL DEFAULT 0;
ALTER TABLE variants ADD COLUMN stale_since_micros INTEGER NOT NULL DEFAULT 0;
CREATE INDEX variants_by_staleness
  ON variants (language, translation_state, stale_since_micros, id);

CREATE TABLE schedules (
  id TEXT PRIMARY KEY,
  due_micros INTEGER NOT NULL,
  state INTEGER NOT NULL,
  variant_ids TEXT NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX schedules_by_due ON schedules (state, due_micros, id);
)sql",
      // 3: headline collation keys, for lists in each language's alphabetical order.
      R"sql(
ALTER TABLE variants ADD COLUMN headline_key BLOB NOT NULL DEFAULT x'';
CREATE INDEX variants_by_headline ON variants (language, headline_key, id);
)sql",
      // 4: an always-empty table: CheckWritable inserts a probe row into it and rolls it back.
      R"sql(
CREATE TABLE write_probes (
  data BLOB NOT NULL
);
)sql",
      // 5: bounded data. Request records name the variant they are about (a purge deletes
      // them), and the change feed records how far it has been pruned.
      R"sql(
ALTER TABLE requests ADD COLUMN variant_id TEXT NOT NULL DEFAULT '';
CREATE INDEX requests_by_variant ON requests (variant_id);

CREATE TABLE event_retention (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  pruned_through INTEGER NOT NULL
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

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(Migrations().size()); }

absl::StatusOr<int> Migrate(Connection& connection) {
  return MigrateTo(connection, LatestSchemaVersion());
}

absl::StatusOr<int> MigrateTo(Connection& connection, int target) {
  absl::Status status = connection.Exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, apply_micros INTEGER NOT NULL)");
  if (!status.ok()) return status;
  int current = 0;
  {
    auto stmt = connection.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!stmt.ok()) return stmt.status();
    auto row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    current = static_cast<int>((*stmt)->Int(0));
  }
  if (current > LatestSchemaVersion()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the data file has schema version ", current, " but this jisrd knows only up to ",
        LatestSchemaVersion(), ": run a newer jisrd, or restore a backup made by this version"));
  }
  for (int version = current + 1; version <= target; ++version) {
    status = connection.Exec("BEGIN IMMEDIATE");
    if (!status.ok()) return status;
    status = connection.Exec(Migrations()[version - 1]);
    if (status.ok()) {
      auto stmt =
          connection.Prepare("INSERT INTO schema_migrations (version, apply_micros) VALUES (?, ?)");
      if (!stmt.ok()) {
        status = stmt.status();
      } else {
        status = (*stmt)->Bind(1, int64_t{version}).Bind(2, absl::ToUnixMicros(absl::Now())).Run();
      }
    }
    if (!status.ok()) {
      connection.Exec("ROLLBACK").IgnoreError();
      return absl::Status(status.code(),
                          absl::StrCat("migration ", version, " failed: ", status.message()));
    }
    status = connection.Exec("COMMIT");
    if (!status.ok()) return status;
  }
  return std::max(current, target);
}

}  // namespace jisr::storage::sqlite
