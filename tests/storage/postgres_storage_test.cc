// What only the PostgreSQL engine has: URLs with secrets, error classes, a bounded pool,
// unreachable servers and replicas migrating at once.
#include "services/storage/postgres/postgres_storage.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "services/storage/postgres/connection_url.h"
#include "services/storage/postgres/postgres_errors.h"
#include "tests/storage/postgres_test_database.h"
#include "tests/testing/status_matchers.h"

namespace jisr::testing {
namespace {

using storage::postgres::PostgresOptions;
using storage::postgres::PostgresStorage;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(PostgresUrl, DescriptionLeavesThePasswordOut) {
  auto description = storage::postgres::DescribeConnectionUrl(
      "postgresql://jisr:s3cret@db.example:6543/news?sslmode=require&password=other");
  ASSERT_THAT(description, IsOk());
  EXPECT_EQ(*description, "postgresql://jisr@db.example:6543/news");
}

TEST(PostgresUrl, MalformedUrlIsInvalidArgument) {
  EXPECT_THAT(storage::postgres::DescribeConnectionUrl("postgresql://h/db?no_such_option=1"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no_such_option")));
  EXPECT_THAT(storage::postgres::DescribeConnectionUrl("postgresql://[::1/db"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(storage::postgres::DescribeConnectionUrl(""),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(PostgresErrors, SqlStatesMapToTheContractsCodes) {
  using storage::postgres::StatusFromSqlState;
  EXPECT_TRUE(storage::IsConflict(StatusFromSqlState("40001", "serialization")));
  EXPECT_TRUE(storage::IsConflict(StatusFromSqlState("40P01", "deadlock")));
  EXPECT_THAT(StatusFromSqlState("23505", "dup"), StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_FALSE(storage::IsConflict(StatusFromSqlState("23505", "dup")));
  EXPECT_THAT(StatusFromSqlState("23503", "fk"), StatusIs(absl::StatusCode::kFailedPrecondition));
  for (const char* state : {"08006", "08001", "57P01", "57P02", "57P03", "53300"}) {
    EXPECT_THAT(StatusFromSqlState(state, "gone"), StatusIs(absl::StatusCode::kUnavailable))
        << state;
  }
  EXPECT_THAT(StatusFromSqlState("42P01", "no such table"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("no such table")));
}

TEST(PostgresErrors, ADiskFullServerIsStorageFullWithoutItsFileNames) {
  using storage::postgres::StatusFromSqlState;
  const absl::Status full = StatusFromSqlState(
      "53100", "could not extend file \"base/16384/16390\": No space left on device");
  EXPECT_TRUE(storage::IsStorageFull(full)) << full;
  EXPECT_THAT(full, StatusIs(absl::StatusCode::kResourceExhausted,
                             HasSubstr("nothing of this write was saved")));
  EXPECT_THAT(full.message(), Not(HasSubstr("base/16384")));
  // Out of memory, or a configured limit: RESOURCE_EXHAUSTED too, but not a full disk.
  for (const char* state : {"53200", "53400"}) {
    const absl::Status exhausted = StatusFromSqlState(state, "out of memory");
    EXPECT_THAT(exhausted, StatusIs(absl::StatusCode::kResourceExhausted)) << state;
    EXPECT_FALSE(storage::IsStorageFull(exhausted)) << state;
  }
}

class PostgresStorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    JISR_ASSERT_OK_AND_ASSIGN(server_url_, TestPostgresUrl());
    JISR_ASSERT_OK_AND_ASSIGN(schema_, PostgresTestSchema::Create(server_url_, "jisr_pg"));
  }
  PostgresOptions Options() const {
    PostgresOptions options;
    options.url = schema_->url();
    options.connect_timeout = absl::Seconds(2);
    return options;
  }

  std::string server_url_;
  std::unique_ptr<PostgresTestSchema> schema_;
};

TEST_F(PostgresStorageTest, DescribeNeverShowsThePassword) {
  PostgresOptions options = Options();
  // The fixture trusts loopback connections, so the password is sent nowhere that checks it.
  options.url =
      absl::StrReplaceAll(options.url, {{"postgresql://jisr@", "postgresql://jisr:s3cret@"}});
  ASSERT_THAT(options.url, HasSubstr("s3cret"));
  JISR_ASSERT_OK_AND_ASSIGN(auto storage, PostgresStorage::Open(options));
  EXPECT_THAT(storage->Describe(), Not(HasSubstr("s3cret")));
  EXPECT_THAT(storage->Describe(), HasSubstr("postgresql://jisr@127.0.0.1:"));
}

TEST_F(PostgresStorageTest, ReplicasStartingTogetherMigrateOnce) {
  constexpr int kReplicas = 4;
  std::vector<absl::StatusOr<std::unique_ptr<PostgresStorage>>> opened(kReplicas);
  std::vector<std::thread> threads;
  for (int i = 0; i < kReplicas; ++i) {
    threads.emplace_back([&, i] { opened[i] = PostgresStorage::Open(Options()); });
  }
  for (auto& thread : threads) thread.join();
  for (auto& storage : opened) {
    ASSERT_THAT(storage, IsOk());
    EXPECT_THAT((*storage)->SchemaVersion(), IsOk());
  }
  auto rows = ExecutePostgres(schema_->url(), "SELECT COUNT(*) FROM schema_migrations");
  ASSERT_THAT(rows, IsOk());
  JISR_ASSERT_OK_AND_ASSIGN(int version, (*opened[0])->SchemaVersion());
  EXPECT_EQ(*rows, std::to_string(version));
}

TEST_F(PostgresStorageTest, BusyPoolFailsAfterTheAcquireTimeout) {
  PostgresOptions options = Options();
  options.pool_size = 1;
  options.acquire_timeout = absl::Milliseconds(300);
  JISR_ASSERT_OK_AND_ASSIGN(auto storage, PostgresStorage::Open(options));
  JISR_ASSERT_OK_AND_ASSIGN(auto held, storage->BeginWrite());
  absl::Time start = absl::Now();
  EXPECT_THAT(storage->BeginRead(),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("pool_size")));
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
  held.reset();
  EXPECT_THAT(storage->BeginRead(), IsOk());
}

TEST_F(PostgresStorageTest, NewerSchemaIsRefused) {
  { JISR_ASSERT_OK_AND_ASSIGN(auto storage, PostgresStorage::Open(Options())); }
  ASSERT_THAT(ExecutePostgres(schema_->url(), "INSERT INTO schema_migrations VALUES (999, 0)"),
              IsOk());
  EXPECT_THAT(PostgresStorage::Open(Options()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("newer jisrd")));
}

TEST(PostgresUnreachable, OpenFailsQuicklyWithUnavailable) {
  // A port that accepts TCP connections (the kernel's backlog does) but never speaks: only
  // connect_timeout can end the handshake.
  int silent = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  ASSERT_EQ(::bind(silent, reinterpret_cast<sockaddr*>(&address), length), 0);
  ASSERT_EQ(::listen(silent, 8), 0);
  ASSERT_EQ(::getsockname(silent, reinterpret_cast<sockaddr*>(&address), &length), 0);
  std::string silent_url = absl::StrCat("postgresql://jisr@127.0.0.1:", ntohs(address.sin_port),
                                        "/jisr?sslmode=disable");

  PostgresOptions options;
  options.connect_timeout = absl::Milliseconds(500);
  // Port 1 on loopback refuses at once.
  for (const std::string& url :
       {std::string("postgresql://jisr@127.0.0.1:1/jisr?sslmode=disable"), silent_url}) {
    options.url = url;
    absl::Time start = absl::Now();
    EXPECT_THAT(PostgresStorage::Open(options),
                StatusIs(absl::StatusCode::kUnavailable, HasSubstr("cannot connect")))
        << url;
    EXPECT_LT(absl::Now() - start, absl::Seconds(2)) << url;
  }
  ::close(silent);
}

}  // namespace
}  // namespace jisr::testing
