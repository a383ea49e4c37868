// The SQLite schema as numbered migrations, applied in order at start.
#ifndef JISR_SERVICES_STORAGE_SQLITE_SCHEMA_H_
#define JISR_SERVICES_STORAGE_SQLITE_SCHEMA_H_

#include "absl/status/statusor.h"
#include "services/storage/sqlite/connection.h"

namespace jisr::storage::sqlite {

// Applies every migration newer than the file's schema version, each in its own transaction,
// and returns the version now applied. A file from a newer Jisr is refused (FAILED_PRECONDITION)
// rather than written with an older schema.
absl::StatusOr<int> Migrate(Connection& connection);

// Migrate, stopping at version `target`: for tests, a data file as an older jisrd left it.
absl::StatusOr<int> MigrateTo(Connection& connection, int target);

// The newest schema version this build knows.
int LatestSchemaVersion();

}  // namespace jisr::storage::sqlite

#endif  // JISR_SERVICES_STORAGE_SQLITE_SCHEMA_H_
