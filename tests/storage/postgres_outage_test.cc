// PostgreSQL going away and coming back: calls fail fast with UNAVAILABLE while it is down and
// succeed again by themselves once it is up, with no reopening. Stops the fixture's server, so
// CTest runs it alone (RUN_SERIAL).
#include <cstdlib>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "services/common/status_macros.h"
#include "services/storage/postgres/postgres_storage.h"
#include "tests/storage/postgres_test_database.h"
#include "tests/testing/status_matchers.h"

namespace jisr::testing {
namespace {

using storage::postgres::PostgresOptions;
using storage::postgres::PostgresStorage;

// Runs tests/storage/postgres_fixture.sh `command` on the fixture's server.
absl::Status Fixture(absl::string_view command) {
  std::string line =
      absl::StrCat(JISR_POSTGRES_FIXTURE_SCRIPT, " ", command, " ", JISR_POSTGRES_STATE_DIR);
  if (std::system(line.c_str()) != 0) {
    return absl::InternalError(absl::StrCat("`", line, "` failed"));
  }
  return absl::OkStatus();
}

// Brings the server back however the test ends, so later tests find it running.
class ServerPause {
 public:
  ~ServerPause() {
    if (paused_) Fixture("resume").IgnoreError();
  }
  absl::Status Pause() {
    paused_ = true;
    return Fixture("pause");
  }
  absl::Status Resume() {
    paused_ = false;
    return Fixture("resume");
  }

 private:
  bool paused_ = false;
};

storage::EventRow SomeEvent(int64_t revision) {
  storage::EventRow e;
  e.story_id = "s1";
  e.variant_id = "v1";
  e.language = "en";
  e.revision = revision;
  e.data = "event";
  return e;
}

absl::Status Publish(storage::Storage& storage, int64_t version) {
  JISR_ASSIGN_OR_RETURN(auto txn, storage.BeginWrite());
  JISR_ASSIGN_OR_RETURN(auto story, txn->GetStory("s1"));
  if (!story.has_value()) {
    JISR_RETURN_IF_ERROR(txn->InsertStory({"s1", 1, 1, false, "story"}));
    JISR_RETURN_IF_ERROR(
        txn->InsertVariant({"v1", "s1", "en", "slug", 1, "world", 1, 1, false, 0, 0, "v"}));
  }
  JISR_RETURN_IF_ERROR(txn->PutPublished({"v1", "en", "slug", version, "view"}));
  JISR_RETURN_IF_ERROR(txn->AppendEvent(SomeEvent(version)));
  return txn->Commit();
}

TEST(PostgresOutage, CallsFailFastWhileDownAndRecoverByThemselves) {
  if (std::getenv("JISR_TEST_POSTGRES_URL") != nullptr) {
    GTEST_SKIP() << "JISR_TEST_POSTGRES_URL points at a server this test must not stop";
  }
  JISR_ASSERT_OK_AND_ASSIGN(std::string server, TestPostgresUrl());
  JISR_ASSERT_OK_AND_ASSIGN(auto schema, PostgresTestSchema::Create(server, "jisr_outage"));
  PostgresOptions options;
  options.url = schema->url();
  options.connect_timeout = absl::Seconds(1);
  options.reconnect_interval = absl::Milliseconds(200);
  JISR_ASSERT_OK_AND_ASSIGN(auto storage, PostgresStorage::Open(options));
  JISR_ASSERT_OK_AND_ASSIGN(auto replica, PostgresStorage::Open(options));
  JISR_ASSERT_OK(Publish(*storage, 1));
  JISR_ASSERT_OK(storage->Ping());
  JISR_ASSERT_OK_AND_ASSIGN(auto in_flight, storage->BeginWrite());
  JISR_ASSERT_OK(in_flight->AppendEvent(SomeEvent(99)));

  ServerPause pause;
  JISR_ASSERT_OK(pause.Pause());

  // Every call answers UNAVAILABLE, and quickly: nothing waits for a server that is not there.
  auto expect_unavailable = [](absl::string_view what, auto call) {
    absl::Time start = absl::Now();
    absl::Status status = GetStatus(call());
    absl::Duration took = absl::Now() - start;
    EXPECT_THAT(status, StatusIs(absl::StatusCode::kUnavailable)) << what;
    EXPECT_LT(took, absl::Seconds(2)) << what << " took " << took;
  };
  for (int round = 0; round < 3; ++round) {
    expect_unavailable("Ping", [&] { return storage->Ping(); });
    expect_unavailable("BeginWrite", [&] { return storage->BeginWrite(); });
    expect_unavailable("BeginRead", [&] { return storage->BeginRead(); });
    expect_unavailable("ReadPublished", [&] { return storage->ReadPublished("v1"); });
    expect_unavailable("ReadPublishedBySlug",
                       [&] { return storage->ReadPublishedBySlug("en", "slug"); });
    expect_unavailable("ReadEvents", [&] { return storage->ReadEvents(0, 10); });
    expect_unavailable("LastEventSequence", [&] { return storage->LastEventSequence(); });
    expect_unavailable("DeleteRequestsBefore",
                       [&] { return storage->DeleteRequestsBefore(1, 100); });
    expect_unavailable("SchemaVersion", [&] { return storage->SchemaVersion(); });
  }
  // A transaction begun before the outage cannot finish, and says so.
  expect_unavailable("in-flight GetVariant", [&] { return in_flight->GetVariant("v1"); });
  expect_unavailable("in-flight Commit", [&] { return in_flight->Commit(); });
  in_flight.reset();

  JISR_ASSERT_OK(pause.Resume());

  // Back without reopening: the pool replaces its dead connections on its own.
  absl::Time deadline = absl::Now() + absl::Seconds(15);
  while (!storage->Ping().ok() && absl::Now() < deadline) absl::SleepFor(absl::Milliseconds(50));
  JISR_ASSERT_OK(storage->Ping());
  JISR_ASSERT_OK(Publish(*storage, 2));
  JISR_ASSERT_OK_AND_ASSIGN(auto view, storage->ReadPublished("v1"));
  ASSERT_TRUE(view.has_value());
  EXPECT_EQ(view->version, 2);
  JISR_ASSERT_OK_AND_ASSIGN(auto events, storage->ReadEvents(0, 10));
  ASSERT_EQ(events.size(), 2u);  // the in-flight transaction's event was never committed
  EXPECT_EQ(events[1].revision, 2);

  // The LISTEN connection came back too: a commit through the other replica wakes this one.
  JISR_ASSERT_OK_AND_ASSIGN(int64_t last, storage->LastEventSequence());
  absl::Time start = absl::Now();
  std::thread committer([&] {
    absl::SleepFor(absl::Milliseconds(300));
    EXPECT_THAT(Publish(*replica, 3), IsOk());
  });
  storage->WaitForEvents(last, absl::Seconds(30));
  absl::Duration waited = absl::Now() - start;
  committer.join();
  EXPECT_LT(waited, absl::Seconds(5));
  JISR_ASSERT_OK_AND_ASSIGN(int64_t now_last, storage->LastEventSequence());
  EXPECT_GT(now_last, last);
}

}  // namespace
}  // namespace jisr::testing
