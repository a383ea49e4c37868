// Variants, revisions and published views store their data compressed (blob_codec.h): it reads
// back byte-exact, takes a fraction of the bytes, rows written before compression still read,
// and a damaged row is DATA_LOSS, never a crash or wrong bytes. Revisions and published views
// are stored against the revisions they repeat (revision_chain.h, published_chain.h).
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "services/common/status_macros.h"
#include "tests/storage/storage_contract.h"
#include "tests/testing/status_matchers.h"

namespace jisr::testing {
namespace {

using storage::Transaction;
using ::testing::HasSubstr;
using ::testing::Not;

// Text shaped like a serialized article: repetitive, as prose and its analysis are.
std::string Prose(absl::string_view tag = "text") {
  std::string text;
  for (int i = 0; i < 200; ++i) {
    absl::StrAppend(&text, tag, " paragraph ", i, ": the council met on Tuesday to vote. ");
  }
  return text;
}

class BlobsContract : public StorageContractTest {
 protected:
  // A variant, its first revision and its published view, each with `data` of its own.
  absl::Status SeedAll(const std::string& variant_data, const std::string& revision_data,
                       const std::string& published_data) {
    storage::VariantRow variant = Variant("v1", "s1", "en", "council-votes");
    variant.data = variant_data;
    JISR_RETURN_IF_ERROR(Seed(variant));
    return Write([&](Transaction& txn) -> absl::Status {
      JISR_RETURN_IF_ERROR(txn.InsertRevision({"v1", 1, 100, revision_data}));
      return txn.PutPublished({"v1", "en", "council-votes", 1, published_data});
    });
  }

  // What each of the three reads gives, in a read transaction and on the readers' path.
  void ExpectReads(const std::string& variant_data, const std::string& revision_data,
                   const std::string& published_data) {
    JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginRead());
    JISR_ASSERT_OK_AND_ASSIGN(auto variant, txn->GetVariant("v1"));
    ASSERT_TRUE(variant.has_value());
    EXPECT_EQ(variant->data, variant_data);
    JISR_ASSERT_OK_AND_ASSIGN(auto revision, txn->GetRevision("v1", 1));
    ASSERT_TRUE(revision.has_value());
    EXPECT_EQ(revision->data, revision_data);
    JISR_ASSERT_OK_AND_ASSIGN(auto revisions, txn->ListRevisions("v1", 0, 10));
    ASSERT_EQ(revisions.size(), 1u);
    EXPECT_EQ(revisions[0].data, revision_data);
    JISR_ASSERT_OK_AND_ASSIGN(auto published, storage().ReadPublishedBySlug("en", "council-votes"));
    ASSERT_TRUE(published.has_value());
    EXPECT_EQ(published->data, published_data);
  }

