// The storage contract suite's fixture: every TEST_P runs once per engine on a fresh database.
#ifndef JISR_TESTS_STORAGE_STORAGE_CONTRACT_H_
#define JISR_TESTS_STORAGE_STORAGE_CONTRACT_H_

#include <functional>
#include <memory>
#include <string>
#include <tuple>

#include "gtest/gtest.h"
#include "services/storage/storage.h"
#include "tests/storage/storage_engines.h"
#include "tests/testing/status_matchers.h"

namespace jisr::testing {

class StorageContractTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;
  void TearDown() override { storage_.reset(); }

  storage::Storage& storage() { return *storage_; }
  TestDatabase& database() { return *database_; }

  // Runs `body` in a write transaction of `on` (default: this test's storage) and commits it.
  absl::Status Write(const std::function<absl::Status(storage::Transaction&)>& body,
                     storage::Storage* on = nullptr);
  // Inserts story `story_id` (if absent) and a variant of it.
  absl::Status Seed(const storage::VariantRow& variant);

 private:
  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<storage::Storage> storage_;
};

// Rows with every field set to something distinctive.
storage::StoryRow Story(std::string id, int64_t modify_micros = 1000);
storage::VariantRow Variant(std::string id, std::string story_id, std::string language,
                            std::string slug, int64_t modify_micros = 1000);
storage::EventRow Event(std::string variant_id, int64_t revision);

// Every byte value, twice, plus sequences that are not UTF-8: `data` must come back unchanged.
std::string AllBytes();

// The rows as tuples, so EXPECT_EQ compares and prints every field.
inline auto Tie(const storage::StoryRow& r) {
  return std::tie(r.id, r.version, r.modify_micros, r.deleted, r.data);
}
inline auto Tie(const storage::VariantRow& r) {
  return std::tie(r.id, r.story_id, r.language, r.slug, r.state, r.section, r.version,
                  r.modify_micros, r.deleted, r.translation_state, r.stale_since_micros, r.data);
}
inline auto Tie(const storage::RevisionRow& r) {
  return std::tie(r.variant_id, r.number, r.create_micros, r.data);
}
inline auto Tie(const storage::PublishedRow& r) {
  return std::tie(r.variant_id, r.language, r.slug, r.version, r.data);
}
inline auto Tie(const storage::RequestRow& r) {
  return std::tie(r.request_id, r.method, r.fingerprint, r.create_micros, r.response, r.variant_id);
}
inline auto Tie(const storage::ScheduleRow& r) {
  return std::tie(r.id, r.due_micros, r.state, r.variant_ids, r.data);
}
// Without the sequence, which the storage assigns.
inline auto Tie(const storage::EventRow& r) {
  return std::tie(r.time_micros, r.story_id, r.variant_id, r.language, r.revision, r.kind, r.data);
}

// The ids of `rows`, in order.
template <typename Rows>
std::vector<std::string> Ids(const Rows& rows) {
  std::vector<std::string> ids;
  for (const auto& row : rows) ids.push_back(row.id);
  return ids;
}

}  // namespace jisr::testing

#endif  // JISR_TESTS_STORAGE_STORAGE_CONTRACT_H_
