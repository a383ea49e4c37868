#include "tests/storage/list_plans.h"

#include <sqlite3.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "services/storage/postgres/connection.h"
#include "services/storage/postgres/list_queries.h"
#include "services/storage/sqlite/list_queries.h"

namespace jisr::testing {

absl::StatusOr<std::string> SqliteListVariantsPlan(const std::string& path,
                                                   const storage::VariantQuery& query) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return absl::InternalError("cannot open the test database read-only");
  }
  const std::string sql =
      absl::StrCat("EXPLAIN QUERY PLAN ", storage::sqlite::ListVariantsSql(query));
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    const std::string error = absl::StrCat(sql, ": ", sqlite3_errmsg(db));
    sqlite3_close(db);
    return absl::InternalError(error);
  }
  std::string plan;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    absl::StrAppend(&plan, reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3)), "\n");
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return plan;
}

absl::StatusOr<std::string> PostgresListVariantsPlan(const std::string& url,
                                                     const storage::VariantQuery& query) {
  storage::postgres::ConnectionSettings settings;
  settings.url = url;
  settings.description = "the test server";
  absl::StatusOr<std::unique_ptr<storage::postgres::Connection>> connection =
      storage::postgres::Connection::Open(settings);
  if (!connection.ok()) return connection.status();
  for (const char* setting : {"SET enable_seqscan = off", "SET enable_bitmapscan = off",
                              "SET enable_sort = off", "SET enable_incremental_sort = off"}) {
    absl::Status set = (*connection)->Exec(setting).status();
    if (!set.ok()) return set;
  }
  const storage::postgres::SqlStatement statement =
      storage::postgres::ListVariantsStatement(query, "");
  absl::StatusOr<storage::postgres::Result> plan =
      (*connection)->Query(absl::StrCat("EXPLAIN (FORMAT JSON) ", statement.sql), statement.params);
  if (!plan.ok()) return plan.status();
  return plan->Bytes(0, 0);
}

}  // namespace jisr::testing
