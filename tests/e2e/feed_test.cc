// The change feed and scheduled publishing end to end, against jisrd processes on loopback
// with a real SQLite file: a watcher that disconnects mid-stream and resumes gets exactly the
// committed changes in commit order; a schedule fires once across a restart around its due time.
#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <atomic>
#include <map>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jisr/v1/article_service.grpc.pb.h"
#include "tests/testing/jisrd_process.h"
#include "tests/testing/temp_dir.h"

namespace jisr {
namespace {

namespace v1 = ::jisr::v1;

std::unique_ptr<grpc::ClientContext> Call(int seconds = 30) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("x-jisr-author", "feed-test@newsroom.test");
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  return context;
}

std::unique_ptr<v1::ArticleService::Stub> Connect(const std::string& target) {
  return v1::ArticleService::NewStub(
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
}

// Reads a Watch stream from `cursor` into `events` until `stop()` says so (then cancels: a
// disconnect mid-stream) or `seconds` pass. Returns the cursor of the last event received.
std::string ReadFeed(v1::ArticleService::Stub& stub, const std::string& cursor,
                     std::vector<v1::ChangeEvent>& events, const std::function<bool()>& stop,
                     int seconds = 120) {
  grpc::ClientContext context;
  const auto deadline = std::chrono::system_clock::now() + std::chrono::seconds(seconds);
  context.set_deadline(deadline);
  v1::WatchRequest request;
  request.set_cursor(cursor);
  request.set_from_oldest(cursor.empty());
  auto reader = stub.Watch(&context, request);
  std::string last = cursor;
  v1::ChangeEvent event;
  while (!stop() && reader->Read(&event)) {
    last = event.cursor();
    events.push_back(event);
  }
  const bool stopped = stop();
  context.TryCancel();
  grpc::Status status = reader->Finish();
  const bool timed_out = std::chrono::system_clock::now() >= deadline;
  if (!stopped && !timed_out) {
    ADD_FAILURE() << "the watch ended: " << status.error_code() << " " << status.error_message();
  }
  return last;
}

class FeedTest : public ::testing::Test {
 protected:
  void Start() {
    auto started = testing::JisrdProcess::Start({"--data_path=" + dir_.File("jisr.db"),
                                                 "--schedule_interval=200ms"},
                                                dir_.path());
    ASSERT_TRUE(started.ok()) << started.status();
    jisrd_ = std::make_unique<testing::JisrdProcess>(std::move(*started));
    stub_ = Connect(jisrd_->target());
  }
  void SetUp() override { Start(); }
  // Closes this test's connection first: a server shutting down waits for open connections.
  void Restart() {
    stub_.reset();
    jisrd_->Signal(SIGTERM);
    Start();
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::JisrdProcess> jisrd_;
  std::unique_ptr<v1::ArticleService::Stub> stub_;
};

TEST_F(FeedTest, AWatcherThatDisconnectsAndResumesGetsExactlyTheCommittedChangesInOrder) {
  constexpr int kWriters = 8;
  constexpr int kWritesEach = 1250;  // 10,000 writes in all
  std::vector<v1::Variant> variants(kWriters);
  for (int w = 0; w < kWriters; ++w) {
    v1::CreateVariantRequest create;
    create.mutable_variant()->set_language(w % 2 == 0 ? "en" : "ar");
    create.mutable_variant()->set_headline(absl::StrCat("Writer ", w));
    ASSERT_TRUE(stub_->CreateVariant(Call().get(), create, &variants[w]).ok());
  }

  std::atomic<int> written{0};
  std::atomic<bool> writers_done{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      auto stub = Connect(jisrd_->target());
      for (int n = 0; n < kWritesEach; ++n) {
        v1::UpdateVariantRequest update;
        update.mutable_variant()->set_name(variants[w].name());
        update.mutable_variant()->set_headline(absl::StrCat("Writer ", w, " edit ", n));
        update.mutable_update_mask()->add_paths("headline");
        v1::Variant out;
        grpc::Status status = stub->UpdateVariant(Call().get(), update, &out);
        ASSERT_TRUE(status.ok()) << status.error_message();
        ++written;
      }
    });
  }

  // Watch from the start; disconnect mid-stream while the writes go in; resume from the cursor.
  std::vector<v1::ChangeEvent> events;
  auto watcher = Connect(jisrd_->target());
  std::string cursor = ReadFeed(*watcher, "", events, [&] { return events.size() >= 2500; });
  ASSERT_GE(events.size(), 2500u);
  const int written_at_disconnect = written.load();
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_LT(written_at_disconnect, kWriters * kWritesEach) << "the disconnect was mid-stream";

  for (auto& t : writers) t.join();
  writers_done = true;
  // The total the feed must hold: per variant one CREATED and one UPDATED per revision after 1,
  // plus one CREATED per story.
  const size_t expected = kWriters * 2 + kWriters * kWritesEach;
  cursor = ReadFeed(*watcher, cursor, events, [&] { return events.size() >= expected; });
  ASSERT_EQ(events.size(), expected);

  // Commit order: sequences strictly increase with no gap and no duplicate.
  for (size_t i = 0; i < events.size(); ++i) {
    ASSERT_EQ(events[i].sequence(), static_cast<int64_t>(i + 1)) << "at event " << i;
  }
  // Checked against each variant's revision log.
  std::map<std::string, std::vector<int64_t>> revisions_seen;
  for (const auto& e : events) {
    if (!e.variant().empty()) revisions_seen[e.variant()].push_back(e.revision());
  }
  for (const v1::Variant& v : variants) {
    v1::ListRevisionsRequest list;
    list.set_parent(v.name());
    list.set_page_size(500);
    std::vector<int64_t> log;
    do {
      v1::ListRevisionsResponse page;
      ASSERT_TRUE(stub_->ListRevisions(Call().get(), list, &page).ok());
      for (const auto& r : page.revisions()) log.insert(log.begin(), r.number());
      list.set_page_token(page.next_page_token());
    } while (!list.page_token().empty());
    EXPECT_EQ(revisions_seen[v.name()], log) << v.name();
    EXPECT_EQ(log.size(), static_cast<size_t>(kWritesEach + 1));
  }
}

TEST_F(FeedTest, AWatcherResumesAcrossAServerRestart) {
  auto write = [&](const std::string& headline) {
    v1::CreateVariantRequest create;
    create.mutable_variant()->set_language("en");
    create.mutable_variant()->set_headline(headline);
    v1::Variant out;
    ASSERT_TRUE(stub_->CreateVariant(Call().get(), create, &out).ok());
  };
  write("Before the restart");
  std::vector<v1::ChangeEvent> events;
  std::string cursor = ReadFeed(*stub_, "", events, [&] { return events.size() >= 2; });
  ASSERT_EQ(events.size(), 2u);
  Restart();
  write("After the restart");
  cursor = ReadFeed(*stub_, cursor, events, [&] { return events.size() >= 4; });
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[2].sequence(), 3);
  EXPECT_EQ(events[3].kind(), v1::CHANGE_KIND_CREATED);
  EXPECT_EQ(events[3].language(), "en");
  EXPECT_EQ(events[3].revision(), 1);
}

