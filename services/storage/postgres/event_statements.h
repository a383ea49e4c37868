// The statements that give a transaction's events their sequence numbers and write them, sent
// with COMMIT in one round trip (PostgresTransaction::Commit).
#ifndef JISR_SERVICES_STORAGE_POSTGRES_EVENT_STATEMENTS_H_
#define JISR_SERVICES_STORAGE_POSTGRES_EVENT_STATEMENTS_H_

#include <vector>

#include "absl/types/span.h"
#include "services/storage/postgres/connection.h"
#include "services/storage/storage.h"

namespace jisr::storage::postgres {

// At most this many events per statement, so that a connection prepares at most this many
// statement texts for them.
inline constexpr int kEventsPerStatement = 64;

// Statements appending `events` in order; each returns one row: the highest sequence it
// assigned. Each takes a run of sequences from the counter row in one UPDATE and inserts the
// events numbered from it, and notifies listeners (kEventChannel) once, at commit.
std::vector<Statement> AppendEventStatements(absl::Span<const EventRow> events);

}  // namespace jisr::storage::postgres

#endif  // JISR_SERVICES_STORAGE_POSTGRES_EVENT_STATEMENTS_H_