  absl::StatusOr<std::string> Stored(absl::string_view table, absl::string_view where) {
    return database().StoredBytes(table, "data", where);
  }
};

TEST_P(BlobsContract, LargeDataIsStoredCompressedAndReadsBackByteExact) {
  const std::string variant = Prose("variant"), revision = Prose("revision"),
                    published = Prose("published");
  JISR_ASSERT_OK(SeedAll(variant, revision, published));
  ExpectReads(variant, revision, published);
  // Updates and a purge's rewrite are compressed too.
  const std::string updated = Prose("updated"), purged = Prose("purged");
  JISR_ASSERT_OK(Write([&](Transaction& txn) -> absl::Status {
    storage::VariantRow row = Variant("v1", "s1", "en", "council-votes");
    row.data = updated;
    JISR_RETURN_IF_ERROR(txn.UpdateVariant(row));
    return txn.UpdateRevision({"v1", 1, 100, purged});
  }));
  ExpectReads(updated, purged, published);
  for (const auto& [table, where] : std::vector<std::pair<std::string, std::string>>{
           {"variants", "id = 'v1'"},
           {"revisions", "variant_id = 'v1' AND number = 1"},
           {"published", "variant_id = 'v1'"}}) {
    JISR_ASSERT_OK_AND_ASSIGN(std::string stored, Stored(table, where));
    EXPECT_LT(stored.size(), variant.size() / 4) << table;
    EXPECT_THAT(stored, Not(HasSubstr("council"))) << table;
  }
}

TEST_P(BlobsContract, RowsWrittenBeforeCompressionStillRead) {
  JISR_ASSERT_OK(SeedAll(Prose("a"), Prose("b"), Prose("c")));
  // What a jisrd before compression stored: the serialized message as it is.
  const std::string old_variant = "\x0a\x02v1" + Prose("old variant");
  const std::string old_revision = "\x08\x01" + Prose("old revision");
  const std::string old_published = "\x12\x05" + Prose("old view");
  JISR_ASSERT_OK(database().StoreBytes("variants", "data", "id = 'v1'", old_variant));
  JISR_ASSERT_OK(database().StoreBytes("revisions", "data", "variant_id = 'v1'", old_revision));
  JISR_ASSERT_OK(database().StoreBytes("published", "data", "variant_id = 'v1'", old_published));
  ExpectReads(old_variant, old_revision, old_published);
}

TEST_P(BlobsContract, ShortDataAndDataStartingWithZeroRoundTrip) {
  const std::string zero_first = std::string("\0\1not a frame", 13);
  JISR_ASSERT_OK(SeedAll("", zero_first, std::string(1, '\0')));
  ExpectReads("", zero_first, std::string(1, '\0'));
}

TEST_P(BlobsContract, DamagedCompressedDataIsDataLossOnEveryRead) {
  JISR_ASSERT_OK(SeedAll(Prose("a"), Prose("b"), Prose("c")));
  for (const auto& [table, where] :
       std::vector<std::pair<std::string, std::string>>{{"variants", "id = 'v1'"},
                                                        {"revisions", "variant_id = 'v1'"},
                                                        {"published", "variant_id = 'v1'"}}) {
    JISR_ASSERT_OK_AND_ASSIGN(std::string stored, Stored(table, where));
    ASSERT_GT(stored.size(), 20u);
    stored.resize(stored.size() - 8);  // a torn write: the frame's end is missing
    stored[12] ^= 0x5a;
    JISR_ASSERT_OK(database().StoreBytes(table, "data", where, stored));
  }
  JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginRead());
  EXPECT_THAT(txn->GetVariant("v1"), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(txn->ListStoryVariants("s1"), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(txn->GetRevision("v1", 1), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(txn->ListRevisions("v1", 0, 10), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(txn->GetPublished("v1"), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(storage().ReadPublished("v1"), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(storage().ReadPublishedBySlug("en", "council-votes"),
              StatusIs(absl::StatusCode::kDataLoss, Not(HasSubstr("SELECT"))));
}

// Revision n's data as the tests below write it: one word differs from the one before.
std::string Edit(int n) {
  return absl::StrCat("Headline ", n, "\n", std::string(50, 'x'), "\n") + Prose();
}

TEST_P(BlobsContract, RevisionsAreStoredAsDeltasAndEveryOneReadsWhole) {
  JISR_ASSERT_OK(Seed(Variant("v1", "s1", "en", "council-votes")));
  constexpr int kCount = 40;
  for (int n = 1; n <= kCount; ++n) {
    JISR_ASSERT_OK(Write([&](Transaction& txn) {
      return txn.InsertRevision({"v1", n, n, Edit(n)});
    }));
  }
  JISR_ASSERT_OK_AND_ASSIGN(std::string whole,
                            Stored("revisions", "variant_id = 'v1' AND number = 17"));
  JISR_ASSERT_OK_AND_ASSIGN(std::string delta,
                            Stored("revisions", "variant_id = 'v1' AND number = 18"));
  EXPECT_LT(delta.size(), 100u);
  EXPECT_GT(whole.size(), 4 * delta.size());
  // A purge rewrites revisions in place, bases included; the others still read.
  JISR_ASSERT_OK(Write([&](Transaction& txn) -> absl::Status {
    JISR_RETURN_IF_ERROR(txn.UpdateRevision({"v1", 20, 7, "purged"}));
    return txn.UpdateRevision({"v1", 17, 7, "purged"});  // the base of 18 to 32
  }));
  JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginRead());
  for (int n = 1; n <= kCount; ++n) {
    JISR_ASSERT_OK_AND_ASSIGN(auto revision, txn->GetRevision("v1", n));
    ASSERT_TRUE(revision.has_value()) << n;
    EXPECT_EQ(revision->data, n == 17 || n == 20 ? "purged" : Edit(n)) << n;
  }
  int64_t before = 0;
  int expected = kCount;
  do {  // pages of 7, newest first, each starting mid-chain
    JISR_ASSERT_OK_AND_ASSIGN(auto page, txn->ListRevisions("v1", before, 7));
    for (const storage::RevisionRow& row : page) {
      ASSERT_EQ(row.number, expected);
      EXPECT_EQ(row.data, expected == 17 || expected == 20 ? "purged" : Edit(expected));
      --expected;
    }
    before = page.empty() ? 1 : page.back().number;
  } while (before > 1);
  EXPECT_EQ(expected, 0);
}

TEST_P(BlobsContract, ADamagedRevisionIsDataLossForItAndTheRevisionsStoredAgainstIt) {
  JISR_ASSERT_OK(Seed(Variant("v1", "s1", "en", "council-votes")));
  for (int n = 1; n <= 20; ++n) {
    JISR_ASSERT_OK(Write([&](Transaction& txn) {
      return txn.InsertRevision({"v1", n, n, Edit(n)});
    }));
  }
  // 17 is stored whole and 18 to 20 against it; 3 is stored against 1.
  for (int damaged : {3, 17}) {
    JISR_ASSERT_OK(database().StoreBytes("revisions", "data",
                                         absl::StrCat("variant_id = 'v1' AND number = ", damaged),
                                         std::string("\0\1broken", 8)));
  }
  JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginRead());
  for (int n : {3, 17, 18, 20}) {
    EXPECT_THAT(txn->GetRevision("v1", n), StatusIs(absl::StatusCode::kDataLoss)) << n;
  }
  EXPECT_THAT(txn->ListRevisions("v1", 0, 50), StatusIs(absl::StatusCode::kDataLoss));
  for (int n : {1, 2, 4, 16}) {
    JISR_ASSERT_OK_AND_ASSIGN(auto revision, txn->GetRevision("v1", n));
    ASSERT_TRUE(revision.has_value()) << n;
    EXPECT_EQ(revision->data, Edit(n)) << n;
  }
}

// A published view repeats its revision: the revision's text with the analysis reading adds.
std::string ViewOf(int n) { return Edit(n) + Prose("analysis of revision " + std::to_string(n)); }

class PublishedAgainstRevisionsContract : public BlobsContract {
 protected:
  // v1 with revisions 1 to 20 (17 stored whole, 18 to 20 against it).
  void SetUp() override {
    BlobsContract::SetUp();
    JISR_ASSERT_OK(Seed(Variant("v1", "s1", "en", "council-votes")));
    for (int n = 1; n <= 20; ++n) {
      JISR_ASSERT_OK(Write([&](Transaction& txn) {
        return txn.InsertRevision({"v1", n, n, Edit(n)});
      }));
    }
  }
  // Every read of v1's view, in a read transaction, a write transaction and on the readers' path,
  // gives `data` and names `revision` as the one it is stored against.
  void ExpectView(const std::string& data, int64_t revision) {
    std::vector<std::optional<storage::PublishedRow>> reads;
    {
      JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginRead());
      JISR_ASSERT_OK_AND_ASSIGN(reads.emplace_back(), txn->GetPublished("v1"));
    }
    JISR_ASSERT_OK(Write([&](Transaction& txn) -> absl::Status {
      JISR_ASSIGN_OR_RETURN(reads.emplace_back(), txn.GetPublished("v1"));
      return absl::OkStatus();
    }));
    JISR_ASSERT_OK_AND_ASSIGN(reads.emplace_back(), storage().ReadPublished("v1"));
    JISR_ASSERT_OK_AND_ASSIGN(reads.emplace_back(),
                              storage().ReadPublishedBySlug("en", "council-votes"));
    for (size_t i = 0; i < reads.size(); ++i) {
      ASSERT_TRUE(reads[i].has_value()) << i;
      EXPECT_EQ(reads[i]->data, data) << i;
      EXPECT_EQ(reads[i]->revision, revision) << i;
      EXPECT_EQ(reads[i]->version, 1) << i;
    }
  }
  absl::Status Publish(int64_t revision) {
    return Write([&](Transaction& txn) {
      return txn.PutPublished({"v1", "en", "council-votes", 1, ViewOf(18), revision});
    });
  }
};

TEST_P(PublishedAgainstRevisionsContract, AViewStoredAgainstItsRevisionReadsWholeInFewerBytes) {
  JISR_ASSERT_OK(Publish(0));
  ExpectView(ViewOf(18), 0);
  JISR_ASSERT_OK_AND_ASSIGN(std::string alone, Stored("published", "variant_id = 'v1'"));
  JISR_ASSERT_OK(Publish(18));  // 18 is itself a delta: the read decodes 17, 18, then the view
  ExpectView(ViewOf(18), 18);
  JISR_ASSERT_OK_AND_ASSIGN(std::string against, Stored("published", "variant_id = 'v1'"));
  EXPECT_LT(against.size(), alone.size() * 3 / 4);
  // A revision that does not exist: the view is stored on its own.
  JISR_ASSERT_OK(Publish(99));
  ExpectView(ViewOf(18), 0);
}

TEST_P(PublishedAgainstRevisionsContract, PurgingTheRevisionItIsStoredAgainstKeepsTheViewReadable) {
  JISR_ASSERT_OK(Publish(18));
  // 17 is 18's base: 18 is stored whole first, and the view still reads against it.
  JISR_ASSERT_OK(Write([](Transaction& txn) { return txn.UpdateRevision({"v1", 17, 7, "gone"}); }));
  ExpectView(ViewOf(18), 18);
  // 18 itself: the view is stored on its own before its content goes.
  JISR_ASSERT_OK(Write([](Transaction& txn) { return txn.UpdateRevision({"v1", 18, 7, "gone"}); }));
  ExpectView(ViewOf(18), 0);
  JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginRead());
  JISR_ASSERT_OK_AND_ASSIGN(auto revision, txn->GetRevision("v1", 18));
  ASSERT_TRUE(revision.has_value());
  EXPECT_EQ(revision->data, "gone");
}

TEST_P(PublishedAgainstRevisionsContract, AViewWhoseRevisionIsDamagedIsDataLossOnEveryRead) {
  JISR_ASSERT_OK(Publish(18));
  JISR_ASSERT_OK(database().StoreBytes("revisions", "data", "variant_id = 'v1' AND number = 17",
                                       std::string("\0\1broken", 8)));
  JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginRead());
  EXPECT_THAT(txn->GetPublished("v1"), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(storage().ReadPublished("v1"), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(storage().ReadPublishedBySlug("en", "council-votes"),
              StatusIs(absl::StatusCode::kDataLoss));
}

JISR_INSTANTIATE_FOR_EVERY_ENGINE(BlobsContract);
JISR_INSTANTIATE_FOR_EVERY_ENGINE(PublishedAgainstRevisionsContract);

}  // namespace
}  // namespace jisr::testing
