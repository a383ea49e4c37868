#include "tests/storage/storage_engines.h"

#include <sqlite3.h>

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "services/storage/postgres/postgres_storage.h"
#include "services/storage/sqlite/sqlite_storage.h"
#include "tests/storage/list_plans.h"
#include "tests/storage/postgres_test_database.h"
#include "tests/testing/temp_dir.h"

namespace jisr::testing {
namespace {

// Whether a row of `table` holds `bytes` in any column, on a connection of its own.
absl::StatusOr<bool> SqliteTableHolds(sqlite3* db, const std::string& table,
                                      absl::string_view bytes) {
  sqlite3_stmt* stmt = nullptr;
  const std::string sql = absl::StrCat("SELECT * FROM \"", table, "\"");
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    return absl::InternalError(absl::StrCat(sql, ": ", sqlite3_errmsg(db)));
  }
  bool found = false;
  while (!found && sqlite3_step(stmt) == SQLITE_ROW) {
    for (int column = 0; column < sqlite3_column_count(stmt); ++column) {
      const void* data = sqlite3_column_blob(stmt, column);
      const absl::string_view value(static_cast<const char*>(data),
                                    data == nullptr ? 0 : sqlite3_column_bytes(stmt, column));
      if (absl::StrContains(value, bytes)) found = true;
    }
  }
  sqlite3_finalize(stmt);
  return found;
}

class SqliteTestDatabase final : public TestDatabase {
 public:
  absl::StatusOr<std::unique_ptr<storage::Storage>> Open() override {
    storage::sqlite::SqliteOptions options;
    options.path = dir_.File("jisr.db");
    auto opened = storage::sqlite::SqliteStorage::Open(options);
    if (!opened.ok()) return opened.status();
    return std::unique_ptr<storage::Storage>(std::move(*opened));
  }
  bool ConcurrentWriters() const override { return false; }
  absl::StatusOr<std::vector<std::string>> TablesHolding(absl::string_view bytes) override {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(dir_.File("jisr.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) !=
        SQLITE_OK) {
      sqlite3_close(db);
      return absl::InternalError("cannot open the test database read-only");
    }
    std::vector<std::string> tables;
    sqlite3_stmt* list = nullptr;
    sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", -1,
                       &list, nullptr);
    while (list != nullptr && sqlite3_step(list) == SQLITE_ROW) {
      tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(list, 0)));
    }
    sqlite3_finalize(list);
    std::vector<std::string> holding;
    for (const std::string& table : tables) {
      absl::StatusOr<bool> holds = SqliteTableHolds(db, table, bytes);
      if (!holds.ok()) {
        sqlite3_close(db);
        return holds.status();
      }
      if (*holds) holding.push_back(table);
    }
    sqlite3_close(db);
    return holding;
  }
  absl::StatusOr<std::string> ListVariantsPlan(const storage::VariantQuery& query) override {
    return SqliteListVariantsPlan(dir_.File("jisr.db"), query);
  }

 private:
  TempDir dir_;
};

class PostgresTestDatabase final : public TestDatabase {
 public:
  explicit PostgresTestDatabase(std::unique_ptr<PostgresTestSchema> schema)
      : schema_(std::move(schema)) {}

  absl::StatusOr<std::unique_ptr<storage::Storage>> Open() override {
    storage::postgres::PostgresOptions options;
    options.url = schema_->url();
    options.pool_size = 8;
    options.connect_timeout = absl::Seconds(2);
    options.reconnect_interval = absl::Milliseconds(200);
    auto opened = storage::postgres::PostgresStorage::Open(options);
    if (!opened.ok()) return opened.status();
    return std::unique_ptr<storage::Storage>(std::move(*opened));
  }
  bool ConcurrentWriters() const override { return true; }
  // Each row as text: TEXT columns as they are, BYTEA ones in hex, so `bytes` is looked for
  // both ways.
  absl::StatusOr<std::vector<std::string>> TablesHolding(absl::string_view bytes) override {
    auto quoted = [](absl::string_view text) {
      return absl::StrCat("'", absl::StrReplaceAll(text, {{"'", "''"}}), "'");
    };
    static constexpr char kProbe[] =
        "SELECT 1 AS hit FROM %I t WHERE strpos(t::text, %L) > 0 OR strpos(t::text, %L) > 0 "
        "LIMIT 1";
    absl::StatusOr<std::string> found = ExecutePostgres(
        schema_->url(),
        absl::StrCat("SELECT COALESCE(string_agg(table_name::text, ',' ORDER BY table_name), '')"
                     " FROM information_schema.tables WHERE table_schema = current_schema()"
                     " AND table_type = 'BASE TABLE' AND query_to_xml(format(",
                     quoted(kProbe), ", table_name, ", quoted(bytes), ", ",
                     quoted(absl::BytesToHexString(bytes)),
                     "), false, true, '')::text LIKE '%<hit>%'"));
    if (!found.ok()) return found.status();
    if (found->empty()) return std::vector<std::string>();
    return std::vector<std::string>(absl::StrSplit(*found, ','));
  }
  absl::StatusOr<std::string> ListVariantsPlan(const storage::VariantQuery& query) override {
    return PostgresListVariantsPlan(schema_->url(), query);
  }

 private:
  std::unique_ptr<PostgresTestSchema> schema_;
};

}  // namespace

std::vector<std::string> StorageEngineNames() { return {"sqlite", "postgres"}; }

absl::StatusOr<std::unique_ptr<TestDatabase>> NewTestDatabase(absl::string_view engine) {
  if (engine == "sqlite") return std::unique_ptr<TestDatabase>(new SqliteTestDatabase());
  if (engine == "postgres") {
    absl::StatusOr<std::string> server = TestPostgresUrl();
    if (!server.ok()) return server.status();
    return NewPostgresTestDatabase(*server);
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown storage engine ", engine));
}

absl::StatusOr<std::unique_ptr<TestDatabase>> NewPostgresTestDatabase(
    absl::string_view server_url) {
  auto schema = PostgresTestSchema::Create(server_url, "jisr_test");
  if (!schema.ok()) return schema.status();
  return std::unique_ptr<TestDatabase>(new PostgresTestDatabase(std::move(*schema)));
}

}  // namespace jisr::testing
