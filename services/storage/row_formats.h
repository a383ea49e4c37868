// Schema migration 7 of both engines: it changes no table the release before it uses, but marks
// the database as one that may hold rows in forms that release cannot read (compact variant rows
// and revision snapshots, services/articles/stored_rows.h and revision_snapshots.h). A release
// that knows only 6 migrations then refuses to start on it, naming what to do, instead of
// answering DATA_LOSS for those rows.
#ifndef JISR_SERVICES_STORAGE_ROW_FORMATS_H_
#define JISR_SERVICES_STORAGE_ROW_FORMATS_H_

namespace jisr::storage {

// Plain SQL both SQLite and PostgreSQL run as it is. Never edit it: it is a released migration.
inline constexpr char kRowFormatsMigration[] = R"sql(
CREATE TABLE row_formats (name TEXT PRIMARY KEY, since_version INTEGER NOT NULL);
INSERT INTO row_formats (name, since_version) VALUES ('compact-variant-rows', 7);
INSERT INTO row_formats (name, since_version) VALUES ('compact-revision-snapshots', 7);
)sql";

// Schema migration 8 of both engines: compact variant rows now also hold the content but the
// blocks (a list's overview, read with no revision), in a form release 7 cannot read.
inline constexpr char kListSummaryRowsMigration[] = R"sql(
INSERT INTO row_formats (name, since_version) VALUES ('variant-rows-with-list-summary', 8);
)sql";

// Schema migration 9 of both engines: a published view may be stored as a delta against the data
// of the revision it shows (services/storage/published_chain.h), which base_revision names (0: the
// view is stored on its own, as every view before). Release 8 cannot read such a view.
inline constexpr char kPublishedAgainstRevisionsMigration[] = R"sql(
ALTER TABLE published ADD COLUMN base_revision BIGINT NOT NULL DEFAULT 0;
INSERT INTO row_formats (name, since_version) VALUES ('published-views-against-revisions', 9);
)sql";

}  // namespace jisr::storage

#endif  // JISR_SERVICES_STORAGE_ROW_FORMATS_H_
