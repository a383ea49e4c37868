// Round trips to PostgreSQL per write and per published read, counted on the real server the
// CTest fixture starts: every round trip is a network latency a write or a page view pays, so
// the counts are a budget (docs/performance.md lists the statements of each). A count, not a
// timing.
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "jisr/v1/article_service.pb.h"
#include "services/storage/postgres/postgres_storage.h"
#include "tests/storage/storage_engines.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_newsroom.h"

namespace jisr::storage::postgres {
namespace {

namespace v1 = ::jisr::v1;
using ::jisr::testing::Editor;

class PostgresRoundTripsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    JISR_ASSERT_OK_AND_ASSIGN(database_, testing::NewTestDatabase("postgres"));
    JISR_ASSERT_OK_AND_ASSIGN(std::unique_ptr<Storage> storage, database_->Open());
    postgres_ = dynamic_cast<PostgresStorage*>(storage.get());
    ASSERT_NE(postgres_, nullptr);
    env_ =
        std::make_unique<testing::TestNewsroom>(std::move(storage), articles::RetentionOptions());
  }
  void TearDown() override {
    env_.reset();
    database_.reset();
  }

  // The round trips `call` makes.
  int64_t RoundTripsOf(const std::function<void()>& call) {
    const int64_t before = postgres_->round_trips();
    call();
    return postgres_->round_trips() - before;
  }

  v1::Variant Create(const std::string& headline) {
    v1::CreateVariantRequest request;
    request.mutable_variant()->set_language("en");
    request.mutable_variant()->set_headline(headline);
    request.mutable_variant()->add_blocks()->mutable_paragraph()->set_text("Delegations met.");
    auto created = env_->newsroom().variant_editing().CreateVariant(request, Editor());
    EXPECT_TRUE(created.ok()) << created.status();
    return created.value_or(v1::Variant());
  }

  // A new headline on `current`, as an editor's UpdateVariant.
  v1::Variant Edit(const v1::Variant& current, const std::string& headline) {
    v1::UpdateVariantRequest request;
    request.mutable_variant()->set_name(current.name());
    request.mutable_variant()->set_etag(current.etag());
    request.mutable_variant()->set_headline(headline);
    request.mutable_update_mask()->add_paths("headline");
    request.set_request_id("edit-" + std::to_string(++edits_));
    auto edited = env_->newsroom().variant_editing().UpdateVariant(request, Editor());
    EXPECT_TRUE(edited.ok()) << edited.status();
    return edited.value_or(v1::Variant());
  }

  v1::Variant Publish(const v1::Variant& current) {
    v1::PublishVariantRequest request;
    request.set_name(current.name());
    auto published = env_->newsroom().publishing().PublishVariant(request, Editor());
    EXPECT_TRUE(published.ok()) << published.status();
    return published.value_or(v1::Variant());
  }

  std::unique_ptr<testing::TestDatabase> database_;
  PostgresStorage* postgres_ = nullptr;  // owned by env_
  std::unique_ptr<testing::TestNewsroom> env_;
  int edits_ = 0;
};

// UpdateVariant of a draft's headline, as docs/performance.md lists them: BEGIN with the replay
// check, the variant (locked), the variant update, the revision chain read and the revision
// insert, the story's variants (locked), the current revision, the story (locked), the story's
// variants again for the answer, the request record, then the events with COMMIT. Re-reads of a
// locked variant or story, or of a revision read or written before, cost nothing. Since compact
// variant rows (services/articles/stored_rows.h) a variant's content comes from its latest
// revision: reading that revision for the variant first loaded, and for the story's variants,
// was two more, until the variants a committed write left are kept for the next write
// (RecentVariants): the edit measured follows one, so neither revision is read.
constexpr int64_t kDraftEditRoundTrips = 11;
// A published variant's edit also rebuilds its published view: one more round trip.
constexpr int64_t kPublishedEditRoundTrips = 12;

TEST_F(PostgresRoundTripsTest, UpdateVariantOfADraftStaysWithinItsBudget) {
  v1::Variant draft = Create("Talks resume");
  draft = Edit(draft, "Talks resume in Geneva");  // statements prepared on the connection
  const int64_t round_trips = RoundTripsOf([&] { draft = Edit(draft, "Talks resume at noon"); });
  EXPECT_GT(round_trips, 0);
  EXPECT_LE(round_trips, kDraftEditRoundTrips);
  std::printf("UpdateVariant of a draft's headline: %lld round trips\n",
              static_cast<long long>(round_trips));
}

