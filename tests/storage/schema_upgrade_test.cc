// A database of schema version 5 full of data, opened by the current code: migration 6 (the
// list indexes, list_indexes.h) is applied, and every row reads back as it was, every list in
// the same order. On each engine.
//
// The version-5 database is made with the engine's own migrations stopped at 5 (MigrateTo);
// its rows are those the storage wrote into a database of the current version, copied in table
// by table with SQL. Migration 6 adds indexes only, so the tables of both versions are alike.
#include <sqlite3.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "services/common/status_macros.h"
#include "services/storage/postgres/postgres_storage.h"
#include "services/storage/postgres/schema.h"
#include "services/storage/sqlite/schema.h"
#include "services/storage/sqlite/sqlite_storage.h"
#include "tests/storage/postgres_test_database.h"
#include "tests/storage/schema_upgrade_rows.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace jisr::storage {
namespace {

constexpr int kOldVersion = 5;

// A database of the current version to fill, and a version-5 one to copy its rows into.
class UpgradeDatabases {
 public:
  virtual ~UpgradeDatabases() = default;
  virtual absl::StatusOr<std::unique_ptr<Storage>> OpenSource() = 0;
  // Migrates the target to version 5 only and copies the source's rows into it.
  virtual absl::Status MakeOldTarget() = 0;
  // The first value `sql` returns from the target, as text.
  virtual absl::StatusOr<std::string> QueryTarget(const std::string& sql) = 0;
  virtual absl::StatusOr<std::unique_ptr<Storage>> OpenTarget() = 0;
};

// Runs `sql` on `db` and returns the first value of its first row as text ("" when none).
absl::StatusOr<std::string> SqliteValue(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    return absl::InternalError(absl::StrCat(sqlite3_errmsg(db), " in: ", sql));
  }
  std::string value;
  int rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
    value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    return absl::InternalError(absl::StrCat(sqlite3_errmsg(db), " in: ", sql));
  }
  return value;
}

class SqliteUpgradeDatabases final : public UpgradeDatabases {
 public:
  absl::StatusOr<std::unique_ptr<Storage>> OpenSource() override { return Open(Source()); }
  absl::StatusOr<std::unique_ptr<Storage>> OpenTarget() override { return Open(Target()); }

  absl::Status MakeOldTarget() override {
    {
      JISR_ASSIGN_OR_RETURN(auto connection, sqlite::Connection::Open(Target()));
      JISR_ASSIGN_OR_RETURN(int version, sqlite::MigrateTo(*connection, kOldVersion));
      if (version != kOldVersion) return absl::InternalError("not migrated to version 5");
    }
    JISR_ASSIGN_OR_RETURN(std::string tables,
                          QueryTarget("SELECT group_concat(name) FROM sqlite_master WHERE type ="
                                      " 'table' AND name NOT LIKE 'sqlite_%' AND name <>"
                                      " 'schema_migrations'"));
    // The old schema's columns of each table: later migrations added columns to some.
    std::string copy = absl::StrCat("ATTACH DATABASE '", Source(), "' AS source;");
    for (absl::string_view table : absl::StrSplit(tables, ',', absl::SkipEmpty())) {
      JISR_ASSIGN_OR_RETURN(std::string columns,
                            QueryTarget(absl::StrCat("SELECT group_concat(name) FROM"
                                                     " pragma_table_info('",
                                                     table, "')")));
      absl::StrAppend(&copy, "DELETE FROM main.", table, "; INSERT INTO main.", table, " (",
                      columns, ") SELECT ", columns, " FROM source.", table, ";");
    }
    return WithTarget([&](sqlite3* db) -> absl::StatusOr<std::string> {
             char* error = nullptr;
             if (sqlite3_exec(db, copy.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
               std::string message = error != nullptr ? error : "copy failed";
               sqlite3_free(error);
               return absl::InternalError(message);
             }
             return std::string();
           })
        .status();
  }

  absl::StatusOr<std::string> QueryTarget(const std::string& sql) override {
    return WithTarget([&](sqlite3* db) { return SqliteValue(db, sql); });
  }

 private:
  std::string Source() const { return dir_.File("current.db"); }
  std::string Target() const { return dir_.File("version5.db"); }

  static absl::StatusOr<std::unique_ptr<Storage>> Open(const std::string& path) {
    sqlite::SqliteOptions options;
    options.path = path;
    JISR_ASSIGN_OR_RETURN(auto storage, sqlite::SqliteStorage::Open(options));
    return std::unique_ptr<Storage>(std::move(storage));
  }

  template <typename Call>
  absl::StatusOr<std::string> WithTarget(Call call) {
    sqlite3* db = nullptr;
    if (sqlite3_open(Target().c_str(), &db) != SQLITE_OK) {
      sqlite3_close(db);
      return absl::InternalError("cannot open the version-5 database");
    }
    absl::StatusOr<std::string> result = call(db);
    sqlite3_close(db);
    return result;
  }

  testing::TempDir dir_;
};

class PostgresUpgradeDatabases final : public UpgradeDatabases {
 public:
  static absl::StatusOr<std::unique_ptr<UpgradeDatabases>> Create() {
    JISR_ASSIGN_OR_RETURN(std::string server, testing::TestPostgresUrl());
    auto databases = std::make_unique<PostgresUpgradeDatabases>();
    JISR_ASSIGN_OR_RETURN(databases->source_,
                          testing::PostgresTestSchema::Create(server, "jisr_current"));
    JISR_ASSIGN_OR_RETURN(databases->target_,
                          testing::PostgresTestSchema::Create(server, "jisr_version5"));
    return std::unique_ptr<UpgradeDatabases>(std::move(databases));
  }

