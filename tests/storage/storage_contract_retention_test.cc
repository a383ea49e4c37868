// Bounded data: request records and events deleted by age in small batches, the feed's pruned
// watermark, and the statements a purge needs (rewriting revisions, deleting the request records
// about a variant).
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "services/common/status_macros.h"
#include "tests/storage/storage_contract.h"

namespace jisr::testing {
namespace {

using storage::Transaction;
using ::testing::ElementsAre;

class RetentionContract : public StorageContractTest {
 protected:
  // Whether the request record `id` is there.
  bool HasRequest(const std::string& id) {
    auto txn = storage().BeginRead();
    EXPECT_TRUE(txn.ok()) << txn.status();
    if (!txn.ok()) return false;
    auto row = (*txn)->GetRequest(id);
    EXPECT_TRUE(row.ok()) << row.status();
    return row.ok() && row->has_value();
  }

  // Appends one event at each of `times`, one transaction each; returns their sequences.
  std::vector<int64_t> AppendEventsAt(const std::vector<int64_t>& times) {
    for (int64_t micros : times) {
      storage::EventRow event = Event("v1", micros);
      event.time_micros = micros;
      EXPECT_THAT(Write([&](Transaction& txn) { return txn.AppendEvent(event); }), IsOk());
    }
    return Sequences(0);
  }

