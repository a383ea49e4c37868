// How PostgreSQL failures become statuses: one table, so every caller classifies them alike.
#ifndef JISR_SERVICES_STORAGE_POSTGRES_POSTGRES_ERRORS_H_
#define JISR_SERVICES_STORAGE_POSTGRES_POSTGRES_ERRORS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace jisr::storage::postgres {

// The status for a statement the server rejected with `sqlstate`:
// 40001 serialization_failure, 40P01 deadlock_detected -> ConflictError (retry the transaction);
// 23505 unique_violation -> ALREADY_EXISTS; other integrity violations (23xxx) ->
// FAILED_PRECONDITION, as SQLite reports them; connection exceptions (08xxx), shutdowns
// (57P01-57P03) and too_many_connections (53300) -> UNAVAILABLE; disk_full (53100) ->
// StorageFullError (RESOURCE_EXHAUSTED, without the server's text, which names its files);
// other insufficient_resources (53xxx: out of memory, a configured limit) -> RESOURCE_EXHAUSTED;
// 57014 (statement_timeout) -> DEADLINE_EXCEEDED; 25006 (a write in a read-only transaction) ->
// FAILED_PRECONDITION; anything else -> INTERNAL. `message` is the server's text, kept in the
// status except for disk_full.
absl::Status StatusFromSqlState(absl::string_view sqlstate, absl::string_view message);

// UNAVAILABLE for a connection that failed without a server answer (refused, reset, timed out).
absl::Status ConnectionLostError(absl::string_view message);

}  // namespace jisr::storage::postgres

#endif  // JISR_SERVICES_STORAGE_POSTGRES_POSTGRES_ERRORS_H_