TEST_F(FeedTest, AScheduledPublishFiresExactlyOnceAcrossARestartStraddlingItsDueTime) {
  v1::CreateVariantRequest create;
  create.mutable_variant()->set_language("en");
  create.mutable_variant()->set_headline("Embargoed");
  v1::Variant variant;
  ASSERT_TRUE(stub_->CreateVariant(Call().get(), create, &variant).ok());
  const absl::Time due = absl::Now() + absl::Seconds(2);
  v1::CreateScheduleRequest schedule_request;
  schedule_request.mutable_schedule()->add_variants(variant.name());
  schedule_request.mutable_schedule()->set_action(v1::SCHEDULE_ACTION_PUBLISH);
  schedule_request.mutable_schedule()->mutable_due_time()->set_seconds(absl::ToUnixSeconds(due));
  v1::Schedule schedule;
  ASSERT_TRUE(stub_->CreateSchedule(Call().get(), schedule_request, &schedule).ok());

  stub_.reset();
  jisrd_->Signal(SIGTERM);  // down before the due time...
  absl::SleepFor(due + absl::Seconds(1) - absl::Now());
  Start();  // ...and up after it.

  v1::GetScheduleRequest get;
  get.set_name(schedule.name());
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (absl::Now() < deadline) {
    ASSERT_TRUE(stub_->GetSchedule(Call().get(), get, &schedule).ok());
    if (schedule.state() != v1::SCHEDULE_STATE_PENDING) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  ASSERT_EQ(schedule.state(), v1::SCHEDULE_STATE_DONE);

  // Another restart, and time for the scheduler to look again: still published once.
  Restart();
  absl::SleepFor(absl::Seconds(1));
  std::vector<v1::ChangeEvent> events;
  ReadFeed(*stub_, "", events, [&] { return false; }, /*seconds=*/2);
  int publishes = 0;
  for (const auto& e : events) {
    if (e.kind() == v1::CHANGE_KIND_PUBLISHED && e.variant() == variant.name()) {
      ++publishes;
      EXPECT_EQ(e.author(), "jisr-scheduler");
    }
  }
  EXPECT_EQ(publishes, 1);
  v1::GetVariantRequest read;
  read.set_name(variant.name());
  v1::Variant page;
  ASSERT_TRUE(stub_->GetVariant(Call().get(), read, &page).ok());
  EXPECT_EQ(page.state(), v1::VARIANT_STATE_PUBLISHED);
}

}  // namespace
}  // namespace jisr
