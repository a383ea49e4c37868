// The PostgreSQL backup procedure of docs/backup.md, run for real: jisrd on the test server
// serves content, `pg_dump --format=custom` takes it while jisrd runs, `pg_restore` puts it in a
// new database, and a jisrd on that database serves the same content, etags and published views
// included.
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/operations/operations_support.h"
#include "tests/storage/postgres_test_database.h"
#include "tests/testing/temp_dir.h"

namespace jisr {
namespace {

namespace v1 = ::jisr::v1;

// pg_dump or pg_restore: from $JISR_POSTGRES_BIN, Debian's PostgreSQL 15, or the PATH.
std::string PostgresTool(const std::string& name) {
  std::vector<std::string> directories;
  if (const char* bin = std::getenv("JISR_POSTGRES_BIN")) directories.push_back(bin);
  directories.push_back("/usr/lib/postgresql/15/bin");
  if (const char* path = std::getenv("PATH")) {
    for (absl::string_view dir : absl::StrSplit(path, ':')) directories.emplace_back(dir);
  }
  for (const std::string& dir : directories) {
    const std::string tool = dir + "/" + name;
    if (::access(tool.c_str(), X_OK) == 0) return tool;
  }
  return name;
}

// `url` with its database name replaced by `database`.
std::string WithDatabase(const std::string& url, const std::string& database) {
  const size_t path = url.find('/', url.find("://") + 3);
  const size_t query = url.find('?', path);
  return absl::StrCat(url.substr(0, path + 1), database,
                      query == std::string::npos ? "" : url.substr(query));
}

std::string WithSearchPath(const std::string& url, const std::string& schema) {
  return absl::StrCat(url, url.find('?') == std::string::npos ? "?" : "&",
                      "options=-csearch_path%3D", schema);
}

struct Written {
  std::string headline;
  std::string etag;
  bool published = false;
};

TEST(PostgresBackupTest, PgDumpAndPgRestoreCarryEveryWriteToANewDatabase) {
  auto server = testing::TestPostgresUrl();
  ASSERT_TRUE(server.ok()) << server.status();
  auto schema = testing::PostgresTestSchema::Create(*server, "jisr_pgdump");
  ASSERT_TRUE(schema.ok()) << schema.status();
  testing::TempDir dir;

  std::map<std::string, Written> written;  // variant name -> what it holds
  auto jisrd = testing::JisrdProcess::Start({"--database_url=" + (*schema)->url()}, dir.path());
  ASSERT_TRUE(jisrd.ok()) << jisrd.status();
  auto stub = testing::ConnectTo(*jisrd);
  for (int i = 0; i < 12; ++i) {
    v1::CreateVariantRequest create;
    create.mutable_variant()->set_language(i % 2 == 0 ? "en" : "ar");
    create.mutable_variant()->set_headline(i % 2 == 0 ? absl::StrCat("Dumped story ", i)
                                                      : absl::StrCat("خبر محفوظ ", i));
    v1::Variant variant;
    ASSERT_TRUE(stub->CreateVariant(testing::EditorCall().get(), create, &variant).ok());
    if (i % 3 == 0) {
      v1::PublishVariantRequest publish;
      publish.set_name(variant.name());
      ASSERT_TRUE(stub->PublishVariant(testing::EditorCall().get(), publish, &variant).ok());
    }
    written[variant.name()] = {variant.headline(), variant.etag(), i % 3 == 0};
  }

  // The procedure, while jisrd serves: dump (one consistent snapshot), restore into a new database.
  const std::string dump = dir.File("jisr.dump");
  const testing::CommandResult dumped = testing::RunCommand(
      {PostgresTool("pg_dump"), "--format=custom", "--schema=" + (*schema)->name(),
       "--file=" + dump, "--dbname=" + *server},
      dir.path());
  ASSERT_EQ(dumped.exit_code, 0) << dumped.err;
  static std::atomic<int> counter{0};
  const std::string database = absl::StrCat("jisr_restored_", getpid(), "_", counter++);
  ASSERT_TRUE(testing::ExecutePostgres(*server, "CREATE DATABASE " + database).ok());
  const std::string restored_url = WithDatabase(*server, database);
  const testing::CommandResult restored =
      testing::RunCommand({PostgresTool("pg_restore"), "--no-owner", "--exit-on-error",
                           "--single-transaction", "--dbname=" + restored_url, dump},
                          dir.path());
  EXPECT_EQ(restored.exit_code, 0) << restored.err;

  if (restored.exit_code == 0) {
    auto on_copy = testing::JisrdProcess::Start(
        {"--database_url=" + WithSearchPath(restored_url, (*schema)->name())}, dir.path());
    ASSERT_TRUE(on_copy.ok()) << on_copy.status();
    auto copy = testing::ConnectTo(*on_copy);
    for (const auto& [name, expected] : written) {
      v1::GetVariantRequest get;
      get.set_name(name);
      get.set_view(v1::VARIANT_VIEW_LATEST);
      v1::Variant read;
      const grpc::Status status = copy->GetVariant(testing::EditorCall().get(), get, &read);
      ASSERT_TRUE(status.ok()) << name << ": " << status.error_message();
      EXPECT_EQ(read.headline(), expected.headline);
      EXPECT_EQ(read.etag(), expected.etag);
      EXPECT_EQ(read.state() == v1::VARIANT_STATE_PUBLISHED, expected.published) << name;
      if (!expected.published) continue;
      get.set_view(v1::VARIANT_VIEW_PUBLISHED);
      ASSERT_TRUE(copy->GetVariant(testing::EditorCall().get(), get, &read).ok()) << name;
      EXPECT_EQ(read.headline(), expected.headline);
    }
    // The copy takes writes: its tables, constraints and event counter came across whole.
    v1::CreateVariantRequest create;
    create.mutable_variant()->set_language("en");
    create.mutable_variant()->set_headline("Written to the restored database");
    v1::Variant created;
    const grpc::Status status = copy->CreateVariant(testing::EditorCall().get(), create, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  ASSERT_TRUE(
      testing::ExecutePostgres(*server, "DROP DATABASE " + database + " WITH (FORCE)").ok());
}

}  // namespace
}  // namespace jisr
