// Transactions commit whole or not at all, and read transactions see one snapshot.
#include <string>

#include "gmock/gmock.h"
#include "services/common/status_macros.h"
#include "services/storage/sqlite/schema.h"
#include "tests/storage/storage_contract.h"

namespace jisr::testing {
namespace {

using storage::Transaction;

class TransactionContract : public StorageContractTest {};

TEST_P(TransactionContract, WriteTransactionSeesItsOwnWrites) {
  JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginWrite());
  JISR_ASSERT_OK(txn->InsertStory(Story("s1")));
  JISR_ASSERT_OK(txn->InsertVariant(Variant("v1", "s1", "en", "a")));
  JISR_ASSERT_OK_AND_ASSIGN(auto variant, txn->GetVariant("v1"));
  EXPECT_TRUE(variant.has_value());
  JISR_ASSERT_OK_AND_ASSIGN(auto listed, txn->ListStoryVariants("s1"));
  EXPECT_EQ(listed.size(), 1u);
  JISR_ASSERT_OK(txn->Commit());
}

TEST_P(TransactionContract, DestroyedWithoutCommitWritesNothing) {
  JISR_ASSERT_OK(Seed(Variant("v1", "s1", "en", "a")));
  JISR_ASSERT_OK_AND_ASSIGN(int64_t events_before, storage().LastEventSequence());
  {
    JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginWrite());
    JISR_ASSERT_OK(txn->InsertStory(Story("s2")));
    storage::VariantRow changed = Variant("v1", "s1", "en", "b");
    changed.version = 2;
    JISR_ASSERT_OK(txn->UpdateVariant(changed));
    JISR_ASSERT_OK(txn->InsertRevision({"v1", 1, 1, "r"}));
    JISR_ASSERT_OK(txn->PutPublished({"v1", "en", "b", 2, "view"}));
    JISR_ASSERT_OK(txn->AppendEvent(Event("v1", 1)));
  }
  JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginRead());
  JISR_ASSERT_OK_AND_ASSIGN(auto story, txn->GetStory("s2"));
  EXPECT_FALSE(story.has_value());
  JISR_ASSERT_OK_AND_ASSIGN(auto variant, txn->GetVariant("v1"));
  ASSERT_TRUE(variant.has_value());
  EXPECT_EQ(variant->version, 1);
  EXPECT_EQ(variant->slug, "a");
  JISR_ASSERT_OK_AND_ASSIGN(auto revision, txn->GetRevision("v1", 1));
  EXPECT_FALSE(revision.has_value());
  JISR_ASSERT_OK_AND_ASSIGN(auto published, storage().ReadPublished("v1"));
  EXPECT_FALSE(published.has_value());
  JISR_ASSERT_OK_AND_ASSIGN(int64_t events_after, storage().LastEventSequence());
  EXPECT_EQ(events_after, events_before);
  JISR_ASSERT_OK_AND_ASSIGN(auto events, storage().ReadEvents(0, 100));
  EXPECT_TRUE(events.empty());

  // The rolled-back writes left nothing locked behind: a new writer proceeds.
  JISR_EXPECT_OK(Write([](Transaction& t) { return t.InsertStory(Story("s2")); }));
}

TEST_P(TransactionContract, ReadTransactionSeesOneSnapshot) {
  JISR_ASSERT_OK(Seed(Variant("v1", "s1", "en", "a")));
  JISR_ASSERT_OK_AND_ASSIGN(auto reader, storage().BeginRead());
  JISR_ASSERT_OK_AND_ASSIGN(auto before, reader->GetVariant("v1"));
  ASSERT_TRUE(before.has_value());

  storage::VariantRow changed = Variant("v1", "s1", "en", "a");
  changed.version = 2;
  JISR_ASSERT_OK(Write([&](Transaction& txn) -> absl::Status {
    JISR_RETURN_IF_ERROR(txn.UpdateVariant(changed));
    JISR_RETURN_IF_ERROR(txn.InsertStory(Story("s2")));
    return txn.AppendEvent(Event("v1", 2));
  }));

  JISR_ASSERT_OK_AND_ASSIGN(auto again, reader->GetVariant("v1"));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->version, 1);
  JISR_ASSERT_OK_AND_ASSIGN(auto new_story, reader->GetStory("s2"));
  EXPECT_FALSE(new_story.has_value());
  storage::StoryQuery all;
  JISR_ASSERT_OK_AND_ASSIGN(auto stories, reader->ListStories(all));
  EXPECT_EQ(stories.size(), 1u);
  reader.reset();

  JISR_ASSERT_OK_AND_ASSIGN(auto fresh, storage().BeginRead());
  JISR_ASSERT_OK_AND_ASSIGN(auto now, fresh->GetVariant("v1"));
  EXPECT_EQ(now->version, 2);
}

TEST_P(TransactionContract, SnapshotIsTakenAtBeginReadOnConcurrentEngines) {
  if (!database().ConcurrentWriters()) {
    GTEST_SKIP() << "SQLite takes a read transaction's snapshot at its first read";
  }
  JISR_ASSERT_OK(Seed(Variant("v1", "s1", "en", "a")));
  JISR_ASSERT_OK_AND_ASSIGN(auto reader, storage().BeginRead());
  JISR_ASSERT_OK(Write([](Transaction& txn) { return txn.InsertStory(Story("s2")); }));
  JISR_ASSERT_OK_AND_ASSIGN(auto story, reader->GetStory("s2"));
  EXPECT_FALSE(story.has_value());
}

TEST_P(TransactionContract, ReadTransactionsRefuseEvents) {
  JISR_ASSERT_OK_AND_ASSIGN(auto reader, storage().BeginRead());
  EXPECT_THAT(reader->AppendEvent(Event("v1", 1)), StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_P(TransactionContract, CommitTwiceIsFailedPrecondition) {
  JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginWrite());
  JISR_ASSERT_OK(txn->InsertStory(Story("s1")));
  JISR_ASSERT_OK(txn->Commit());
  EXPECT_THAT(txn->Commit(), StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_P(TransactionContract, PingAndSchemaVersion) {
  JISR_EXPECT_OK(storage().Ping());
  JISR_ASSERT_OK_AND_ASSIGN(int version, storage().SchemaVersion());
  // Both engines carry the same logical schema under the same version numbers.
  EXPECT_EQ(version, storage::sqlite::LatestSchemaVersion());
  EXPECT_FALSE(storage().Describe().empty());
}

TEST_P(TransactionContract, ReopeningKeepsDataAndSchema) {
  JISR_ASSERT_OK(Seed(Variant("v1", "s1", "en", "a")));
  TearDown();  // closes this test's storage
  JISR_ASSERT_OK_AND_ASSIGN(auto reopened, database().Open());
  JISR_ASSERT_OK_AND_ASSIGN(int version, reopened->SchemaVersion());
  EXPECT_EQ(version, storage::sqlite::LatestSchemaVersion());
  JISR_ASSERT_OK_AND_ASSIGN(auto txn, reopened->BeginRead());
  JISR_ASSERT_OK_AND_ASSIGN(auto variant, txn->GetVariant("v1"));
  EXPECT_TRUE(variant.has_value());
}

JISR_INSTANTIATE_FOR_EVERY_ENGINE(TransactionContract);

}  // namespace
}  // namespace jisr::testing