  absl::StatusOr<std::unique_ptr<Storage>> OpenSource() override { return Open(source_->url()); }
  absl::StatusOr<std::unique_ptr<Storage>> OpenTarget() override { return Open(target_->url()); }

  absl::Status MakeOldTarget() override {
    {
      postgres::ConnectionSettings settings;
      settings.url = target_->url();
      settings.description = "the version-5 schema";
      JISR_ASSIGN_OR_RETURN(auto connection, postgres::Connection::Open(settings));
      JISR_ASSIGN_OR_RETURN(int version, postgres::MigrateTo(*connection, kOldVersion));
      if (version != kOldVersion) return absl::InternalError("not migrated to version 5");
    }
    JISR_ASSIGN_OR_RETURN(
        std::string tables,
        QueryTarget(absl::StrCat("SELECT string_agg(table_name, ',') FROM information_schema.tables"
                                 " WHERE table_schema = '",
                                 target_->name(), "' AND table_name <> 'schema_migrations'")));
    // Rows others refer to (foreign keys) first; the catalogue lists tables in no set order.
    std::vector<std::string> ordered = absl::StrSplit(tables, ',', absl::SkipEmpty());
    auto rank = [](const std::string& table) {
      return table == "stories" ? 0 : table == "variants" ? 1 : 2;
    };
    std::stable_sort(ordered.begin(), ordered.end(),
                     [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
    // The old schema's columns of each table: later migrations added columns to some.
    std::string copy;
    for (const std::string& table : ordered) {
      JISR_ASSIGN_OR_RETURN(
          std::string columns,
          QueryTarget(absl::StrCat("SELECT string_agg(column_name, ',' ORDER BY ordinal_position)"
                                   " FROM information_schema.columns WHERE table_schema = '",
                                   target_->name(), "' AND table_name = '", table, "'")));
      absl::StrAppend(&copy, "DELETE FROM ", table, "; INSERT INTO ", table, " (", columns,
                      ") SELECT ", columns, " FROM ", source_->name(), ".", table, ";");
    }
    return testing::ExecutePostgres(target_->url(), copy).status();
  }

  absl::StatusOr<std::string> QueryTarget(const std::string& sql) override {
    return testing::ExecutePostgres(target_->url(), sql);
  }

 private:
  static absl::StatusOr<std::unique_ptr<Storage>> Open(const std::string& url) {
    postgres::PostgresOptions options;
    options.url = url;
    JISR_ASSIGN_OR_RETURN(auto storage, postgres::PostgresStorage::Open(options));
    return std::unique_ptr<Storage>(std::move(storage));
  }

  std::unique_ptr<testing::PostgresTestSchema> source_;
  std::unique_ptr<testing::PostgresTestSchema> target_;
};

class SchemaUpgradeTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      databases_ = std::make_unique<SqliteUpgradeDatabases>();
    } else {
      JISR_ASSERT_OK_AND_ASSIGN(databases_, PostgresUpgradeDatabases::Create());
    }
  }
  // The first value `sql` returns from the target database; the error's text when it fails.
  std::string TargetValue(const std::string& sql) {
    absl::StatusOr<std::string> value = databases_->QueryTarget(sql);
    return value.ok() ? *value : value.status().ToString();
  }
  std::unique_ptr<UpgradeDatabases> databases_;
};

TEST_P(SchemaUpgradeTest, AVersion5DatabaseFullOfDataMigratesWithEveryRowIntact) {
  std::vector<std::string> before;
  {
    JISR_ASSERT_OK_AND_ASSIGN(auto source, databases_->OpenSource());
    JISR_ASSERT_OK(testing::FillForUpgrade(*source));
    JISR_ASSERT_OK_AND_ASSIGN(before, testing::EverythingStored(*source));
  }
  ASSERT_GT(before.size(), 100u);  // rows of every table, and lists over them
  JISR_ASSERT_OK(databases_->MakeOldTarget());
  EXPECT_EQ(TargetValue("SELECT MAX(version) FROM schema_migrations"), std::to_string(kOldVersion));
  const std::string count_list_indexes =
      GetParam() == "sqlite"
          ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = "
            "'variants_by_language_section_state'"
          : "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname = "
            "'variants_by_language_section_state'";
  EXPECT_EQ(TargetValue(count_list_indexes), "0");

  JISR_ASSERT_OK_AND_ASSIGN(auto upgraded, databases_->OpenTarget());
  const int latest =
      GetParam() == "sqlite" ? sqlite::LatestSchemaVersion() : postgres::LatestSchemaVersion();
  EXPECT_GT(latest, kOldVersion);
  JISR_ASSERT_OK_AND_ASSIGN(const int version, upgraded->SchemaVersion());
  EXPECT_EQ(version, latest);
  EXPECT_EQ(TargetValue(count_list_indexes), "1");
  JISR_ASSERT_OK_AND_ASSIGN(std::vector<std::string> after, testing::EverythingStored(*upgraded));
  EXPECT_EQ(after, before);
}

INSTANTIATE_TEST_SUITE_P(Engines, SchemaUpgradeTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace jisr::storage
