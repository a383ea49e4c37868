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
};

// The engines the suite covers: "sqlite", "postgres".
std::vector<std::string> StorageEngineNames();

// A fresh database of `engine`; PostgreSQL ones on the server TestPostgresUrl() names.
absl::StatusOr<std::unique_ptr<TestDatabase>> NewTestDatabase(absl::string_view engine);

// A fresh PostgreSQL database (a schema of its own) on the server at `server_url`.
absl::StatusOr<std::unique_ptr<TestDatabase>> NewPostgresTestDatabase(absl::string_view server_url);

}  // namespace jisr::testing

#endif  // JISR_TESTS_STORAGE_STORAGE_ENGINES_H_
