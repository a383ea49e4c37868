// Concurrent writers: read-modify-write of one row serializes, and events from concurrent
// transactions never appear below a sequence a reader has already seen.
#include <algorithm>
#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "services/common/status_macros.h"
#include "tests/storage/storage_contract.h"

namespace jisr::testing {
namespace {

using storage::Transaction;

class ConcurrencyContract : public StorageContractTest {};

// Runs `body` in write transactions until one commits, retrying conflicts as the domain does.
absl::Status WriteRetryingConflicts(storage::Storage& storage,
                                    const std::function<absl::Status(Transaction&)>& body,
                                    std::atomic<int>* conflicts) {
  while (true) {
    absl::Status status = [&]() -> absl::Status {
      JISR_ASSIGN_OR_RETURN(auto txn, storage.BeginWrite());
      JISR_RETURN_IF_ERROR(body(*txn));
      return txn->Commit();
    }();
    if (!storage::IsConflict(status)) return status;
    ++*conflicts;
  }
}

TEST_P(ConcurrencyContract, ReadModifyWriteOfOneRowNeverLosesAnUpdate) {
  JISR_ASSERT_OK(Seed(Variant("v1", "s1", "en", "a")));
  // The seeded row has version 1: revision numbers follow versions, starting at 2.
  constexpr int kThreads = 8;
  constexpr int kIncrementsPerThread = 6;
  std::atomic<int> conflicts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kIncrementsPerThread; ++i) {
        absl::Status status = WriteRetryingConflicts(
            storage(),
            [&](Transaction& txn) -> absl::Status {
              JISR_ASSIGN_OR_RETURN(auto variant, txn.GetVariant("v1"));
              if (!variant.has_value()) return absl::NotFoundError("v1 vanished");
              variant->version += 1;
              variant->data = "written by thread " + std::to_string(t);
              JISR_RETURN_IF_ERROR(txn.UpdateVariant(*variant));
              JISR_RETURN_IF_ERROR(txn.InsertRevision({"v1", variant->version, 0, variant->data}));
              return txn.AppendEvent(Event("v1", variant->version));
            },
            &conflicts);
        EXPECT_THAT(status, IsOk());
      }
    });
  }
  for (auto& thread : threads) thread.join();

  constexpr int kTotal = kThreads * kIncrementsPerThread;
  JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginRead());
  JISR_ASSERT_OK_AND_ASSIGN(auto variant, txn->GetVariant("v1"));
  EXPECT_EQ(variant->version, 1 + kTotal);
  JISR_ASSERT_OK_AND_ASSIGN(auto revisions, txn->ListRevisions("v1", 0, 1000));
  ASSERT_EQ(revisions.size(), static_cast<size_t>(kTotal));
  for (int i = 0; i < kTotal; ++i) {
    EXPECT_EQ(revisions[i].number, 1 + kTotal - i);  // newest first, no gap, no repeat
  }
  JISR_ASSERT_OK_AND_ASSIGN(auto events, storage().ReadEvents(0, 1000));
  ASSERT_EQ(events.size(), static_cast<size_t>(kTotal));
  for (int i = 0; i < kTotal; ++i) {
    // Each transaction read the version its predecessor committed: event order is that order.
    EXPECT_EQ(events[i].revision, 2 + i);
  }
  RecordProperty("conflicts_retried", conflicts.load());
}

