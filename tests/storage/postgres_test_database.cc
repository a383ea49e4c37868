#include "tests/storage/postgres_test_database.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"

namespace jisr::testing {
namespace {

// `variable` when set, else the URL the fixture wrote.
absl::StatusOr<std::string> UrlFromEnvOrFixture(const char* variable) {
  if (const char* url = std::getenv(variable); url != nullptr && *url != '\0') return url;
  std::ifstream file(JISR_POSTGRES_URL_FILE);
  std::string url;
  if (file && std::getline(file, url) && !url.empty()) return url;
  return absl::FailedPreconditionError(
      absl::StrCat("no PostgreSQL server: start one with `", JISR_POSTGRES_FIXTURE_SCRIPT,
                   " start ", JISR_POSTGRES_STATE_DIR,
                   "` (ctest does this by itself for the tests, and stops it after), "
                   "or set ",
                   variable,
                   " to the URL of a server you run, e.g. "
                   "postgresql://jisr@127.0.0.1:5432/jisr_test?sslmode=disable"));
}

}  // namespace

absl::StatusOr<std::string> TestPostgresUrl() {
  return UrlFromEnvOrFixture("JISR_TEST_POSTGRES_URL");
}

absl::StatusOr<std::string> BenchPostgresUrl() {
  return UrlFromEnvOrFixture("JISR_BENCH_POSTGRES_URL");
}

absl::StatusOr<std::string> ExecutePostgres(absl::string_view url, absl::string_view sql) {
  std::string owned_url(url);
  PGconn* conn = PQconnectdb(owned_url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message(absl::StripTrailingAsciiWhitespace(PQerrorMessage(conn)));
    PQfinish(conn);
    return absl::UnavailableError(absl::StrCat("cannot connect to the test server: ", message));
  }
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);  // DROP ... CASCADE lists all
  std::string owned_sql(sql);
  PGresult* result = PQexec(conn, owned_sql.c_str());
  absl::StatusOr<std::string> value;
  if (PQresultStatus(result) != PGRES_COMMAND_OK && PQresultStatus(result) != PGRES_TUPLES_OK) {
    value = absl::InternalError(
        absl::StrCat(sql, ": ", absl::StripTrailingAsciiWhitespace(PQresultErrorMessage(result))));
  } else if (PQntuples(result) > 0 && PQnfields(result) > 0) {
    value = std::string(PQgetvalue(result, 0, 0));
  } else {
    value = std::string();
  }
  PQclear(result);
  PQfinish(conn);
  return value;
}

absl::StatusOr<std::unique_ptr<PostgresTestSchema>> PostgresTestSchema::Create(
    absl::string_view server_url, absl::string_view prefix) {
  static std::atomic<int> counter{0};
  // Unique across the processes CTest runs at once and across runs on a reused server.
  std::string name = absl::StrCat(prefix, "_", getpid(), "_", counter++, "_",
                                  absl::ToUnixMicros(absl::Now()) % 1000000);
  absl::StatusOr<std::string> created =
      ExecutePostgres(server_url, absl::StrCat("CREATE SCHEMA ", name));
  if (!created.ok()) return created.status();
  std::string url = absl::StrCat(server_url, absl::StrContains(server_url, "?") ? "&" : "?",
                                 "options=-csearch_path%3D", name);
  return std::unique_ptr<PostgresTestSchema>(
      new PostgresTestSchema(std::string(server_url), name, std::move(url)));
}

PostgresTestSchema::~PostgresTestSchema() {
  ExecutePostgres(server_url_, absl::StrCat("DROP SCHEMA ", name_, " CASCADE"))
      .status()
      .IgnoreError();
}

}  // namespace jisr::testing