  // The sequences of the events kept after `after`.
  std::vector<int64_t> Sequences(int64_t after) {
    auto events = storage().ReadEvents(after, 1000);
    EXPECT_TRUE(events.ok()) << events.status();
    std::vector<int64_t> out;
    for (const auto& e : events.value_or(std::vector<storage::EventRow>())) {
      out.push_back(e.sequence);
    }
    return out;
  }
};

TEST_P(RetentionContract, RequestsAreDeletedByAgeInBatchesOldestFirst) {
  JISR_ASSERT_OK(Write([](Transaction& txn) -> absl::Status {
    for (int64_t micros : {70, 10, 30, 20, 50, 40, 60, 100}) {
      JISR_RETURN_IF_ERROR(
          txn.InsertRequest({"req-" + std::to_string(micros), "m", "fp", micros, "r", "v1"}));
    }
    return absl::OkStatus();
  }));
  JISR_ASSERT_OK_AND_ASSIGN(int64_t deleted, storage().DeleteRequestsBefore(75, 3));
  EXPECT_EQ(deleted, 3);
  // Oldest first: the first batch took 10, 20 and 30.
  EXPECT_FALSE(HasRequest("req-30"));
  EXPECT_TRUE(HasRequest("req-40"));
  JISR_ASSERT_OK_AND_ASSIGN(deleted, storage().DeleteRequestsBefore(75, 3));
  EXPECT_EQ(deleted, 3);
  JISR_ASSERT_OK_AND_ASSIGN(deleted, storage().DeleteRequestsBefore(75, 3));
  EXPECT_EQ(deleted, 1);
  JISR_ASSERT_OK_AND_ASSIGN(deleted, storage().DeleteRequestsBefore(75, 3));
  EXPECT_EQ(deleted, 0);
  for (int micros : {10, 20, 30, 40, 50, 60, 70}) {
    EXPECT_FALSE(HasRequest("req-" + std::to_string(micros))) << micros;
  }
  EXPECT_TRUE(HasRequest("req-100"));
}

TEST_P(RetentionContract, AnExpiredRequestRecordIsForgottenAndItsIdRecordedAgain) {
  JISR_ASSERT_OK(Write([](Transaction& txn) {
    return txn.InsertRequest({"req-1", "m", "fp", 1, "first", "v1"});
  }));
  storage::RequestRow again{"req-1", "m", "other", 2, "second", ""};
  JISR_ASSERT_OK(Write([&](Transaction& txn) -> absl::Status {
    JISR_RETURN_IF_ERROR(txn.DeleteRequest("req-1"));
    JISR_RETURN_IF_ERROR(txn.DeleteRequest("never-recorded"));
    return txn.InsertRequest(again);
  }));
  JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginRead());
  JISR_ASSERT_OK_AND_ASSIGN(auto got, txn->GetRequest("req-1"));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(Tie(*got), Tie(again));
}

TEST_P(RetentionContract, CountRowsCountsRequestRecordsAndEvents) {
  JISR_ASSERT_OK_AND_ASSIGN(storage::Storage::TableRows empty, storage().CountRows());
  EXPECT_EQ(empty.requests, 0);
  EXPECT_EQ(empty.events, 0);
  JISR_ASSERT_OK(Write([](Transaction& txn) -> absl::Status {
    for (int64_t micros : {10, 20, 30}) {
      JISR_RETURN_IF_ERROR(
          txn.InsertRequest({"req-" + std::to_string(micros), "m", "fp", micros, "r", "v1"}));
    }
    return absl::OkStatus();
  }));
  AppendEventsAt({10, 20, 30, 40, 50});
  JISR_ASSERT_OK_AND_ASSIGN(int64_t deleted, storage().DeleteEventsBefore(35, 10));
  EXPECT_EQ(deleted, 3);
  JISR_ASSERT_OK_AND_ASSIGN(storage::Storage::TableRows rows, storage().CountRows());
  EXPECT_EQ(rows.requests, 3);
  EXPECT_EQ(rows.events, 2);
}

TEST_P(RetentionContract, RequestsAboutAVariantAreDeletedByColumnOrByContent) {
  const std::string mention = std::string("\x0bvariants/v1", 12);
  JISR_ASSERT_OK(Write([&](Transaction& txn) -> absl::Status {
    JISR_RETURN_IF_ERROR(txn.InsertRequest({"own", "m", "fp", 1, "about v1", "v1"}));
    JISR_RETURN_IF_ERROR(
        txn.InsertRequest({"old", "m", "fp", 1, "\x01\x02" + mention + "\xff", ""}));
    JISR_RETURN_IF_ERROR(txn.InsertRequest({"sibling", "m", "fp", 1, "x" + mention, "v2"}));
    JISR_RETURN_IF_ERROR(txn.InsertRequest({"other", "m", "fp", 1, "variants/v1", "v2"}));
    JISR_RETURN_IF_ERROR(txn.InsertRequest({"unknown", "m", "fp", 1, "nothing", ""}));
    return txn.InsertRequest({"longer-id", "m", "fp", 1, "about v10", "v10"});
  }));
  int64_t deleted = 0;
  JISR_ASSERT_OK(Write([&](Transaction& txn) -> absl::Status {
    JISR_ASSIGN_OR_RETURN(deleted, txn.DeleteRequestsAbout("v1", mention));
    return absl::OkStatus();
  }));
  EXPECT_EQ(deleted, 3);
  EXPECT_FALSE(HasRequest("own"));
  EXPECT_FALSE(HasRequest("old"));
  EXPECT_FALSE(HasRequest("sibling"));
  EXPECT_TRUE(HasRequest("other"));
  EXPECT_TRUE(HasRequest("unknown"));
  EXPECT_TRUE(HasRequest("longer-id"));

  // Without content to look for, only the variant's own records go.
  JISR_ASSERT_OK(Write([&](Transaction& txn) -> absl::Status {
    JISR_ASSIGN_OR_RETURN(deleted, txn.DeleteRequestsAbout("v2", ""));
    return absl::OkStatus();
  }));
  EXPECT_EQ(deleted, 1);
  EXPECT_TRUE(HasRequest("unknown"));
}

TEST_P(RetentionContract, EventsArePrunedOldestFirstButNeverTheNewest) {
  JISR_ASSERT_OK_AND_ASSIGN(int64_t pruned, storage().PrunedThrough());
  EXPECT_EQ(pruned, 0);
  const std::vector<int64_t> all = AppendEventsAt({100, 200, 300, 400, 500});
  ASSERT_EQ(all.size(), 5u);

  JISR_ASSERT_OK_AND_ASSIGN(int64_t deleted, storage().DeleteEventsBefore(350, 100));
  EXPECT_EQ(deleted, 3);
  EXPECT_THAT(Sequences(0), ElementsAre(all[3], all[4]));
  JISR_ASSERT_OK_AND_ASSIGN(pruned, storage().PrunedThrough());
  EXPECT_EQ(pruned, all[2]);

  // Everything is old now, but the newest event stays: the head sequence survives.
  JISR_ASSERT_OK_AND_ASSIGN(deleted, storage().DeleteEventsBefore(1'000'000, 100));
  EXPECT_EQ(deleted, 1);
  EXPECT_THAT(Sequences(0), ElementsAre(all[4]));
  JISR_ASSERT_OK_AND_ASSIGN(deleted, storage().DeleteEventsBefore(1'000'000, 100));
  EXPECT_EQ(deleted, 0);
  JISR_ASSERT_OK_AND_ASSIGN(pruned, storage().PrunedThrough());
  EXPECT_EQ(pruned, all[3]);
  JISR_ASSERT_OK_AND_ASSIGN(int64_t last, storage().LastEventSequence());
  EXPECT_EQ(last, all[4]);

  // New events continue after the head; none reuses a pruned sequence.
  const std::vector<int64_t> after = AppendEventsAt({600});
  ASSERT_EQ(after.size(), 2u);
  EXPECT_GT(after[1], all[4]);
}

TEST_P(RetentionContract, EventPruningStopsAtTheFirstEventNotOldEnoughAndAtTheLimit) {
  // Times need not follow sequences (a write's time is taken before its commit): only the run
  // of old events at the start goes, so everything after the watermark is still there.
  const std::vector<int64_t> all = AppendEventsAt({100, 900, 200, 300});
  JISR_ASSERT_OK_AND_ASSIGN(int64_t deleted, storage().DeleteEventsBefore(500, 100));
  EXPECT_EQ(deleted, 1);
  EXPECT_THAT(Sequences(0), ElementsAre(all[1], all[2], all[3]));

  const std::vector<int64_t> more = AppendEventsAt({10, 20, 30, 40, 50, 2000});
  JISR_ASSERT_OK_AND_ASSIGN(deleted, storage().DeleteEventsBefore(1000, 2));
  EXPECT_EQ(deleted, 2);
  JISR_ASSERT_OK_AND_ASSIGN(deleted, storage().DeleteEventsBefore(1000, 2));
  EXPECT_EQ(deleted, 2);
  // Four went: 900, 200 and 300 of the first events, then 10.
  JISR_ASSERT_OK_AND_ASSIGN(int64_t pruned, storage().PrunedThrough());
  EXPECT_EQ(pruned, more[3]);
  EXPECT_EQ(Sequences(0).front(), more[4]);
}

TEST_P(RetentionContract, ARevisionIsRewrittenInPlace) {
  JISR_ASSERT_OK(Seed(Variant("v1", "s1", "en", "one")));
  JISR_ASSERT_OK(Write([](Transaction& txn) -> absl::Status {
    JISR_RETURN_IF_ERROR(txn.InsertRevision({"v1", 1, 10, "content one"}));
    return txn.InsertRevision({"v1", 2, 20, "content two"});
  }));
  storage::RevisionRow emptied{"v1", 1, 10, AllBytes()};
  JISR_ASSERT_OK(Write([&](Transaction& txn) { return txn.UpdateRevision(emptied); }));
  EXPECT_THAT(Write([](Transaction& txn) {
                return txn.UpdateRevision({"v1", 9, 1, ""});
              }),
              StatusIs(absl::StatusCode::kNotFound));
  JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginRead());
  JISR_ASSERT_OK_AND_ASSIGN(auto one, txn->GetRevision("v1", 1));
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(Tie(*one), Tie(emptied));
  JISR_ASSERT_OK_AND_ASSIGN(auto two, txn->GetRevision("v1", 2));
  ASSERT_TRUE(two.has_value());
  EXPECT_EQ(two->data, "content two");
  JISR_ASSERT_OK_AND_ASSIGN(auto none, txn->GetRevision("v1", 9));
  EXPECT_FALSE(none.has_value());
}

JISR_INSTANTIATE_FOR_EVERY_ENGINE(RetentionContract);

}  // namespace
}  // namespace jisr::testing