TEST_P(ConcurrencyContract, ReadersNeverFindANewEventBelowOneTheySaw) {
  constexpr int kWriters = 6;
  constexpr int kCommitsPerWriter = 25;
  constexpr int kTotal = kWriters * kCommitsPerWriter;
  std::atomic<bool> writers_done{false};
  std::atomic<int> conflicts{0};

  // The reader follows the feed as a change-feed client does: always from the last sequence it
  // saw. An event committed later with a lower sequence would be skipped, and show up below.
  std::set<int64_t> seen;
  std::thread reader([&] {
    int64_t last = 0;
    while (true) {
      bool done = writers_done.load();
      auto events = storage().ReadEvents(last, 50);
      ASSERT_THAT(events, IsOk());
      for (const auto& e : *events) {
        ASSERT_GT(e.sequence, last) << "ReadEvents went backwards";
        last = e.sequence;
        seen.insert(e.sequence);
      }
      if (done && events->empty()) return;
      if (events->empty()) storage().WaitForEvents(last, absl::Milliseconds(50));
    }
  });

  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kCommitsPerWriter; ++i) {
        // Each writer its own rows, so on PostgreSQL the transactions overlap for real.
        std::string story_id = "s" + std::to_string(w) + "-" + std::to_string(i);
        absl::Status status = WriteRetryingConflicts(
            storage(),
            [&](Transaction& txn) -> absl::Status {
              JISR_RETURN_IF_ERROR(txn.InsertStory(Story(story_id)));
              JISR_RETURN_IF_ERROR(txn.AppendEvent(Event(story_id, 1)));
              if (i % 3 == 0) JISR_RETURN_IF_ERROR(txn.AppendEvent(Event(story_id, 2)));
              return absl::OkStatus();
            },
            &conflicts);
        EXPECT_THAT(status, IsOk());
      }
    });
  }
  for (auto& writer : writers) writer.join();
  writers_done = true;
  reader.join();

  JISR_ASSERT_OK_AND_ASSIGN(auto all, storage().ReadEvents(0, 10'000));
  const size_t expected = kTotal + kWriters * ((kCommitsPerWriter + 2) / 3);
  ASSERT_EQ(all.size(), expected);
  std::set<int64_t> committed;
  for (size_t i = 0; i < all.size(); ++i) {
    if (i > 0) {
      EXPECT_LT(all[i - 1].sequence, all[i].sequence);
    }
    committed.insert(all[i].sequence);
  }
  std::vector<int64_t> missed;
  std::set_difference(committed.begin(), committed.end(), seen.begin(), seen.end(),
                      std::back_inserter(missed));
  EXPECT_TRUE(missed.empty()) << missed.size() << " events appeared below a sequence the "
                              << "reader had already passed, first " << missed.front();
  // Both events of one transaction are adjacent: nothing interleaves within a commit.
  for (size_t i = 0; i + 1 < all.size(); ++i) {
    if (all[i + 1].revision == 2) {
      EXPECT_EQ(all[i].story_id, all[i + 1].story_id);
    }
  }
}

TEST_P(ConcurrencyContract, ConcurrentClaimsNeverShareASchedule) {
  if (!database().ConcurrentWriters()) {
    GTEST_SKIP() << "SQLite runs one write transaction at a time";
  }
  JISR_ASSERT_OK(Write([](Transaction& txn) -> absl::Status {
    for (int i = 0; i < 6; ++i) {
      JISR_RETURN_IF_ERROR(txn.InsertSchedule({"sch" + std::to_string(i), i, 1, {}, "d"}));
    }
    return absl::OkStatus();
  }));
  JISR_ASSERT_OK_AND_ASSIGN(auto first, storage().BeginWrite());
  JISR_ASSERT_OK_AND_ASSIGN(auto claimed_first, first->ClaimDueSchedules(1, 100, 4));
  JISR_ASSERT_OK_AND_ASSIGN(auto second, storage().BeginWrite());
  JISR_ASSERT_OK_AND_ASSIGN(auto claimed_second, second->ClaimDueSchedules(1, 100, 4));
  EXPECT_THAT(Ids(claimed_first), ::testing::ElementsAre("sch0", "sch1", "sch2", "sch3"));
  EXPECT_THAT(Ids(claimed_second), ::testing::ElementsAre("sch4", "sch5"));
}

JISR_INSTANTIATE_FOR_EVERY_ENGINE(ConcurrencyContract);

}  // namespace
}  // namespace jisr::testing
