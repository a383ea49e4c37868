// BackupDatabase's snapshot, with writes committed between every two steps of the copy (from
// its progress callback, so they interleave whatever the scheduler does): the copy holds every
// row committed before it began and none committed during it, and it never starts over.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/status_macros.h"
#include "services/storage/sqlite/backup.h"
#include "services/storage/sqlite/sqlite_storage.h"
#include "tests/operations/operations_support.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace jisr {
namespace {

using ::jisr::testing::IsOk;
using ::jisr::testing::StatusIs;

std::unique_ptr<storage::Storage> Open(const std::string& path) {
  storage::sqlite::SqliteOptions options;
  options.path = path;
  auto opened = storage::sqlite::SqliteStorage::Open(options);
  EXPECT_THAT(opened, IsOk());
  return opened.ok() ? std::move(*opened) : nullptr;
}

// Commits request records `ids` with 16 KiB responses, in one transaction, and an event.
absl::Status Write(storage::Storage& storage, const std::vector<std::string>& ids) {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage.BeginWrite());
  for (const std::string& id : ids) {
    JISR_RETURN_IF_ERROR(
        txn->InsertRequest({id, "UpdateVariant", "f", 1000, std::string(16 << 10, 'r')}));
  }
  storage::EventRow event;
  event.story_id = event.variant_id = ids.front();
  event.language = "en";
  JISR_RETURN_IF_ERROR(txn->AppendEvent(event));
  return txn->Commit();
}

std::vector<std::string> Ids(const std::string& prefix, int count) {
  std::vector<std::string> ids;
  for (int i = 0; i < count; ++i) ids.push_back(absl::StrCat(prefix, i));
  return ids;
}

bool Holds(storage::Storage& storage, const std::string& id) {
  auto txn = storage.BeginRead();
  if (!txn.ok()) return false;
  auto row = (*txn)->GetRequest(id);
  return row.ok() && row->has_value();
}

TEST(SqliteBackupTest, WritesBetweenTheCopysStepsAreNotInItAndTheCopyNeverRestarts) {
  testing::TempDir dir;
  auto live = Open(dir.File("live.db"));
  ASSERT_NE(live, nullptr);
  const std::vector<std::string> before = Ids("before-", 800);  // about 13 MiB: several steps
  ASSERT_THAT(Write(*live, before), IsOk());
  JISR_ASSERT_OK_AND_ASSIGN(int64_t last_event_before, live->LastEventSequence());

  std::vector<storage::sqlite::CopyProgress> steps;
  std::vector<std::string> during;
  auto write_after_each_step = [&](const storage::sqlite::CopyProgress& progress) {
    steps.push_back(progress);
    // A copy that started over after each write would never end: 20 writes at most.
    if (steps.size() > 20) return;
    during.push_back(absl::StrCat("during-", steps.size()));
    EXPECT_THAT(Write(*live, {during.back()}), IsOk());
  };
  auto summary = storage::sqlite::BackupDatabase(dir.File("live.db"), dir.File("backup.db"),
                                                 write_after_each_step);
  ASSERT_THAT(summary, IsOk());
  ASSERT_GE(steps.size(), 3u);
  for (size_t i = 1; i < steps.size(); ++i) {
    EXPECT_GT(steps[i].pages_done, steps[i - 1].pages_done) << "the copy started over";
    EXPECT_EQ(steps[i].pages_total, steps[0].pages_total);
  }
  EXPECT_EQ(steps.back().pages_done, steps.back().pages_total);
  EXPECT_EQ(summary->last_event_sequence, last_event_before);
  EXPECT_EQ(testing::SqliteIntegrity(dir.File("backup.db")), "ok");

  live.reset();
  auto restored = Open(dir.File("backup.db"));
  ASSERT_NE(restored, nullptr);
  for (const std::string& id : before) EXPECT_TRUE(Holds(*restored, id)) << id;
  for (const std::string& id : during) EXPECT_FALSE(Holds(*restored, id)) << id;
}

TEST(SqliteBackupTest, NoDatabaseAndATakenNameAreRefusedAndLeaveNothingBehind) {
  testing::TempDir dir;
  EXPECT_THAT(storage::sqlite::BackupDatabase(dir.File("missing.db"), dir.File("b.db"),
                                              [](const storage::sqlite::CopyProgress&) {}),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_FALSE(std::filesystem::exists(dir.File("b.db.tmp")));
  EXPECT_THAT(storage::sqlite::RestoreDatabase(dir.File("missing.db"), dir.File("r.db"), false,
                                               [](const storage::sqlite::CopyProgress&) {}),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_FALSE(std::filesystem::exists(dir.File("r.db")));
}

}  // namespace
}  // namespace jisr
