// The PostgreSQL schema as numbered migrations, the same logical schema and version numbers as
// the SQLite engine's (services/storage/sqlite/schema.cc).
#ifndef JISR_SERVICES_STORAGE_POSTGRES_SCHEMA_H_
#define JISR_SERVICES_STORAGE_POSTGRES_SCHEMA_H_

#include "absl/status/statusor.h"
#include "services/storage/postgres/connection.h"

namespace jisr::storage::postgres {

// Applies every migration newer than the database's schema version, each in its own
// transaction, holding a PostgreSQL advisory lock throughout so that replicas starting together
// migrate exactly once (the others wait, then find nothing to do). Returns the version now
// applied. A database from a newer Jisr is refused (FAILED_PRECONDITION).
absl::StatusOr<int> Migrate(Connection& connection);

// Migrate, stopping at version `target`: for tests, a database as an older jisrd left it.
absl::StatusOr<int> MigrateTo(Connection& connection, int target);

// The newest schema version this build knows.
int LatestSchemaVersion();

}  // namespace jisr::storage::postgres

#endif  // JISR_SERVICES_STORAGE_POSTGRES_SCHEMA_H_
