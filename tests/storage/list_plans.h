// What each engine's planner does with a variant list: the plan of the exact statement the
// storage runs, read with the engine's own EXPLAIN on a connection of its own.
#ifndef JISR_TESTS_STORAGE_LIST_PLANS_H_
#define JISR_TESTS_STORAGE_LIST_PLANS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/storage/storage.h"

namespace jisr::testing {

// EXPLAIN QUERY PLAN's detail lines, one a line ("SEARCH variants USING INDEX ...").
absl::StatusOr<std::string> SqliteListVariantsPlan(const std::string& path,
                                                   const storage::VariantQuery& query);

// EXPLAIN (FORMAT JSON), in a session where sequential scans, bitmap scans and sorts are
// disabled: a tiny table then still shows a Seq Scan or a Sort only when no index serves the
// statement.
absl::StatusOr<std::string> PostgresListVariantsPlan(const std::string& url,
                                                     const storage::VariantQuery& query);

}  // namespace jisr::testing

#endif  // JISR_TESTS_STORAGE_LIST_PLANS_H_
