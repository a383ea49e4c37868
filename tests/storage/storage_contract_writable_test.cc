// CheckWritable, the health check of the write path: OK on storage that takes writes, and a
// probe that leaves no trace and no transaction behind, even with writes in flight.
#include <thread>

#include "gmock/gmock.h"
#include "services/common/status_macros.h"
#include "tests/storage/storage_contract.h"

namespace jisr::testing {
namespace {

class WritableContract : public StorageContractTest {};

TEST_P(WritableContract, CheckWritableIsOkAndChangesNothing) {
  JISR_ASSERT_OK(Seed(Variant("v1", "s1", "en", "a")));
  JISR_ASSERT_OK(Write([](storage::Transaction& txn) { return txn.AppendEvent(Event("v1", 1)); }));
  JISR_ASSERT_OK_AND_ASSIGN(int64_t events_before, storage().LastEventSequence());

  for (int i = 0; i < 3; ++i) EXPECT_THAT(storage().CheckWritable(), IsOk());

  JISR_ASSERT_OK_AND_ASSIGN(int64_t events_after, storage().LastEventSequence());
  EXPECT_EQ(events_after, events_before);
  // No transaction is left open on the connection the probe used: writes commit as before.
  JISR_ASSERT_OK(Seed(Variant("v2", "s2", "en", "b")));
  JISR_ASSERT_OK(Write([](storage::Transaction& txn) { return txn.AppendEvent(Event("v2", 1)); }));
  JISR_ASSERT_OK_AND_ASSIGN(auto events, storage().ReadEvents(events_before, 10));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].variant_id, "v2");
}

TEST_P(WritableContract, CheckWritableDuringAnOpenWriteIsOkNotAConflict) {
  JISR_ASSERT_OK_AND_ASSIGN(auto open_write, storage().BeginWrite());
  JISR_ASSERT_OK(open_write->InsertStory(Story("in-flight")));
  // On SQLite the probe waits for the writer; on PostgreSQL it runs beside it.
  absl::Status checked;
  std::thread check([&] { checked = storage().CheckWritable(); });
  if (database().ConcurrentWriters()) check.join();
  JISR_ASSERT_OK(open_write->Commit());
  open_write.reset();
  if (check.joinable()) check.join();
  EXPECT_THAT(checked, IsOk());
  JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginRead());
  JISR_ASSERT_OK_AND_ASSIGN(auto story, txn->GetStory("in-flight"));
  EXPECT_TRUE(story.has_value());
}

JISR_INSTANTIATE_FOR_EVERY_ENGINE(WritableContract);

}  // namespace
}  // namespace jisr::testing
