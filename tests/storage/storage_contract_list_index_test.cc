// Every filter combination and order of a variant list is served by an index on both engines
// (the planner says so), and its pages, walked by keyset, hold exactly the matching rows in
// order. A variant row's state is one the lists without a state merge over.
#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "services/storage/list_indexes.h"
#include "tests/storage/storage_contract.h"
#include "tests/testing/status_matchers.h"

namespace jisr::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr int32_t kStale = 3;

// 96 variants over 8 stories, two languages, three sections, three states; some deleted, some
// stale, and ties in modify time and headline key so that the id breaks them.
std::vector<storage::VariantRow> Archive() {
  const char* languages[] = {"en", "ar"};
  const char* sections[] = {"world", "sport", "culture"};
  std::vector<storage::VariantRow> rows;
  for (int i = 0; i < 96; ++i) {
    storage::VariantRow row = Variant(absl::StrCat("v", 100 + i), absl::StrCat("s", i % 8),
                                      languages[i % 2], absl::StrCat("slug-", i), 1000 + i / 3);
    row.state = 1 + (i / 2) % 3;
    row.section = sections[(i / 5) % 3];
    row.deleted = i % 7 == 0;
    row.headline_key = std::string(1, static_cast<char>('a' + (i * 7) % 13));
    row.translation_state = i % 4 == 1 ? kStale : 1;
    row.stale_since_micros = row.translation_state == kStale ? 500 + (i % 5) : 0;
    rows.push_back(row);
  }
  return rows;
}

enum class Order { kModified, kHeadline, kStale };

// Every combination the API offers: ListVariants' filters with either order (by headline
// needs a language), and ListStaleTranslations.
std::vector<std::pair<storage::VariantQuery, Order>> Combinations() {
  std::vector<std::pair<storage::VariantQuery, Order>> out;
  for (const char* language : {"", "en"}) {
    for (int32_t state : {0, 2}) {
      for (const char* section : {"", "sport"}) {
        for (const char* story : {"", "s3"}) {
          for (bool deleted : {false, true}) {
            storage::VariantQuery q;
            q.language = language;
            q.state = state;
            q.section = section;
            q.story_id = story;
            q.include_deleted = deleted;
            out.emplace_back(q, Order::kModified);
            if (q.language.empty()) continue;
            q.by_headline = true;
            out.emplace_back(q, Order::kHeadline);
          }
        }
      }
    }
  }
  storage::VariantQuery stale;
  stale.language = "ar";
  stale.translation_state = kStale;
  stale.stale_first = true;
  out.emplace_back(stale, Order::kStale);
  return out;
}

std::string Describe(const storage::VariantQuery& q) {
  return absl::StrCat("language=", q.language, " state=", q.state, " section=", q.section,
                      " story=", q.story_id, " deleted=", q.include_deleted,
                      " headline=", q.by_headline, " stale=", q.stale_first);
}

// The ids `q` lists, computed here from the rows.
std::vector<std::string> Expected(const std::vector<storage::VariantRow>& rows,
                                  const storage::VariantQuery& q) {
  std::vector<storage::VariantRow> match;
  for (const auto& r : rows) {
    if ((!r.deleted || q.include_deleted) && (q.language.empty() || r.language == q.language) &&
        (q.state == 0 || r.state == q.state) && (q.section.empty() || r.section == q.section) &&
        (q.story_id.empty() || r.story_id == q.story_id) &&
        (q.translation_state == 0 || r.translation_state == q.translation_state)) {
      match.push_back(r);
    }
  }
  std::sort(match.begin(), match.end(), [&](const auto& a, const auto& b) {
    if (q.by_headline) return std::tie(a.headline_key, a.id) < std::tie(b.headline_key, b.id);
    if (q.stale_first) {
      return std::tie(a.stale_since_micros, a.id) < std::tie(b.stale_since_micros, b.id);
    }
    return std::tie(a.modify_micros, a.id) > std::tie(b.modify_micros, b.id);
  });
  return Ids(match);
}

// The columns whose equality must bound the index range: a story's, or else every filter's.
std::vector<std::string> BoundedColumns(const storage::VariantQuery& q) {
  if (!q.story_id.empty()) return {"story_id"};
  std::vector<std::string> columns;
  if (!q.language.empty()) columns.push_back("language");
  if (q.state != 0) columns.push_back("state");
  if (!q.section.empty()) columns.push_back("section");
  if (q.translation_state != 0) columns.push_back("translation_state");
  return columns;
}

class ListIndexTest : public StorageContractTest {
 protected:
  void SetUp() override {
    StorageContractTest::SetUp();
    rows_ = Archive();
    for (const auto& row : rows_) JISR_ASSERT_OK(Seed(row));
  }
  std::vector<storage::VariantRow> rows_;
};

