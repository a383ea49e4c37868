// The keyset-paged list statements, built from a query's filters, so that the transaction only
// runs them: which filters apply, in which order the rows come, and after which row a page
// starts.
#ifndef JISR_SERVICES_STORAGE_POSTGRES_LIST_QUERIES_H_
#define JISR_SERVICES_STORAGE_POSTGRES_LIST_QUERIES_H_

#include <string>

#include "absl/strings/string_view.h"
#include "services/storage/postgres/connection.h"
#include "services/storage/storage.h"

namespace jisr::storage::postgres {

// A statement and the parameters of its $n placeholders.
struct SqlStatement {
  std::string sql;
  Params params;
};

// `row_lock` ends each statement: " FOR UPDATE" locks the rows listed in a write transaction.
SqlStatement ListStoriesStatement(const StoryQuery& query, absl::string_view row_lock);
SqlStatement ListVariantsStatement(const VariantQuery& query, absl::string_view row_lock);
SqlStatement ListSchedulesStatement(const ScheduleQuery& query, absl::string_view row_lock);

}  // namespace jisr::storage::postgres

#endif  // JISR_SERVICES_STORAGE_POSTGRES_LIST_QUERIES_H_
