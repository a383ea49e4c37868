#include "tests/storage/storage_engines.h"

#include "absl/strings/str_cat.h"
#include "services/storage/postgres/postgres_storage.h"
#include "services/storage/sqlite/sqlite_storage.h"
#include "tests/storage/postgres_test_database.h"
#include "tests/testing/temp_dir.h"

namespace jisr::testing {
namespace {

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
