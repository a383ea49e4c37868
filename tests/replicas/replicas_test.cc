// Several jisrd processes on one PostgreSQL, as a newsroom runs them behind a load balancer:
// writes through one are read through another, an etag race between replicas has one winner, a
// watcher on a third sees every change of the first two in commit order and resumes across a
// restart of its replica, a purge takes a page another replica cached away, a schedule fires
// once, and a database outage is survived.
#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <map>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/barrier.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
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
using testing::AwaitHealth;
using testing::Health;
using HealthStatus = grpc::health::v1::HealthCheckResponse;

// Every call and watch here is the newsroom's editor's: a reader's feed has publications only.
std::unique_ptr<grpc::ClientContext> Call(int seconds = 20) {
  auto context = std::make_unique<grpc::ClientContext>();
  testing::TestCredentials::Get().Authorize(*context, testing::kTestEditor);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  return context;
}

struct Replica {
  std::unique_ptr<testing::JisrdProcess> process;
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<v1::ArticleService::Stub> stub;
};

class ReplicasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = testing::TestPostgresUrl();
    ASSERT_TRUE(server.ok()) << server.status();
    auto schema = testing::PostgresTestSchema::Create(*server, "jisr_replicas");
    ASSERT_TRUE(schema.ok()) << schema.status();
    schema_ = std::move(*schema);
    for (int i = 0; i < 3; ++i) {
      replicas_.emplace_back();
      StartReplica(i);
    }
  }

  void StartReplica(int i) {
    auto started = testing::JisrdProcess::Start(
        {"--database_url=" + schema_->url(), "--schedule_interval=100ms", "--database_pool_size=8"},
        dir_.path());
    ASSERT_TRUE(started.ok()) << started.status();
    Replica& r = replicas_[i];
    r.process = std::make_unique<testing::JisrdProcess>(std::move(*started));
    r.channel = grpc::CreateChannel(r.process->target(), grpc::InsecureChannelCredentials());
    r.stub = v1::ArticleService::NewStub(r.channel);
  }

  void RestartReplica(int i) {
    replicas_[i].stub.reset();
    replicas_[i].channel.reset();
    replicas_[i].process->Signal(SIGTERM);
    StartReplica(i);
  }

  v1::ArticleService::Stub& stub(int i) { return *replicas_[i].stub; }

  v1::Variant Create(int replica, const std::string& language, const std::string& headline) {
    v1::CreateVariantRequest create;
    create.mutable_variant()->set_language(language);
    create.mutable_variant()->set_headline(headline);
    v1::Variant out;
    grpc::Status status = stub(replica).CreateVariant(Call().get(), create, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::PostgresTestSchema> schema_;
  std::vector<Replica> replicas_;
};

TEST_F(ReplicasTest, AWriteThroughOneReplicaIsReadBackThroughAnotherAtOnce) {
  v1::Variant created = Create(0, "en", "Written through replica one");
  v1::GetVariantRequest get;
  get.set_name(created.name());
  get.set_view(v1::VARIANT_VIEW_LATEST);
  v1::Variant read;
  ASSERT_TRUE(stub(1).GetVariant(Call().get(), get, &read).ok());
  EXPECT_EQ(read.headline(), "Written through replica one");
  EXPECT_EQ(read.etag(), created.etag());

  v1::PublishVariantRequest publish;
  publish.set_name(created.name());
  v1::Variant published;
  ASSERT_TRUE(stub(1).PublishVariant(Call().get(), publish, &published).ok());
  v1::LookupVariantRequest lookup;
  lookup.set_language("en");
  lookup.set_slug(created.slug());
  ASSERT_TRUE(stub(2).LookupVariant(Call().get(), lookup, &read).ok());
  EXPECT_EQ(read.state(), v1::VARIANT_STATE_PUBLISHED);

  // A page replica three has cached follows a publish through replica one within the feed's
  // latency.
  v1::UpdateVariantRequest update;
  update.mutable_variant()->set_name(created.name());
  update.mutable_variant()->set_headline("Edited through replica one");
  update.mutable_update_mask()->add_paths("headline");
  ASSERT_TRUE(stub(0).UpdateVariant(Call().get(), update, &read).ok());
  ASSERT_TRUE(stub(0).PublishVariant(Call().get(), publish, &read).ok());
  const absl::Time deadline = absl::Now() + absl::Seconds(5);
  v1::GetVariantRequest page;
  page.set_name(created.name());
  do {
    ASSERT_TRUE(stub(2).GetVariant(Call().get(), page, &read).ok());
  } while (read.headline() != "Edited through replica one" && absl::Now() < deadline &&
           (absl::SleepFor(absl::Milliseconds(20)), true));
  EXPECT_EQ(read.headline(), "Edited through replica one");
}

TEST_F(ReplicasTest, APurgeThroughOneReplicaTakesThePageAnotherHasCachedAway) {
  v1::Variant created = Create(0, "en", "To be taken down");
  v1::PublishVariantRequest publish;
  publish.set_name(created.name());
  v1::Variant read;
  ASSERT_TRUE(stub(0).PublishVariant(Call().get(), publish, &read).ok());
  v1::GetVariantRequest page;
  page.set_name(created.name());
  const absl::Time published_by = absl::Now() + absl::Seconds(5);
  grpc::Status status;
  do {  // replica three caches the page once it has followed the publish
    status = stub(2).GetVariant(Call().get(), page, &read);
  } while (!status.ok() && absl::Now() < published_by &&
           (absl::SleepFor(absl::Milliseconds(20)), true));
  ASSERT_TRUE(status.ok()) << status.error_message();

  v1::PurgeVariantRequest purge;
  purge.set_name(created.name());
  purge.set_reason("Court order 2024/117");
  auto as_admin = std::make_unique<grpc::ClientContext>();
  testing::TestCredentials::Get().Authorize(*as_admin, testing::kTestAdmin);
  ASSERT_TRUE(stub(0).PurgeVariant(as_admin.get(), purge, &read).ok());
  const absl::Time deadline = absl::Now() + absl::Seconds(5);
  do {
    status = stub(2).GetVariant(Call().get(), page, &read);
  } while (status.ok() && absl::Now() < deadline && (absl::SleepFor(absl::Milliseconds(20)), true));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << read.headline();
}

TEST_F(ReplicasTest, TwoReplicasRacingOnOneEtagLetExactlyOneWriteWin) {
  v1::Variant variant = Create(0, "en", "Raced");
  for (int round = 0; round < 10; ++round) {
    v1::GetVariantRequest get;
    get.set_name(variant.name());
    get.set_view(v1::VARIANT_VIEW_LATEST);
    v1::Variant current;
    ASSERT_TRUE(stub(2).GetVariant(Call().get(), get, &current).ok());
    absl::Barrier* barrier = new absl::Barrier(2);
    std::atomic<int> ok{0}, aborted{0};
    std::vector<std::thread> racers;
    for (int replica = 0; replica < 2; ++replica) {
      racers.emplace_back([&, replica] {
        v1::UpdateVariantRequest update;
        update.mutable_variant()->set_name(variant.name());
        update.mutable_variant()->set_etag(current.etag());
        update.mutable_variant()->set_headline(absl::StrCat("Round ", round, " by ", replica));
        update.mutable_update_mask()->add_paths("headline");
        v1::Variant out;
        if (barrier->Block()) delete barrier;
        grpc::Status status = stub(replica).UpdateVariant(Call().get(), update, &out);
        if (status.ok()) {
          ++ok;
        } else if (status.error_code() == grpc::StatusCode::ABORTED) {
          ++aborted;
        } else {
          ADD_FAILURE() << status.error_message();
        }
      });
    }
    for (auto& t : racers) t.join();
    EXPECT_EQ(ok.load(), 1) << "round " << round;
    EXPECT_EQ(aborted.load(), 1) << "round " << round;
  }
  v1::ListRevisionsRequest list;
  list.set_parent(variant.name());
  v1::ListRevisionsResponse revisions;
  ASSERT_TRUE(stub(1).ListRevisions(Call().get(), list, &revisions).ok());
  EXPECT_EQ(revisions.revisions_size(), 11);
  EXPECT_EQ(revisions.revisions(0).number(), 11);
}

TEST_F(ReplicasTest,
       AWatcherOnAThirdReplicaSeesEveryChangeInCommitOrderAndResumesAcrossItsRestart) {
  constexpr int kWritersPerReplica = 2;
  constexpr int kWritesEach = 150;
  std::vector<v1::Variant> variants;
  for (int i = 0; i < 2 * kWritersPerReplica; ++i) {
    variants.push_back(Create(i % 2, i % 2 ? "ar" : "en", absl::StrCat("Feed ", i)));
  }
  std::vector<v1::ChangeEvent> events;
  std::string cursor;
  auto read_from = [&](int replica, const std::function<bool()>& stop, int seconds) {
    auto context = Call(seconds);
    v1::WatchRequest request;
    request.set_cursor(cursor);
    request.set_from_oldest(cursor.empty());
    auto reader = stub(replica).Watch(context.get(), request);
    v1::ChangeEvent event;
    while (!stop() && reader->Read(&event)) {
      cursor = event.cursor();
      events.push_back(event);
    }
    context->TryCancel();
    reader->Finish().IgnoreError();
  };

  std::vector<std::thread> writers;
  for (int w = 0; w < 2 * kWritersPerReplica; ++w) {
    writers.emplace_back([&, w] {
      auto channel = grpc::CreateChannel(replicas_[w % 2].process->target(),
                                         grpc::InsecureChannelCredentials());
      auto stub = v1::ArticleService::NewStub(channel);
      for (int n = 0; n < kWritesEach; ++n) {
        v1::UpdateVariantRequest update;
        update.mutable_variant()->set_name(variants[w].name());
        update.mutable_variant()->set_headline(absl::StrCat("Feed ", w, " edit ", n));
        update.mutable_update_mask()->add_paths("headline");
        v1::Variant out;
        grpc::Status status = stub->UpdateVariant(Call().get(), update, &out);
        ASSERT_TRUE(status.ok()) << status.error_message();
      }
    });
  }
  read_from(
      2, [&] { return events.size() >= 200; }, 60);
  ASSERT_GE(events.size(), 200u);
  RestartReplica(2);  // the watcher's replica goes down mid-stream and comes back
  for (auto& t : writers) t.join();
  const size_t expected = variants.size() * 2 + variants.size() * kWritesEach;
  read_from(
      2, [&] { return events.size() >= expected; }, 60);
  ASSERT_EQ(events.size(), expected);

  std::map<std::string, std::vector<int64_t>> seen;
  for (size_t i = 0; i < events.size(); ++i) {
    if (i > 0) {
      ASSERT_GT(events[i].sequence(), events[i - 1].sequence()) << "commit order, at " << i;
    }
    if (!events[i].variant().empty()) seen[events[i].variant()].push_back(events[i].revision());
  }
  for (const v1::Variant& v : variants) {
    std::vector<int64_t> log;
    for (int64_t r = 1; r <= kWritesEach + 1; ++r) log.push_back(r);
    EXPECT_EQ(seen[v.name()], log) << v.name();
  }
}

TEST_F(ReplicasTest, AScheduledPublishFiresExactlyOnceWithThreeReplicasRunning) {
  std::vector<v1::Variant> pair = {Create(0, "en", "Embargoed pair"), Create(1, "ar", "زوج")};
  v1::CreateScheduleRequest request;
  for (const auto& v : pair) request.mutable_schedule()->add_variants(v.name());
  v1::LinkVariantRequest link;
  link.set_name(pair[1].name());
  link.set_story(pair[0].story());
  v1::Variant linked;
  ASSERT_TRUE(stub(1).LinkVariant(Call().get(), link, &linked).ok());
  request.mutable_schedule()->set_action(v1::SCHEDULE_ACTION_PUBLISH);
  request.mutable_schedule()->mutable_due_time()->set_seconds(
      absl::ToUnixSeconds(absl::Now() + absl::Seconds(2)));
  v1::Schedule schedule;
  ASSERT_TRUE(stub(2).CreateSchedule(Call().get(), request, &schedule).ok());
  absl::SleepFor(absl::Seconds(4));
  v1::GetScheduleRequest get;
  get.set_name(schedule.name());
  ASSERT_TRUE(stub(0).GetSchedule(Call().get(), get, &schedule).ok());
  EXPECT_EQ(schedule.state(), v1::SCHEDULE_STATE_DONE);

  auto context = Call(2);
  v1::WatchRequest watch;
  watch.set_from_oldest(true);
  watch.add_kinds(v1::CHANGE_KIND_PUBLISHED);
  auto reader = stub(1).Watch(context.get(), watch);
  std::map<std::string, int> publishes;
  v1::ChangeEvent event;
  while (reader->Read(&event)) ++publishes[event.variant()];
  reader->Finish().IgnoreError();
  EXPECT_EQ(publishes[pair[0].name()], 1);
  EXPECT_EQ(publishes[pair[1].name()], 1);
}

TEST_F(ReplicasTest, WhilePostgresIsGoneCallsAreUnavailableHealthSaysNotServingAndItRecovers) {
  if (std::getenv("JISR_TEST_POSTGRES_URL") != nullptr) {
    GTEST_SKIP() << "JISR_TEST_POSTGRES_URL points at a server this test must not stop";
  }
  v1::Variant variant = Create(0, "en", "Through an outage");
  // A writer that keeps writing through the outage, recording what was acknowledged.
  std::atomic<bool> stop{false};
  absl::Mutex mu;
  std::map<int64_t, std::string> acknowledged;
  std::atomic<int> unavailable{0};
  std::thread writer([&] {
    for (int n = 0; !stop.load(); ++n) {
      v1::UpdateVariantRequest update;
      update.mutable_variant()->set_name(variant.name());
      const std::string headline = absl::StrCat("Outage edit ", n);
      update.mutable_variant()->set_headline(headline);
      update.mutable_update_mask()->add_paths("headline");
      v1::Variant out;
      grpc::Status status = stub(0).UpdateVariant(Call(5).get(), update, &out);
      if (status.ok()) {
        absl::MutexLock lock(&mu);
        acknowledged[out.latest_revision()] = headline;
      } else if (status.error_code() == grpc::StatusCode::UNAVAILABLE) {
        ++unavailable;
        absl::SleepFor(absl::Milliseconds(50));
      } else {
        ADD_FAILURE() << status.error_code() << " " << status.error_message();
      }
    }
  });
  absl::SleepFor(absl::Milliseconds(500));
  ASSERT_TRUE(testing::PostgresFixture("pause"));

  // Calls fail fast with UNAVAILABLE, and health turns NOT_SERVING.
  const absl::Time start = absl::Now();
  v1::GetVariantRequest get;
  get.set_name(variant.name());
  get.set_view(v1::VARIANT_VIEW_LATEST);
  v1::Variant read;
  grpc::Status down = stub(1).GetVariant(Call().get(), get, &read);
  EXPECT_EQ(down.error_code(), grpc::StatusCode::UNAVAILABLE) << down.error_message();
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
  EXPECT_EQ(AwaitHealth(*replicas_[1].channel, "jisr.v1.ArticleService", HealthStatus::NOT_SERVING),
            HealthStatus::NOT_SERVING);
  // The process itself serves (a liveness probe must not restart it), and the text service needs
  // no storage: both keep serving through the outage.
  EXPECT_EQ(Health(*replicas_[1].channel, ""), HealthStatus::SERVING);
  EXPECT_EQ(Health(*replicas_[1].channel, "jisr.v1.TextService"), HealthStatus::SERVING);
  absl::SleepFor(absl::Seconds(1));

  ASSERT_TRUE(testing::PostgresFixture("resume"));
  EXPECT_EQ(AwaitHealth(*replicas_[1].channel, "jisr.v1.ArticleService", HealthStatus::SERVING),
            HealthStatus::SERVING);
  const size_t before_recovery = [&] {
    absl::MutexLock lock(&mu);
    return acknowledged.size();
  }();
  absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (absl::Now() < deadline) {
    absl::MutexLock lock(&mu);
    if (acknowledged.size() > before_recovery + 5) break;
    mu.Unlock();
    absl::SleepFor(absl::Milliseconds(100));
    mu.Lock();
  }
  stop = true;
  writer.join();
  EXPECT_GT(unavailable.load(), 0) << "the outage was seen";

  // Every replica is back (each reconnects by itself), and every acknowledged write is there.
  for (Replica& replica : replicas_) {
    EXPECT_EQ(AwaitHealth(*replica.channel, "jisr.v1.ArticleService", HealthStatus::SERVING),
              HealthStatus::SERVING);
  }
  v1::ListRevisionsRequest list;
  list.set_parent(variant.name());
  list.set_page_size(500);
  list.set_view(v1::REVISION_VIEW_FULL);
  std::map<int64_t, std::string> stored;
  do {
    v1::ListRevisionsResponse page;
    ASSERT_TRUE(stub(2).ListRevisions(Call().get(), list, &page).ok());
    for (const auto& r : page.revisions()) stored[r.number()] = r.snapshot().headline();
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());
  absl::MutexLock lock(&mu);
  EXPECT_GT(acknowledged.size(), before_recovery) << "writes succeeded again after recovery";
  for (const auto& [number, headline] : acknowledged) {
    EXPECT_EQ(stored[number], headline) << "acknowledged revision " << number;
  }
}

}  // namespace
}  // namespace jisr
