// Rows round-trip byte-exact; uniqueness and missing rows give the codes the domain relies on;
// lists keep their order and keyset pagination.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "services/common/status_macros.h"
#include "tests/storage/storage_contract.h"

namespace jisr::testing {
namespace {

using storage::Transaction;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class RowsContract : public StorageContractTest {};

TEST_P(RowsContract, EveryRowKindRoundTripsByteExact) {
  storage::StoryRow story = Story("s1", -5);
  story.version = std::numeric_limits<int64_t>::max();
  story.deleted = true;
  story.data = AllBytes();
  storage::VariantRow variant = Variant("v1", "s1", "ar", "القدس-تتحدث", 1'700'000'000'000'001);
  variant.section = "سياسة";
  variant.state = 3;  // UNPUBLISHED: not the helper's DRAFT
  variant.version = 42;
  variant.deleted = true;
  variant.translation_state = 3;
  variant.stale_since_micros = std::numeric_limits<int64_t>::min();
  variant.data = std::string(1 << 20, '\0') + AllBytes();
  storage::RevisionRow revision{"v1", 1, 123, AllBytes()};
  storage::PublishedRow published{"v1", "ar", "القدس-تتحدث", 42, AllBytes()};
  storage::RequestRow request{"req-1", "jisr.v1.Articles/UpdateVariant", "fp", 99, AllBytes(),
                              "v1"};
  storage::ScheduleRow schedule{"sch1", 5000, 1, {"v1", "v2"}, AllBytes()};

  JISR_ASSERT_OK(Write([&](Transaction& txn) -> absl::Status {
    JISR_RETURN_IF_ERROR(txn.InsertStory(story));
    JISR_RETURN_IF_ERROR(txn.InsertVariant(variant));
    JISR_RETURN_IF_ERROR(txn.InsertRevision(revision));
    JISR_RETURN_IF_ERROR(txn.PutPublished(published));
    JISR_RETURN_IF_ERROR(txn.InsertRequest(request));
    return txn.InsertSchedule(schedule);
  }));

  JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginRead());
  JISR_ASSERT_OK_AND_ASSIGN(auto got_story, txn->GetStory("s1"));
  ASSERT_TRUE(got_story.has_value());
  EXPECT_EQ(Tie(*got_story), Tie(story));
  JISR_ASSERT_OK_AND_ASSIGN(auto got_variant, txn->GetVariant("v1"));
  ASSERT_TRUE(got_variant.has_value());
  EXPECT_EQ(Tie(*got_variant), Tie(variant));
  JISR_ASSERT_OK_AND_ASSIGN(auto by_slug, txn->FindVariantBySlug("ar", "القدس-تتحدث"));
  ASSERT_TRUE(by_slug.has_value());
  EXPECT_EQ(by_slug->id, "v1");
  JISR_ASSERT_OK_AND_ASSIGN(auto got_revision, txn->GetRevision("v1", 1));
  ASSERT_TRUE(got_revision.has_value());
  EXPECT_EQ(Tie(*got_revision), Tie(revision));
  JISR_ASSERT_OK_AND_ASSIGN(auto got_published, txn->GetPublished("v1"));
  ASSERT_TRUE(got_published.has_value());
  EXPECT_EQ(Tie(*got_published), Tie(published));
  JISR_ASSERT_OK_AND_ASSIGN(auto got_request, txn->GetRequest("req-1"));
  ASSERT_TRUE(got_request.has_value());
  EXPECT_EQ(Tie(*got_request), Tie(request));
  JISR_ASSERT_OK_AND_ASSIGN(auto got_schedule, txn->GetSchedule("sch1"));
  ASSERT_TRUE(got_schedule.has_value());
  EXPECT_EQ(Tie(*got_schedule), Tie(schedule));

  JISR_ASSERT_OK_AND_ASSIGN(auto missing, txn->GetVariant("nope"));
  EXPECT_FALSE(missing.has_value());
}

TEST_P(RowsContract, DuplicateIdsAreAlreadyExists) {
  JISR_ASSERT_OK(Seed(Variant("v1", "s1", "en", "a")));
  JISR_ASSERT_OK(Write([](Transaction& txn) { return txn.InsertRevision({"v1", 1, 1, "r1"}); }));
  JISR_ASSERT_OK(Write([](Transaction& txn) {
    return txn.InsertRequest({"req-1", "m", "fp", 1, "resp"});
  }));
  JISR_ASSERT_OK(Write([](Transaction& txn) {
    return txn.InsertSchedule({"sch1", 1, 1, {"v1"}, "d"});
  }));

  JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginWrite());
  EXPECT_THAT(txn->InsertStory(Story("s1")), StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(txn->InsertVariant(Variant("v1", "s1", "fr", "other")),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(txn->InsertRevision({"v1", 1, 2, "again"}),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(txn->InsertRequest({"req-1", "m", "fp", 2, "again"}),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(txn->InsertSchedule({"sch1", 2, 1, {}, "again"}),
              StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_P(RowsContract, DuplicateInsertLeavesTheTransactionUsable) {
  JISR_ASSERT_OK(Seed(Variant("v1", "s1", "en", "a")));
  JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginWrite());
  EXPECT_THAT(txn->InsertStory(Story("s1")), StatusIs(absl::StatusCode::kAlreadyExists));
  JISR_ASSERT_OK(txn->InsertStory(Story("s2")));
  JISR_ASSERT_OK(txn->Commit());
  JISR_ASSERT_OK_AND_ASSIGN(auto read, storage().BeginRead());
  JISR_ASSERT_OK_AND_ASSIGN(auto s2, read->GetStory("s2"));
  EXPECT_TRUE(s2.has_value());
  JISR_ASSERT_OK_AND_ASSIGN(auto s1, read->GetStory("s1"));
  ASSERT_TRUE(s1.has_value());
  EXPECT_EQ(s1->data, "story s1");  // the duplicate did not overwrite it
}

TEST_P(RowsContract, SlugIsUniquePerLanguageDeletedVariantsIncluded) {
  storage::VariantRow deleted = Variant("v1", "s1", "en", "gaza-talks");
  deleted.deleted = true;
  JISR_ASSERT_OK(Seed(deleted));
  JISR_ASSERT_OK(Seed(Variant("v2", "s1", "ar", "gaza-talks")));  // other language: fine

  JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginWrite());
  EXPECT_THAT(txn->InsertVariant(Variant("v3", "s1", "en", "gaza-talks")),
              StatusIs(absl::StatusCode::kAlreadyExists));
  JISR_ASSERT_OK(txn->InsertVariant(Variant("v4", "s1", "fr", "gaza-talks")));
  storage::VariantRow renamed = Variant("v2", "s1", "en", "gaza-talks");
  EXPECT_THAT(txn->UpdateVariant(renamed), StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_P(RowsContract, UpdatesOfMissingRowsAreNotFound) {
  JISR_ASSERT_OK(Seed(Variant("v1", "s1", "en", "a")));
  JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginWrite());
  EXPECT_THAT(txn->UpdateStory(Story("nope")), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(txn->UpdateVariant(Variant("nope", "s1", "en", "b")),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(txn->UpdateSchedule({"nope", 1, 1, {}, "d"}), StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(RowsContract, UpdatesReplaceEveryField) {
  JISR_ASSERT_OK(Seed(Variant("v1", "s1", "en", "a")));
  storage::StoryRow story = Story("s1", 77);
  story.version = 9;
  story.deleted = true;
  story.data = AllBytes();
  storage::VariantRow variant = Variant("v1", "s1", "en", "b", 78);
  variant.state = 2;  // PUBLISHED: not the helper's DRAFT
  variant.section = "sport";
  variant.version = 10;
  variant.deleted = true;
  variant.translation_state = 2;
  variant.stale_since_micros = 55;
  variant.data = AllBytes();
  JISR_ASSERT_OK(Write([&](Transaction& txn) -> absl::Status {
    JISR_RETURN_IF_ERROR(txn.UpdateStory(story));
    return txn.UpdateVariant(variant);
  }));
  JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginRead());
  JISR_ASSERT_OK_AND_ASSIGN(auto got_story, txn->GetStory("s1"));
  EXPECT_EQ(Tie(*got_story), Tie(story));
  JISR_ASSERT_OK_AND_ASSIGN(auto got_variant, txn->GetVariant("v1"));
  EXPECT_EQ(Tie(*got_variant), Tie(variant));
  JISR_ASSERT_OK_AND_ASSIGN(auto old_slug, txn->FindVariantBySlug("en", "a"));
  EXPECT_FALSE(old_slug.has_value());
}

TEST_P(RowsContract, StoriesListNewestFirstWithKeysetPages) {
  JISR_ASSERT_OK(Write([](Transaction& txn) -> absl::Status {
    // Two share modify_micros: id breaks the tie, descending.
    for (auto [id, micros] : std::vector<std::pair<std::string, int64_t>>{
             {"a", 300}, {"b", 200}, {"c", 200}, {"d", 100}, {"e", 400}}) {
      storage::StoryRow row = Story(id, micros);
      row.deleted = id == "d";
      JISR_RETURN_IF_ERROR(txn.InsertStory(row));
    }
    return absl::OkStatus();
  }));
  JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginRead());
  storage::StoryQuery query;
  query.limit = 2;
  JISR_ASSERT_OK_AND_ASSIGN(auto page1, txn->ListStories(query));
  EXPECT_THAT(Ids(page1), ElementsAre("e", "a"));
  query.after = std::make_pair(page1.back().modify_micros, page1.back().id);
  JISR_ASSERT_OK_AND_ASSIGN(auto page2, txn->ListStories(query));
  EXPECT_THAT(Ids(page2), ElementsAre("c", "b"));
  query.after = std::make_pair(page2.back().modify_micros, page2.back().id);
  JISR_ASSERT_OK_AND_ASSIGN(auto page3, txn->ListStories(query));
  EXPECT_THAT(page3, IsEmpty());

  storage::StoryQuery all;
  all.include_deleted = true;
  JISR_ASSERT_OK_AND_ASSIGN(auto everything, txn->ListStories(all));
  EXPECT_THAT(Ids(everything), ElementsAre("e", "a", "c", "b", "d"));
}

TEST_P(RowsContract, VariantsListWithFiltersOrderAndPages) {
  JISR_ASSERT_OK(Write([](Transaction& txn) -> absl::Status {
    JISR_RETURN_IF_ERROR(txn.InsertStory(Story("s1")));
    JISR_RETURN_IF_ERROR(txn.InsertStory(Story("s2")));
    auto add = [&](std::string id, std::string story, std::string language, int64_t micros,
                   int32_t state, std::string section, int32_t translation_state,
                   int64_t stale_since, bool deleted) {
      storage::VariantRow row = Variant(id, story, language, "slug-" + id, micros);
      row.state = state;
      row.section = section;
      row.translation_state = translation_state;
      row.stale_since_micros = stale_since;
      row.deleted = deleted;
      return txn.InsertVariant(row);
    };
    JISR_RETURN_IF_ERROR(add("v1", "s1", "en", 100, 1, "world", 0, 0, false));
    JISR_RETURN_IF_ERROR(add("v2", "s1", "ar", 200, 2, "world", 2, 50, false));
    JISR_RETURN_IF_ERROR(add("v3", "s2", "ar", 300, 2, "sport", 2, 40, false));
    JISR_RETURN_IF_ERROR(add("v4", "s2", "en", 300, 1, "sport", 0, 0, false));
    JISR_RETURN_IF_ERROR(add("v5", "s2", "ar", 400, 2, "world", 2, 40, true));
    return absl::OkStatus();
  }));
  JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginRead());
  auto list = [&](storage::VariantQuery query) {
    auto rows = txn->ListVariants(query);
    EXPECT_THAT(rows, IsOk());
    return rows.ok() ? Ids(*rows) : std::vector<std::string>{};
  };
  storage::VariantQuery query;
  EXPECT_THAT(list(query), ElementsAre("v4", "v3", "v2", "v1"));
  query.include_deleted = true;
  EXPECT_THAT(list(query), ElementsAre("v5", "v4", "v3", "v2", "v1"));

  storage::VariantQuery ar;
  ar.language = "ar";
  EXPECT_THAT(list(ar), ElementsAre("v3", "v2"));
  storage::VariantQuery state;
  state.state = 1;
  EXPECT_THAT(list(state), ElementsAre("v4", "v1"));
  storage::VariantQuery section;
  section.section = "sport";
  EXPECT_THAT(list(section), ElementsAre("v4", "v3"));
  storage::VariantQuery story;
  story.story_id = "s1";
  EXPECT_THAT(list(story), ElementsAre("v2", "v1"));
  storage::VariantQuery combined;
  combined.language = "ar";
  combined.section = "world";
  combined.include_deleted = true;
  EXPECT_THAT(list(combined), ElementsAre("v5", "v2"));

  storage::VariantQuery paged;
  paged.limit = 2;
  EXPECT_THAT(list(paged), ElementsAre("v4", "v3"));
  paged.after = std::make_pair(int64_t{300}, std::string("v3"));
  EXPECT_THAT(list(paged), ElementsAre("v2", "v1"));

  // Stale first: (stale_since_micros, id) ascending, with its own cursor.
  storage::VariantQuery stale;
  stale.translation_state = 2;
  stale.stale_first = true;
  stale.include_deleted = true;
  EXPECT_THAT(list(stale), ElementsAre("v3", "v5", "v2"));
  stale.after = std::make_pair(int64_t{40}, std::string("v3"));
  stale.limit = 1;
  EXPECT_THAT(list(stale), ElementsAre("v5"));

  JISR_ASSERT_OK_AND_ASSIGN(auto of_story, txn->ListStoryVariants("s2"));
  EXPECT_THAT(Ids(of_story), ElementsAre("v3", "v4", "v5"));
}

TEST_P(RowsContract, RevisionsNewestFirstBelowBefore) {
  JISR_ASSERT_OK(Seed(Variant("v1", "s1", "en", "a")));
  JISR_ASSERT_OK(Seed(Variant("v2", "s1", "ar", "a")));
  JISR_ASSERT_OK(Write([](Transaction& txn) -> absl::Status {
    for (int64_t n = 1; n <= 5; ++n) {
      JISR_RETURN_IF_ERROR(txn.InsertRevision({"v1", n, n * 10, "r" + std::to_string(n)}));
    }
    return txn.InsertRevision({"v2", 1, 1, "other"});
  }));
  JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginRead());
  auto numbers = [&](int64_t before, int limit) {
    std::vector<int64_t> out;
    auto rows = txn->ListRevisions("v1", before, limit);
    EXPECT_THAT(rows, IsOk());
    if (rows.ok()) {
      for (const auto& row : *rows) out.push_back(row.number);
    }
    return out;
  };
  EXPECT_THAT(numbers(0, 10), ElementsAre(5, 4, 3, 2, 1));
  EXPECT_THAT(numbers(0, 2), ElementsAre(5, 4));
  EXPECT_THAT(numbers(4, 2), ElementsAre(3, 2));
  EXPECT_THAT(numbers(1, 10), IsEmpty());
  JISR_ASSERT_OK_AND_ASSIGN(auto missing, txn->GetRevision("v1", 6));
  EXPECT_FALSE(missing.has_value());
}

TEST_P(RowsContract, PublishedViewsByIdAndSlugReplacedAndDeleted) {
  JISR_ASSERT_OK(Seed(Variant("v1", "s1", "en", "a")));
  JISR_ASSERT_OK(Seed(Variant("v2", "s1", "ar", "a")));
  JISR_ASSERT_OK(Write([](Transaction& txn) {
    return txn.PutPublished({"v1", "en", "old-slug", 1, "first"});
  }));
  JISR_ASSERT_OK_AND_ASSIGN(auto by_id, storage().ReadPublished("v1"));
  ASSERT_TRUE(by_id.has_value());
  EXPECT_EQ(by_id->data, "first");
  JISR_ASSERT_OK_AND_ASSIGN(auto by_slug, storage().ReadPublishedBySlug("en", "old-slug"));
  ASSERT_TRUE(by_slug.has_value());
  EXPECT_EQ(by_slug->variant_id, "v1");

  // Replacing moves the view to its new slug; the old slug no longer finds it.
  storage::PublishedRow replaced{"v1", "en", "new-slug", 2, AllBytes()};
  JISR_ASSERT_OK(Write([&](Transaction& txn) { return txn.PutPublished(replaced); }));
  JISR_ASSERT_OK_AND_ASSIGN(by_id, storage().ReadPublished("v1"));
  ASSERT_TRUE(by_id.has_value());
  EXPECT_EQ(Tie(*by_id), Tie(replaced));
  JISR_ASSERT_OK_AND_ASSIGN(by_slug, storage().ReadPublishedBySlug("en", "old-slug"));
  EXPECT_FALSE(by_slug.has_value());
  JISR_ASSERT_OK_AND_ASSIGN(by_slug, storage().ReadPublishedBySlug("en", "new-slug"));
  EXPECT_TRUE(by_slug.has_value());

  // A view taking another view's (language, slug) replaces that one, as INSERT OR REPLACE does.
  JISR_ASSERT_OK(Write([](Transaction& txn) {
    return txn.PutPublished({"v2", "en", "new-slug", 1, "v2 view"});
  }));
  JISR_ASSERT_OK_AND_ASSIGN(by_slug, storage().ReadPublishedBySlug("en", "new-slug"));
  ASSERT_TRUE(by_slug.has_value());
  EXPECT_EQ(by_slug->variant_id, "v2");
  JISR_ASSERT_OK_AND_ASSIGN(by_id, storage().ReadPublished("v1"));
  EXPECT_FALSE(by_id.has_value());

  JISR_ASSERT_OK(Write([](Transaction& txn) { return txn.DeletePublished("v2"); }));
  JISR_ASSERT_OK_AND_ASSIGN(by_id, storage().ReadPublished("v2"));
  EXPECT_FALSE(by_id.has_value());
  JISR_ASSERT_OK_AND_ASSIGN(by_slug, storage().ReadPublishedBySlug("en", "new-slug"));
  EXPECT_FALSE(by_slug.has_value());
  JISR_EXPECT_OK(Write([](Transaction& txn) { return txn.DeletePublished("v2"); }));
}

TEST_P(RowsContract, SchedulesListAndClaimInDueOrder) {
  JISR_ASSERT_OK(Write([](Transaction& txn) -> absl::Status {
    JISR_RETURN_IF_ERROR(txn.InsertSchedule({"c", 300, 1, {"v1"}, "c"}));
    JISR_RETURN_IF_ERROR(txn.InsertSchedule({"a", 100, 1, {"v1", "v2"}, "a"}));
    JISR_RETURN_IF_ERROR(txn.InsertSchedule({"b", 100, 2, {"v2"}, "b"}));
    return txn.InsertSchedule({"d", 500, 1, {"v10"}, "d"});
  }));
  JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginWrite());
  storage::ScheduleQuery all;
  JISR_ASSERT_OK_AND_ASSIGN(auto rows, txn->ListSchedules(all));
  EXPECT_THAT(Ids(rows), ElementsAre("a", "b", "c", "d"));
  storage::ScheduleQuery pending;
  pending.state = 1;
  pending.limit = 2;
  JISR_ASSERT_OK_AND_ASSIGN(rows, txn->ListSchedules(pending));
  EXPECT_THAT(Ids(rows), ElementsAre("a", "c"));
  pending.after = std::make_pair(int64_t{300}, std::string("c"));
  JISR_ASSERT_OK_AND_ASSIGN(rows, txn->ListSchedules(pending));
  EXPECT_THAT(Ids(rows), ElementsAre("d"));
  storage::ScheduleQuery of_v1;
  of_v1.variant_id = "v1";  // not v10
  JISR_ASSERT_OK_AND_ASSIGN(rows, txn->ListSchedules(of_v1));
  EXPECT_THAT(Ids(rows), ElementsAre("a", "c"));

  JISR_ASSERT_OK_AND_ASSIGN(rows, txn->ClaimDueSchedules(1, 300, 10));
  EXPECT_THAT(Ids(rows), ElementsAre("a", "c"));
  JISR_ASSERT_OK_AND_ASSIGN(rows, txn->ClaimDueSchedules(1, 300, 1));
  EXPECT_THAT(Ids(rows), ElementsAre("a"));
}

JISR_INSTANTIATE_FOR_EVERY_ENGINE(RowsContract);

}  // namespace
}  // namespace jisr::testing
