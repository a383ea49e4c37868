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
#include "clients/cpp/article_client.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "jisr/v1/article_service.grpc.pb.h"
#include "tests/testing/jisrd_process.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_credentials.h"

namespace jisr {
namespace {

namespace v1 = ::jisr::v1;

// Every call and watch here is the newsroom's editor's: a reader's feed has publications only.
std::unique_ptr<grpc::ClientContext> Call(int seconds = 30) {
  auto context = std::make_unique<grpc::ClientContext>();
  testing::TestCredentials::Get().Authorize(*context, testing::kTestEditor);
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
  testing::TestCredentials::Get().Authorize(context, testing::kTestEditor);
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

// The ErrorInfo in a status's google.rpc details (empty when there is none).
google::rpc::ErrorInfo ErrorInfoOf(const grpc::Status& status) {
  google::rpc::Status details;
  google::rpc::ErrorInfo info;
  EXPECT_TRUE(details.ParseFromString(status.error_details())) << status.error_message();
  for (const auto& any : details.details()) {
    if (any.UnpackTo(&info)) break;
  }
  return info;
}

class FeedTest : public ::testing::Test {
 protected:
  void Start(const std::vector<std::string>& extra_flags = {}) {
    std::vector<std::string> flags = {"--data_path=" + dir_.File("jisr.db"),
                                      "--schedule_interval=200ms"};
    flags.insert(flags.end(), extra_flags.begin(), extra_flags.end());
    auto started = testing::JisrdProcess::Start(flags, dir_.path());
    ASSERT_TRUE(started.ok()) << started.status();
    jisrd_ = std::make_unique<testing::JisrdProcess>(std::move(*started));
    stub_ = Connect(jisrd_->target());
  }
  void SetUp() override { Start(); }
  // Closes this test's connection first: a server shutting down waits for open connections.
  void Restart(const std::vector<std::string>& extra_flags = {}) {
    stub_.reset();
    jisrd_->Signal(SIGTERM);
    Start(extra_flags);
  }

  // Creates a variant and edits it `edits` times: 2 + edits events.
  void WriteEvents(int edits) {
    v1::CreateVariantRequest create;
    create.mutable_variant()->set_language("en");
    create.mutable_variant()->set_headline("Edited often");
    v1::Variant variant;
    ASSERT_TRUE(stub_->CreateVariant(Call().get(), create, &variant).ok());
    for (int n = 0; n < edits; ++n) {
      v1::UpdateVariantRequest update;
      update.mutable_variant()->set_name(variant.name());
      update.mutable_variant()->set_headline(absl::StrCat("Edit ", n));
      update.mutable_update_mask()->add_paths("headline");
      v1::Variant out;
      ASSERT_TRUE(stub_->UpdateVariant(Call().get(), update, &out).ok());
    }
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
  ASSERT_NO_FATAL_FAILURE(Restart());
  write("After the restart");
  cursor = ReadFeed(*stub_, cursor, events, [&] { return events.size() >= 4; });
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[2].sequence(), 3);
  EXPECT_EQ(events[3].kind(), v1::CHANGE_KIND_CREATED);
  EXPECT_EQ(events[3].language(), "en");
  EXPECT_EQ(events[3].revision(), 1);
}

// Far behind is not falling behind: a watcher starting (or resuming) 20 times --watch_max_behind
// events back reads them all in one stream.
TEST_F(FeedTest, AWatcherFarBehindCatchesUpInOneStream) {
  ASSERT_NO_FATAL_FAILURE(Restart({"--watch_max_behind=25"}));
  WriteEvents(500);
  std::vector<v1::ChangeEvent> events;
  ReadFeed(*stub_, "", events, [&] { return events.size() >= 502; });
  ASSERT_EQ(events.size(), 502u);
  std::vector<v1::ChangeEvent> resumed;
  ReadFeed(*stub_, events[9].cursor(), resumed, [&] { return resumed.size() >= 492; });
  ASSERT_EQ(resumed.size(), 492u);
  for (size_t i = 0; i < resumed.size(); ++i) {
    ASSERT_EQ(resumed[i].sequence(), static_cast<int64_t>(i + 11)) << "at event " << i;
  }
}

// The screens of one client share its connection: jisrd writes the streams of a connection
// together (more of them than it writes in one burst here, and several messages of a stream at
// once), and each stream still gets every event, in commit order, while the newsroom writes.
TEST_F(FeedTest, ManyWatchersOnOneConnectionEachGetEveryEventInOrder) {
  constexpr int kWatchers = 80;
  constexpr int kEdits = 150;
  ASSERT_NO_FATAL_FAILURE(Restart({"--max_watch_streams_per_caller=100"}));
  WriteEvents(0);                           // events 1-2, before the watchers
  auto shared = Connect(jisrd_->target());  // one channel: one connection for every watcher
  std::vector<std::vector<v1::ChangeEvent>> events(kWatchers);
  std::vector<std::thread> watchers;
  for (int w = 0; w < kWatchers; ++w) {
    watchers.emplace_back([&, w] {
      ReadFeed(*shared, "", events[w], [&, w] { return events[w].size() >= 2 + 2 + kEdits; });
    });
  }
  WriteEvents(kEdits);  // events 3 to 154, while they watch
  for (auto& t : watchers) t.join();
  for (int w = 0; w < kWatchers; ++w) {
    ASSERT_EQ(events[w].size(), 2u + 2 + kEdits) << "watcher " << w;
    for (size_t i = 0; i < events[w].size(); ++i) {
      ASSERT_EQ(events[w][i].sequence(), static_cast<int64_t>(i + 1))
          << "watcher " << w << " at event " << i;
    }
  }
}

// A watcher that stops reading while the newsroom writes is told to resume (ABORTED,
// WATCH_BEHIND, with the cursor to resume from) and, resuming, misses nothing.
TEST_F(FeedTest, AWatcherThatFallsBehindIsToldToResumeAndMissesNothing) {
  ASSERT_NO_FATAL_FAILURE(Restart({"--watch_max_behind=25"}));
  WriteEvents(0);
  // A small receive window, so the server cannot run far ahead of a client that is not reading.
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  args.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 1024);
  auto watcher = v1::ArticleService::NewStub(
      grpc::CreateCustomChannel(jisrd_->target(), grpc::InsecureChannelCredentials(), args));
  auto context = Call(120);
  v1::WatchRequest request;
  request.set_from_oldest(true);
  auto reader = watcher->Watch(context.get(), request);
  std::vector<v1::ChangeEvent> events;
  v1::ChangeEvent event;
  ASSERT_TRUE(reader->Read(&event));
  events.push_back(event);

  WriteEvents(300);  // while the watcher reads nothing
  while (reader->Read(&event)) events.push_back(event);
  grpc::Status status = reader->Finish();
  ASSERT_EQ(status.error_code(), grpc::StatusCode::ABORTED) << status.error_message();
  const google::rpc::ErrorInfo info = ErrorInfoOf(status);
  EXPECT_EQ(info.reason(), "WATCH_BEHIND");
  EXPECT_EQ(info.metadata().at("cursor"), events.back().cursor());
  EXPECT_LT(events.size(), 304u);

  ReadFeed(*stub_, events.back().cursor(), events, [&] { return events.size() >= 304; });
  ASSERT_EQ(events.size(), 304u);
  for (size_t i = 0; i < events.size(); ++i) {
    ASSERT_EQ(events[i].sequence(), static_cast<int64_t>(i + 1)) << "at event " << i;
  }
}

// A watcher that asks for heartbeats gets them while nothing it wants happens, each with a
// cursor past the events its filter left out: resuming from it rereads nothing.
TEST_F(FeedTest, HeartbeatsKeepAFilteredWatchersCursorCurrent) {
  WriteEvents(1);  // English: events 1-3, before the watcher
  auto context = Call(60);
  v1::WatchRequest request;
  request.set_from_oldest(true);
  request.add_languages("ar");  // an Arabic desk's publishing feed
  request.add_kinds(v1::CHANGE_KIND_PUBLISHED);
  request.mutable_heartbeat_interval()->set_seconds(1);
  auto reader = stub_->Watch(context.get(), request);
  v1::ChangeEvent event;
  ASSERT_TRUE(reader->Read(&event));
  EXPECT_EQ(event.kind(), v1::CHANGE_KIND_HEARTBEAT);
  EXPECT_EQ(event.sequence(), 3) << "past the English events it was not sent";
  EXPECT_TRUE(event.variant().empty());

  WriteEvents(2);  // English: events 4-7, while the watcher waits
  int64_t seen_through = 0;
  while (seen_through < 7 && reader->Read(&event)) {
    ASSERT_EQ(event.kind(), v1::CHANGE_KIND_HEARTBEAT) << "only heartbeats: nothing published";
    EXPECT_GE(event.sequence(), seen_through);
    seen_through = event.sequence();
  }
  ASSERT_EQ(seen_through, 7);
  context->TryCancel();
  reader->Finish();

  // Resumed from the last heartbeat's cursor, the stream's next event is the next change.
  v1::CreateVariantRequest create;
  create.mutable_variant()->set_language("ar");
  create.mutable_variant()->set_headline("بلينكن يلتقي شي");
  v1::Variant arabic;
  ASSERT_TRUE(stub_->CreateVariant(Call().get(), create, &arabic).ok());
  std::vector<v1::ChangeEvent> resumed;
  ReadFeed(*stub_, event.cursor(), resumed, [&] { return resumed.size() >= 1; });
  ASSERT_EQ(resumed.size(), 1u);
  EXPECT_EQ(resumed[0].sequence(), 8);
}

TEST_F(FeedTest, AHeartbeatIntervalUnderASecondIsRefused) {
  grpc::ClientContext context;
  v1::WatchRequest request;
  request.mutable_heartbeat_interval()->set_nanos(100000000);
  auto reader = stub_->Watch(&context, request);
  v1::ChangeEvent event;
  EXPECT_FALSE(reader->Read(&event));
  grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("heartbeat_interval"));
}

// Shutting down, jisrd ends its Watch streams itself, each with the cursor to resume from,
// rather than holding its shutdown for them.
TEST_F(FeedTest, AReplicaShuttingDownEndsItsWatchStreamsWithTheCursorToResumeFrom) {
  ASSERT_NO_FATAL_FAILURE(Restart({"--shutdown_grace=120s"}));
  WriteEvents(3);
  auto watcher = Connect(jisrd_->target());
  grpc::ClientContext context;
  testing::TestCredentials::Get().Authorize(context, testing::kTestEditor);
  v1::WatchRequest request;
  request.set_from_oldest(true);
  auto reader = watcher->Watch(&context, request);
  std::vector<v1::ChangeEvent> events;
  v1::ChangeEvent event;
  while (events.size() < 5 && reader->Read(&event)) events.push_back(event);
  ASSERT_EQ(events.size(), 5u);

  stub_.reset();
  jisrd_->Signal(SIGTERM);
  EXPECT_FALSE(reader->Read(&event));
  grpc::Status status = reader->Finish();
  ASSERT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  const google::rpc::ErrorInfo info = ErrorInfoOf(status);
  EXPECT_EQ(info.reason(), "SHUTTING_DOWN");
  EXPECT_EQ(info.metadata().at("cursor"), events.back().cursor());
}

// The C++ client's Follow reconnects by itself. Cut off before its first event, while the
// newsroom writes, it still gets those writes: it resumes from where its first stream started.
TEST_F(FeedTest, TheClientFollowsTheFeedAcrossARestartAndMissesNothing) {
  const int port = jisrd_->port();
  client::ClientOptions options;
  options.target = jisrd_->target();
  options.token = testing::TestCredentials::Get().Token(testing::kTestEditor);
  auto client = client::ArticleClient::Connect(options);
  ASSERT_TRUE(client.ok()) << client.status();

  absl::Mutex mu;
  std::vector<std::string> connected_after;
  std::vector<absl::Status> reconnects;
  std::vector<v1::ChangeEvent> followed;
  client::ArticleClient::FollowOptions follow;
  // Long enough for the restart and the writes below to happen while the follower waits.
  follow.initial_backoff = follow.max_backoff = absl::Seconds(6);
  follow.on_connected = [&](const std::string& cursor) {
    absl::MutexLock lock(&mu);
    connected_after.push_back(cursor);
  };
  follow.on_reconnecting = [&](const absl::Status& why, absl::Duration) {
    absl::MutexLock lock(&mu);
    reconnects.push_back(why);
  };
  absl::Status followed_status;
  std::thread follower([&] {
    followed_status = (*client)->Follow(
        v1::WatchRequest(),
        [&](const v1::ChangeEvent& event) {
          absl::MutexLock lock(&mu);
          followed.push_back(event);
          return followed.size() < 4;
        },
        follow);
  });
  auto count = [&](auto& v) {
    absl::MutexLock lock(&mu);
    return v.size();
  };
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  while (count(connected_after) < 1 && absl::Now() < deadline)
    absl::SleepFor(absl::Milliseconds(20));
  ASSERT_EQ(count(connected_after), 1u);

  ASSERT_NO_FATAL_FAILURE(Restart({absl::StrCat("--listen=127.0.0.1:", port)}));
  ASSERT_EQ(jisrd_->port(), port);
  WriteEvents(0);  // two events while the follower waits to reconnect
  while (count(followed) < 2 && absl::Now() < deadline) absl::SleepFor(absl::Milliseconds(20));
  WriteEvents(0);  // and two once it is back
  follower.join();

  ASSERT_TRUE(followed_status.ok()) << followed_status;
  ASSERT_EQ(followed.size(), 4u);
  for (size_t i = 0; i < followed.size(); ++i) {
    EXPECT_EQ(followed[i].sequence(), static_cast<int64_t>(i + 1)) << "at event " << i;
  }
  EXPECT_GE(reconnects.size(), 1u);
  ASSERT_GE(connected_after.size(), 2u);
  EXPECT_EQ(connected_after[1], connected_after[0]) << "it resumed where it started";
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
  ASSERT_NO_FATAL_FAILURE(Restart());
  absl::SleepFor(absl::Seconds(1));
  std::vector<v1::ChangeEvent> events;
  ReadFeed(
      *stub_, "", events, [&] { return false; }, /*seconds=*/2);
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
