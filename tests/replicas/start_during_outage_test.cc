// A replica started while PostgreSQL is down, as Kubernetes starts pods during a database
// outage: it must serve (the process healthy, the article service NOT_SERVING) instead of exiting
// and crash-looping, and start serving articles when the database comes back, with no restart.
// Stops the fixture's server, so it runs alone (RUN_SERIAL, see CMakeLists.txt).
#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jisr/v1/article_service.grpc.pb.h"
#include "tests/replicas/outage_helpers.h"
#include "tests/storage/postgres_test_database.h"
#include "tests/testing/jisrd_process.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_credentials.h"

namespace jisr {
namespace {

namespace v1 = ::jisr::v1;
using HealthStatus = grpc::health::v1::HealthCheckResponse;
using ::testing::HasSubstr;
using ::testing::Not;

std::unique_ptr<grpc::ClientContext> EditorCall() {
  auto context = std::make_unique<grpc::ClientContext>();
  testing::TestCredentials::Get().Authorize(*context, testing::kTestEditor);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return context;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

TEST(StartDuringOutageTest, JisrdServesWithoutItsDatabaseAndTakesItUpWhenItComes) {
  if (std::getenv("JISR_TEST_POSTGRES_URL") != nullptr) {
    GTEST_SKIP() << "JISR_TEST_POSTGRES_URL points at a server this test must not stop";
  }
  auto server = testing::TestPostgresUrl();
  ASSERT_TRUE(server.ok()) << server.status();
  auto schema = testing::PostgresTestSchema::Create(*server, "jisr_cold_start");
  ASSERT_TRUE(schema.ok()) << schema.status();
  ASSERT_TRUE(testing::PostgresFixture("pause"));
  // The server comes back whatever happens below, for the tests after this one.
  struct Resume {
    ~Resume() { testing::PostgresFixture("resume"); }
  } resume;

  testing::TempDir dir;
  auto jisrd = testing::JisrdProcess::Start({"--database_url=" + (*schema)->url()}, dir.path());
  ASSERT_TRUE(jisrd.ok()) << "jisrd must start without its database: " << jisrd.status();
  auto channel = grpc::CreateChannel(jisrd->target(), grpc::InsecureChannelCredentials());
  auto stub = v1::ArticleService::NewStub(channel);
  EXPECT_EQ(testing::Health(*channel, ""), HealthStatus::SERVING);
  EXPECT_EQ(testing::Health(*channel, "jisr.v1.ArticleService"), HealthStatus::NOT_SERVING);
  EXPECT_EQ(testing::Health(*channel, "jisr.v1.TextService"), HealthStatus::SERVING);

  // Calls are refused as unavailable, without naming the database's host or port.
  v1::CreateVariantRequest create;
  create.mutable_variant()->set_language("en");
  create.mutable_variant()->set_headline("Written once the database is back");
  v1::Variant created;
  grpc::Status refused = stub->CreateVariant(EditorCall().get(), create, &created);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAVAILABLE) << refused.error_message();
  EXPECT_THAT(refused.error_message(), Not(HasSubstr("127.0.0.1")));
  EXPECT_THAT(refused.error_message(), Not(HasSubstr("postgresql")));

  ASSERT_TRUE(testing::PostgresFixture("resume"));
  EXPECT_EQ(testing::AwaitHealth(*channel, "jisr.v1.ArticleService", HealthStatus::SERVING),
            HealthStatus::SERVING);
  grpc::Status written = stub->CreateVariant(EditorCall().get(), create, &created);
  ASSERT_TRUE(written.ok()) << written.error_message();
  v1::GetVariantRequest get;
  get.set_name(created.name());
  get.set_view(v1::VARIANT_VIEW_LATEST);
  v1::Variant read;
  ASSERT_TRUE(stub->GetVariant(EditorCall().get(), get, &read).ok());
  EXPECT_EQ(read.headline(), "Written once the database is back");

  // The same process all along: it logged the wait and the recovery, and never restarted.
  const std::string log = ReadFile(jisrd->log_path());
  EXPECT_THAT(log, HasSubstr("storage does not answer"));
  EXPECT_THAT(log, HasSubstr("storage ready"));
  EXPECT_EQ(jisrd->Signal(SIGTERM), 0);
}

}  // namespace
}  // namespace jisr
