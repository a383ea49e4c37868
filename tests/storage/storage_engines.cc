#include "tests/storage/storage_engines.h"

#include <sqlite3.h>

#include <algorithm>
#include <functional>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "services/common/status_macros.h"
#include "services/storage/blob_codec.h"
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

// Runs `sql` on its own read-write connection to the file at `path`; returns the first value
// of the first row as text, or "" when there is none.
absl::StatusOr<std::string> ExecuteSqlite(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK ||
      sqlite3_busy_timeout(db, 5000) != SQLITE_OK ||
      sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    absl::Status error = absl::InternalError(absl::StrCat(sql, ": ", sqlite3_errmsg(db)));
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return error;
  }
  absl::StatusOr<std::string> value = std::string();
  int rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
    value = std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
  } else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    value = absl::InternalError(absl::StrCat(sql, ": ", sqlite3_errmsg(db)));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

using Execute = std::function<absl::StatusOr<std::string>(const std::string&)>;

// StoredBytes and StoreBytes for both engines: they differ only in how SQL spells bytes in hex.
class HexSqlDatabase : public TestDatabase {
 public:
  absl::StatusOr<std::string> StoredBytes(absl::string_view table, absl::string_view column,
                                          absl::string_view where) override {
    absl::StatusOr<std::string> hex =
        Executor()(absl::StrCat("SELECT ", HexOf(column), " FROM ", table, " WHERE ", where));
    if (!hex.ok()) return hex.status();
    return absl::HexStringToBytes(*hex);
  }
  absl::Status StoreBytes(absl::string_view table, absl::string_view column,
                          absl::string_view where, absl::string_view bytes) override {
    return Executor()(absl::StrCat("UPDATE ", table, " SET ", column, " = ", BytesLiteral(bytes),
                                   " WHERE ", where))
        .status();
  }

 protected:
  // Runs SQL on a connection of its own; the first value of the first row as text.
  virtual Execute Executor() = 0;
  virtual std::string HexOf(absl::string_view column) const = 0;
  virtual std::string BytesLiteral(absl::string_view bytes) const = 0;
};

// Adds to `holding` (sorted, no repeats) the tables whose encoded `data` (blob_codec.h), once
// decoded, holds `bytes`: compression hides text from a search of the raw bytes. `hex_of_all`
// is the SQL aggregate giving every row's `data` in hex, comma separated.
absl::Status AddDecodedHolders(const Execute& execute, absl::string_view hex_of_all,
                               absl::string_view bytes, std::vector<std::string>& holding) {
  for (const char* table : {"published", "revisions", "variants"}) {
    absl::StatusOr<std::string> all =
        execute(absl::StrCat("SELECT COALESCE(", hex_of_all, ", '') FROM ", table));
    if (!all.ok()) return all.status();
    for (absl::string_view hex : absl::StrSplit(*all, ',', absl::SkipEmpty())) {
      absl::StatusOr<std::string> data = storage::DecodeBlob(absl::HexStringToBytes(hex));
      if (data.ok() && absl::StrContains(*data, bytes)) holding.emplace_back(table);
    }
  }
  std::sort(holding.begin(), holding.end());
  holding.erase(std::unique(holding.begin(), holding.end()), holding.end());
  return absl::OkStatus();
}

class SqliteTestDatabase final : public HexSqlDatabase {
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
    JISR_RETURN_IF_ERROR(
        AddDecodedHolders(Executor(), "group_concat(hex(data), ',')", bytes, holding));
    return holding;
  }
  absl::StatusOr<std::string> ListVariantsPlan(const storage::VariantQuery& query) override {
    return SqliteListVariantsPlan(dir_.File("jisr.db"), query);
  }

 private:
  Execute Executor() override {
    return
        [path = dir_.File("jisr.db")](const std::string& sql) { return ExecuteSqlite(path, sql); };
  }
  std::string HexOf(absl::string_view column) const override {
    return absl::StrCat("hex(", column, ")");
  }
  std::string BytesLiteral(absl::string_view bytes) const override {
    return absl::StrCat("X'", absl::BytesToHexString(bytes), "'");
  }

  TempDir dir_;
};

class PostgresTestDatabase final : public HexSqlDatabase {
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
    std::vector<std::string> holding;
    if (!found->empty()) holding = absl::StrSplit(*found, ',');
    JISR_RETURN_IF_ERROR(
        AddDecodedHolders(Executor(), "string_agg(encode(data, 'hex'), ',')", bytes, holding));
    return holding;
  }
  absl::StatusOr<std::string> ListVariantsPlan(const storage::VariantQuery& query) override {
    return PostgresListVariantsPlan(schema_->url(), query);
  }

 private:
  Execute Executor() override {
    return [url = schema_->url()](const std::string& sql) { return ExecutePostgres(url, sql); };
  }
  std::string HexOf(absl::string_view column) const override {
    return absl::StrCat("encode(", column, ", 'hex')");
  }
  std::string BytesLiteral(absl::string_view bytes) const override {
    return absl::StrCat("decode('", absl::BytesToHexString(bytes), "', 'hex')");
  }

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
