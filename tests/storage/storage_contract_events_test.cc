// The event outbox: sequences in commit order, reads after a point, and waking waiters.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "services/common/status_macros.h"
#include "tests/storage/storage_contract.h"

namespace jisr::testing {
namespace {

using storage::Transaction;
using ::testing::ElementsAre;

class EventsContract : public StorageContractTest {};

std::vector<int64_t> Sequences(const std::vector<storage::EventRow>& events) {
  std::vector<int64_t> out;
  for (const auto& e : events) out.push_back(e.sequence);
  return out;
}

TEST_P(EventsContract, SequencesIncreaseInCommitOrderAndRoundTrip) {
  JISR_ASSERT_OK_AND_ASSIGN(int64_t start, storage().LastEventSequence());
  EXPECT_EQ(start, 0);
  storage::EventRow first = Event("v1", 1);
  first.data = AllBytes();
  JISR_ASSERT_OK(Write([&](Transaction& txn) -> absl::Status {
    JISR_RETURN_IF_ERROR(txn.AppendEvent(first));
    return txn.AppendEvent(Event("v1", 2));
  }));
  JISR_ASSERT_OK(Write([](Transaction& txn) { return txn.AppendEvent(Event("v2", 1)); }));

  JISR_ASSERT_OK_AND_ASSIGN(auto events, storage().ReadEvents(0, 100));
  ASSERT_EQ(events.size(), 3u);
  EXPECT_LT(events[0].sequence, events[1].sequence);
  EXPECT_LT(events[1].sequence, events[2].sequence);
  EXPECT_EQ(Tie(events[0]), Tie(first));
  EXPECT_EQ(Tie(events[1]), Tie(Event("v1", 2)));
  EXPECT_EQ(Tie(events[2]), Tie(Event("v2", 1)));
  JISR_ASSERT_OK_AND_ASSIGN(int64_t last, storage().LastEventSequence());
  EXPECT_EQ(last, events[2].sequence);

  JISR_ASSERT_OK_AND_ASSIGN(auto after_first, storage().ReadEvents(events[0].sequence, 100));
  EXPECT_THAT(Sequences(after_first), ElementsAre(events[1].sequence, events[2].sequence));
  JISR_ASSERT_OK_AND_ASSIGN(auto limited, storage().ReadEvents(0, 1));
  EXPECT_THAT(Sequences(limited), ElementsAre(events[0].sequence));
  JISR_ASSERT_OK_AND_ASSIGN(auto none, storage().ReadEvents(last, 100));
  EXPECT_TRUE(none.empty());
}

TEST_P(EventsContract, SequencesFollowCommitOrderNotBeginOrder) {
  if (!database().ConcurrentWriters()) {
    GTEST_SKIP() << "SQLite runs one write transaction at a time: begin order is commit order";
  }
  JISR_ASSERT_OK_AND_ASSIGN(auto early, storage().BeginWrite());
  JISR_ASSERT_OK(early->InsertStory(Story("s-early")));
  JISR_ASSERT_OK(early->AppendEvent(Event("early", 1)));
  JISR_ASSERT_OK(Write([](Transaction& txn) -> absl::Status {
    JISR_RETURN_IF_ERROR(txn.InsertStory(Story("s-late")));
    return txn.AppendEvent(Event("late", 1));
  }));
  JISR_ASSERT_OK(early->Commit());
  JISR_ASSERT_OK_AND_ASSIGN(auto events, storage().ReadEvents(0, 100));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].variant_id, "late");
  EXPECT_EQ(events[1].variant_id, "early");
  EXPECT_LT(events[0].sequence, events[1].sequence);
}

TEST_P(EventsContract, WaitForEventsReturnsPromptlyAfterACommit) {
  JISR_ASSERT_OK_AND_ASSIGN(int64_t last, storage().LastEventSequence());
  std::atomic<bool> woke{false};
  absl::Time start = absl::Now();
  std::thread waiter([&] {
    storage().WaitForEvents(last, absl::Seconds(30));
    woke = true;
  });
  absl::SleepFor(absl::Milliseconds(100));
  JISR_ASSERT_OK(Write([](Transaction& txn) { return txn.AppendEvent(Event("v1", 1)); }));
  waiter.join();
  EXPECT_TRUE(woke);
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));

  // Events already past `after`: no wait at all.
  absl::Time again = absl::Now();
  storage().WaitForEvents(last, absl::Seconds(30));
  EXPECT_LT(absl::Now() - again, absl::Seconds(1));
}

TEST_P(EventsContract, WaitForEventsWakesOnAnotherInstancesCommit) {
  if (!database().ConcurrentWriters()) {
    GTEST_SKIP() << "an SQLite file is open in one process at a time";
  }
  JISR_ASSERT_OK_AND_ASSIGN(std::unique_ptr<storage::Storage> other, database().Open());
  JISR_ASSERT_OK_AND_ASSIGN(int64_t last, storage().LastEventSequence());
  for (int round = 1; round <= 3; ++round) {
    absl::Time start = absl::Now();
    std::thread committer([&] {
      absl::SleepFor(absl::Milliseconds(100));
      EXPECT_THAT(
          Write([&](Transaction& txn) { return txn.AppendEvent(Event("v9", round)); }, other.get()),
          IsOk());
    });
    storage().WaitForEvents(last, absl::Seconds(30));
    absl::Duration waited = absl::Now() - start;
    committer.join();
    EXPECT_LT(waited, absl::Seconds(5)) << "round " << round;
    JISR_ASSERT_OK_AND_ASSIGN(auto events, storage().ReadEvents(last, 100));
    ASSERT_EQ(events.size(), 1u) << "round " << round;
    EXPECT_EQ(events[0].revision, round);
    last = events[0].sequence;
  }
}

JISR_INSTANTIATE_FOR_EVERY_ENGINE(EventsContract);

}  // namespace
}  // namespace jisr::testing