TEST_P(ListIndexTest, EveryCombinationPagesThroughExactlyItsRowsInOrder) {
  for (auto [query, order] : Combinations()) {
    query.limit = 4;
    std::vector<std::string> listed;
    for (int page = 0; page < 40; ++page) {
      auto txn = storage().BeginRead();
      JISR_ASSERT_OK(txn);
      auto rows = (*txn)->ListVariants(query);
      JISR_ASSERT_OK(rows);
      for (const auto& row : *rows) listed.push_back(row.id);
      if (static_cast<int>(rows->size()) < query.limit) break;
      const storage::VariantRow& last = rows->back();
      if (order == Order::kHeadline) query.after_key.emplace(last.headline_key, last.id);
      if (order == Order::kModified) query.after.emplace(last.modify_micros, last.id);
      if (order == Order::kStale) query.after.emplace(last.stale_since_micros, last.id);
    }
    EXPECT_EQ(listed, Expected(rows_, query)) << Describe(query);
  }
  // The combinations are not vacuous: the widest lists every row, a narrow one a few.
  storage::VariantQuery all;
  all.include_deleted = true;
  EXPECT_EQ(Expected(rows_, all).size(), rows_.size());
}

TEST_P(ListIndexTest, EveryCombinationIsServedByAnIndexWithoutSortingTheTable) {
  for (auto [query, order] : Combinations()) {
    // The second page's statement too: the keyset condition must not lose the index.
    for (bool second_page : {false, true}) {
      if (second_page && order == Order::kHeadline) query.after_key.emplace("k", "v1");
      if (second_page && order != Order::kHeadline) query.after.emplace(1000, "v1");
      auto plan = database().ListVariantsPlan(query);
      JISR_ASSERT_OK(plan);
      const std::string about = absl::StrCat(Describe(query), "\n", *plan);
      // A story's list reads the story's few rows through its index; ordered by headline they
      // are sorted, a handful at most (one per language, and the deleted ones).
      const bool sorts_a_story = !query.story_id.empty() && query.by_headline;
      // Every equality filter bounds the index range, not a check on the rows it yields.
      std::vector<std::string> bounded = BoundedColumns(query);
      // A list without a state merges one range per state: each range is bounded by its state
      // too, and the ranges come out merged, not sorted.
      if (storage::MergesStateRanges(query)) {
        bounded.push_back("state");
        EXPECT_THAT(*plan, HasSubstr(GetParam() == "sqlite" ? "MERGE (UNION ALL)" : "Merge Append"))
            << about;
      }
      for (const std::string& column : bounded) {
        EXPECT_THAT(*plan, HasSubstr(GetParam() == "sqlite" ? absl::StrCat(column, "=?")
                                                            : absl::StrCat("(", column, " = ")))
            << about;
      }
      if (GetParam() == "sqlite") {
        EXPECT_THAT(*plan, HasSubstr("USING INDEX")) << about;
        EXPECT_THAT(*plan, Not(HasSubstr("SCAN variants\n"))) << about;
        if (!sorts_a_story) {
          EXPECT_THAT(*plan, Not(HasSubstr("TEMP B-TREE"))) << about;
        }
        if (!query.story_id.empty()) {
          EXPECT_THAT(*plan, HasSubstr("variants_by_story")) << about;
        }
      } else {
        EXPECT_THAT(*plan, HasSubstr("\"Index Scan")) << about;
        EXPECT_THAT(*plan, Not(HasSubstr("Seq Scan"))) << about;
        if (!sorts_a_story) {
          EXPECT_THAT(*plan, Not(HasSubstr("\"Sort\""))) << about;
        }
      }
    }
  }
}

TEST_P(ListIndexTest, AVariantInAStateNoListMergesOverIsRefusedNamingTheState) {
  storage::VariantRow row = Variant("v-unlisted", "s1", "en", "unlisted", 5000);
  row.state = 0;
  auto txn = storage().BeginWrite();
  JISR_ASSERT_OK(txn);
  absl::Status inserted = (*txn)->InsertVariant(row);
  EXPECT_EQ(inserted.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(inserted.message(), HasSubstr("has state 0"));
  row = rows_.front();
  row.state = 4;
  absl::Status updated = (*txn)->UpdateVariant(row);
  EXPECT_EQ(updated.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(updated.message(), HasSubstr("has state 4"));
}

JISR_INSTANTIATE_FOR_EVERY_ENGINE(ListIndexTest);

}  // namespace
}  // namespace jisr::testing
