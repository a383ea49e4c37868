// Group commit on SQLite (services/storage/sqlite/group_commit.h), through the real storage on a
// real file: concurrent writers share one durable COMMIT, nothing is visible or acknowledged
// before it, and one writer's failure never loses another's acknowledged write.
#include <atomic>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/storage/sqlite/sqlite_storage.h"
#include "tests/testing/temp_dir.h"

namespace jisr::storage::sqlite {
namespace {

StoryRow Story(const std::string& id, size_t bytes = 100) {
  return StoryRow{id, 1, 1, false, std::string(bytes, 's')};
}

EventRow Event(const std::string& story) {
  EventRow e;
  e.time_micros = 1;
  e.story_id = story;
  e.kind = 1;
  return e;
}

class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(0); }

  void Open(int64_t max_bytes) {
    storage_.reset();
    SqliteOptions options;
    options.path = dir_.File("jisr.db");
    options.max_bytes = max_bytes;
    auto opened = SqliteStorage::Open(options);
    ASSERT_TRUE(opened.ok()) << opened.status();
    storage_ = *std::move(opened);
  }

  // A write transaction holding the writer connection, with `story` inserted and an event.
  std::unique_ptr<Transaction> Write(const std::string& story, size_t bytes = 100) {
    auto txn = storage_->BeginWrite();
    EXPECT_TRUE(txn.ok()) << txn.status();
    if (!txn.ok()) return nullptr;
    EXPECT_TRUE((*txn)->InsertStory(Story(story, bytes)).ok());
    EXPECT_TRUE((*txn)->AppendEvent(Event(story)).ok());
    return *std::move(txn);
  }

  bool Visible(const std::string& story) {
    auto txn = storage_->BeginRead();
    EXPECT_TRUE(txn.ok());
    auto row = (*txn)->GetStory(story);
    EXPECT_TRUE(row.ok());
    return row.ok() && row->has_value();
  }

  // Waits until `n` writers wait for the connection (they are blocked in BeginWrite).
  void AwaitWaiting(int n) {
    while (storage_->group_commit_stats().waiting < n) absl::SleepFor(absl::Milliseconds(1));
  }

  testing::TempDir dir_;
  std::unique_ptr<SqliteStorage> storage_;
};

TEST_F(GroupCommitTest, AWriterAloneCommitsAtOnce) {
  auto txn = Write("alone");
  ASSERT_TRUE(txn->Commit().ok());
  EXPECT_TRUE(Visible("alone"));
  EXPECT_EQ(storage_->group_commit_stats().batches, 1);
  EXPECT_EQ(storage_->group_commit_stats().transactions, 1);
}

TEST_F(GroupCommitTest, AFinishedWriteWaitsInvisibleForItsBatchAndSharesItsCommit) {
  auto first = Write("first");
  std::unique_ptr<Transaction> second;
  absl::Notification second_began;
  std::thread second_writer([&] {
    auto txn = storage_->BeginWrite();
    ASSERT_TRUE(txn.ok());
    second = *std::move(txn);
    second_began.Notify();
  });
  AwaitWaiting(1);
  std::atomic<bool> first_acknowledged{false};
  absl::Status first_commit;
  std::thread first_committer([&] {
    first_commit = first->Commit();
    first_acknowledged = true;
  });
  second_began.WaitForNotification();  // the first handed the connection on
  EXPECT_FALSE(Visible("first"));      // not durable, so not visible
  EXPECT_FALSE(first_acknowledged);    // and not acknowledged
  ASSERT_TRUE(second->InsertStory(Story("second")).ok());
  ASSERT_TRUE(second->AppendEvent(Event("second")).ok());
  ASSERT_TRUE(second->Commit().ok());
  first_committer.join();
  second_writer.join();
  EXPECT_TRUE(first_commit.ok()) << first_commit;
  EXPECT_TRUE(Visible("first"));
  EXPECT_TRUE(Visible("second"));
  EXPECT_EQ(storage_->group_commit_stats().batches, 1);
  EXPECT_EQ(storage_->group_commit_stats().transactions, 2);
  auto events = storage_->ReadEvents(0, 10);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].story_id, "first");  // commit order within the batch
  EXPECT_EQ((*events)[1].story_id, "second");
  EXPECT_EQ(*storage_->LastEventSequence(), (*events)[1].sequence);
}

TEST_F(GroupCommitTest, ALaterWriterRollingBackStillCommitsTheBatch) {
  auto first = Write("kept");
  std::thread later([&] {
    auto txn = storage_->BeginWrite();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE((*txn)->InsertStory(Story("discarded")).ok());
    // Destroyed without Commit: its savepoint rolls back, and it commits the batch it found.
  });
  AwaitWaiting(1);
  EXPECT_TRUE(first->Commit().ok());
  later.join();
  EXPECT_TRUE(Visible("kept"));
  EXPECT_FALSE(Visible("discarded"));
}

TEST_F(GroupCommitTest, ManyConcurrentWritersAreAllDurableWithGaplessEvents) {
  constexpr int kThreads = 8, kEach = 40;
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto txn = Write(absl::StrCat("s", t, "-", i));
        if (txn == nullptr || !txn->Commit().ok()) failures.fetch_add(1);
      }
    });
  }
  for (auto& w : writers) w.join();
  EXPECT_EQ(failures.load(), 0);
  const GroupCommit::Stats stats = storage_->group_commit_stats();
  EXPECT_EQ(stats.transactions, kThreads * kEach);
  std::printf("group commit: %lld transactions in %lld commits\n",
              static_cast<long long>(stats.transactions), static_cast<long long>(stats.batches));
  Open(0);  // reopened: everything acknowledged is on disk
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kEach; ++i) EXPECT_TRUE(Visible(absl::StrCat("s", t, "-", i)));
  }
  auto events = storage_->ReadEvents(0, kThreads * kEach + 1);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), static_cast<size_t>(kThreads * kEach));
  for (size_t i = 1; i < events->size(); ++i) {
    EXPECT_EQ((*events)[i].sequence, (*events)[i - 1].sequence + 1);  // no gaps
  }
}

// A writer that meets a full database fails; a write of the same batch already finished is
// either acknowledged and kept, or refused as a conflict (to retry) and absent: never
// acknowledged and lost.
TEST_F(GroupCommitTest, AFullDatabaseNeverLosesAnAcknowledgedWriteOfTheBatch) {
  Open(512 * 1024);
  auto first = Write("small");
  absl::Status big;
  std::thread later([&] {
    auto txn = storage_->BeginWrite();
    ASSERT_TRUE(txn.ok());
    big = (*txn)->InsertStory(Story("big", 4 * 1024 * 1024));
  });
  AwaitWaiting(1);
  const absl::Status small = first->Commit();
  later.join();
  EXPECT_TRUE(IsStorageFull(big)) << big;
  EXPECT_FALSE(Visible("big"));
  if (small.ok()) {
    EXPECT_TRUE(Visible("small"));
  } else {
    EXPECT_TRUE(IsConflict(small)) << small;
    EXPECT_FALSE(Visible("small"));
  }
  auto after = Write("after");  // the storage goes on
  EXPECT_TRUE(after->Commit().ok());
  EXPECT_TRUE(Visible("after"));
}

}  // namespace
}  // namespace jisr::storage::sqlite