TEST_F(PostgresRoundTripsTest, UpdateVariantOfAPublishedVariantStaysWithinItsBudget) {
  v1::Variant variant = Publish(Create("Talks resume"));
  variant = Edit(variant, "Talks resume in Geneva");
  const int64_t round_trips =
      RoundTripsOf([&] { variant = Edit(variant, "Talks resume at noon"); });
  EXPECT_GT(round_trips, 0);
  EXPECT_LE(round_trips, kPublishedEditRoundTrips);
  std::printf("UpdateVariant of a published variant's headline: %lld round trips\n",
              static_cast<long long>(round_trips));
}

TEST_F(PostgresRoundTripsTest, APublishedReadIsOneRoundTripEvenOnItsFirstCall) {
  const v1::Variant variant = Publish(Create("Talks resume"));
  const std::string id = variant.name().substr(variant.name().rfind('/') + 1);
  // The first call on the connection prepares the statement in the same round trip.
  EXPECT_EQ(RoundTripsOf([&] {
              auto row = postgres_->ReadPublished(id);
              ASSERT_TRUE(row.ok()) << row.status();
              EXPECT_TRUE(row->has_value());
            }),
            1);
  EXPECT_EQ(RoundTripsOf([&] {
              auto row = postgres_->ReadPublished(id);
              ASSERT_TRUE(row.ok()) << row.status();
              EXPECT_TRUE(row->has_value());
            }),
            1);
  EXPECT_EQ(RoundTripsOf([&] {
              auto row = postgres_->ReadPublishedBySlug("en", variant.slug());
              ASSERT_TRUE(row.ok()) << row.status();
              EXPECT_TRUE(row->has_value());
            }),
            1);
}

// The storage-level shape of an edit (tests/bench/storage): BEGIN with the variant read, the
// update, the revision chain read, the revision insert, and every event with COMMIT in one
// round trip, their sequences consecutive and in append order.
TEST_F(PostgresRoundTripsTest, AnEditTransactionSendsItsEventsWithCommit) {
  {
    JISR_ASSERT_OK_AND_ASSIGN(auto txn, postgres_->BeginWrite());
    JISR_ASSERT_OK(txn->InsertStory({"s-raw", 1, 1, false, "story"}));
    VariantRow variant;
    variant.id = "v-raw";
    variant.story_id = "s-raw";
    variant.language = "en";
    variant.slug = "raw";
    variant.state = 1;
    variant.version = 1;
    variant.data = "variant";
    JISR_ASSERT_OK(txn->InsertVariant(variant));
    JISR_ASSERT_OK(txn->Commit());
  }
  JISR_ASSERT_OK_AND_ASSIGN(const int64_t last_before, postgres_->LastEventSequence());
  const int64_t round_trips = RoundTripsOf([&] {
    JISR_ASSERT_OK_AND_ASSIGN(auto txn, postgres_->BeginWrite());
    JISR_ASSERT_OK_AND_ASSIGN(std::optional<VariantRow> variant, txn->GetVariant("v-raw"));
    ASSERT_TRUE(variant.has_value());
    variant->version = 2;
    JISR_ASSERT_OK(txn->UpdateVariant(*variant));
    JISR_ASSERT_OK(txn->InsertRevision({"v-raw", 2, 2, "revision two"}));
    for (int kind = 1; kind <= 3; ++kind) {
      EventRow event;
      event.variant_id = "v-raw";
      event.kind = kind;
      event.data = "event " + std::to_string(kind);
      JISR_ASSERT_OK(txn->AppendEvent(event));
    }
    JISR_ASSERT_OK(txn->Commit());
  });
  EXPECT_EQ(round_trips, 5);
  JISR_ASSERT_OK_AND_ASSIGN(std::vector<EventRow> events, postgres_->ReadEvents(last_before, 10));
  ASSERT_EQ(events.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(events[i].sequence, last_before + 1 + i);
    EXPECT_EQ(events[i].kind, i + 1);
    EXPECT_EQ(events[i].data, "event " + std::to_string(i + 1));
  }
}

// A write transaction that sent nothing has nothing to commit or roll back.
TEST_F(PostgresRoundTripsTest, AnEmptyWriteTransactionCostsNoRoundTrip) {
  EXPECT_EQ(RoundTripsOf([&] {
              JISR_ASSERT_OK_AND_ASSIGN(auto txn, postgres_->BeginWrite());
              JISR_ASSERT_OK(txn->Commit());
            }),
            0);
  EXPECT_EQ(RoundTripsOf([&] { JISR_ASSERT_OK(postgres_->BeginWrite().status()); }), 0);
}

}  // namespace
}  // namespace jisr::storage::postgres
