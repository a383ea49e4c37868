// Fresh, empty storage of each engine for a test: the contract suite runs every test on each.
#ifndef JISR_TESTS_STORAGE_STORAGE_ENGINES_H_
#define JISR_TESTS_STORAGE_STORAGE_ENGINES_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/storage/storage.h"

namespace jisr::testing {

// A database of its own (an SQLite file in a temporary directory, or a PostgreSQL schema),
// removed when destroyed. Storage opened on it must be destroyed first.
class TestDatabase {
 public:
  virtual ~TestDatabase() = default;
  // Opens storage on this database. PostgreSQL allows several at once, like separate replicas;
  // SQLite allows one.
  virtual absl::StatusOr<std::unique_ptr<storage::Storage>> Open() = 0;
  // True when writers of different rows run at the same time (PostgreSQL); SQLite runs one
  // write transaction at a time.
  virtual bool ConcurrentWriters() const = 0;
  // The tables some row of which holds `bytes` in any column (text or binary), read straight
  // from the database with SQL of its own, not through the storage: what a purge must leave
  // nowhere. Sorted by name.
  virtual absl::StatusOr<std::vector<std::string>> TablesHolding(absl::string_view bytes) = 0;
  // The bytes `column` holds in the row of `table` that `where` (SQL both engines accept)
  // selects, read straight from the database: what the engine wrote, before any decoding.
  virtual absl::StatusOr<std::string> StoredBytes(absl::string_view table, absl::string_view column,
                                                  absl::string_view where) = 0;
  // Overwrites that column with `bytes` straight in the database: a row as an older jisrd
  // wrote it, or a damaged one.
  virtual absl::Status StoreBytes(absl::string_view table, absl::string_view column,
                                  absl::string_view where, absl::string_view bytes) = 0;
  // The engine's plan for the statement ListVariants runs for `query` (list_plans.h).
  virtual absl::StatusOr<std::string> ListVariantsPlan(const storage::VariantQuery& query) = 0;
};

// The engines the suite covers: "sqlite", "postgres".
std::vector<std::string> StorageEngineNames();

// A fresh database of `engine`; PostgreSQL ones on the server TestPostgresUrl() names.
absl::StatusOr<std::unique_ptr<TestDatabase>> NewTestDatabase(absl::string_view engine);

// A fresh PostgreSQL database (a schema of its own) on the server at `server_url`.
absl::StatusOr<std::unique_ptr<TestDatabase>> NewPostgresTestDatabase(absl::string_view server_url);

}  // namespace jisr::testing

// Runs every TEST_P of `suite` once per engine, named ".../sqlite" and ".../postgres" (in a
// test, which includes gtest).
#define JISR_INSTANTIATE_FOR_EVERY_ENGINE(suite)                                  \
  INSTANTIATE_TEST_SUITE_P(                                                       \
      Engines, suite, ::testing::ValuesIn(::jisr::testing::StorageEngineNames()), \
      [](const ::testing::TestParamInfo<std::string>& info) { return info.param; })

#endif  // JISR_TESTS_STORAGE_STORAGE_ENGINES_H_
