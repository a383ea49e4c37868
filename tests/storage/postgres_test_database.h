// The PostgreSQL server the storage tests and benchmarks run against, and a private schema on
// it per test so tests never see each other's rows.
#ifndef JISR_TESTS_STORAGE_POSTGRES_TEST_DATABASE_H_
#define JISR_TESTS_STORAGE_POSTGRES_TEST_DATABASE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jisr::testing {

// The server's URL: $JISR_TEST_POSTGRES_URL when set, else the URL the CTest fixture wrote
// (tests/storage/postgres_fixture.sh). FAILED_PRECONDITION, saying how to start one, otherwise.
absl::StatusOr<std::string> TestPostgresUrl();

// The URL of a server for benchmarks: $JISR_BENCH_POSTGRES_URL, else the fixture's.
absl::StatusOr<std::string> BenchPostgresUrl();

// A schema of its own on the server, dropped with everything in it when destroyed. url()
// selects it through libpq's `options=-csearch_path=...`, so storage opened on that URL creates
// and reads its tables there.
class PostgresTestSchema {
 public:
  static absl::StatusOr<std::unique_ptr<PostgresTestSchema>> Create(absl::string_view server_url,
                                                                    absl::string_view prefix);
  ~PostgresTestSchema();
  PostgresTestSchema(const PostgresTestSchema&) = delete;
  PostgresTestSchema& operator=(const PostgresTestSchema&) = delete;

  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }

 private:
  PostgresTestSchema(std::string server_url, std::string name, std::string url)
      : server_url_(std::move(server_url)), name_(std::move(name)), url_(std::move(url)) {}
  std::string server_url_;
  std::string name_;
  std::string url_;
};

// Runs `sql` (no parameters) on a fresh connection to `url`; returns the first value of the
// first row as text, or "" when there is none.
absl::StatusOr<std::string> ExecutePostgres(absl::string_view url, absl::string_view sql);

}  // namespace jisr::testing

#endif  // JISR_TESTS_STORAGE_POSTGRES_TEST_DATABASE_H_
