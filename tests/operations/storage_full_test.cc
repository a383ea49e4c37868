// SQLite storage under its size cap (SqliteOptions.max_bytes, jisrd's --max_database_mb): a
// write that does not fit fails whole with StorageFullError, CheckWritable reports the full
// state and, once rows are deleted and their pages free again, reports room again, and writes
// fit again; reopened with a larger cap, every committed row is there.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/status_macros.h"
#include "services/storage/sqlite/connection.h"
#include "services/storage/sqlite/sqlite_storage.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace jisr {
namespace {

using ::jisr::testing::IsOk;
using ::jisr::testing::StatusIs;
using ::testing::HasSubstr;

std::unique_ptr<storage::sqlite::SqliteStorage> OpenCapped(const std::string& path,
                                                           int64_t max_bytes) {
  storage::sqlite::SqliteOptions options;
  options.path = path;
  options.max_bytes = max_bytes;
  auto opened = storage::sqlite::SqliteStorage::Open(options);
  EXPECT_THAT(opened, IsOk());
  return opened.ok() ? std::move(*opened) : nullptr;
}

absl::Status InsertRequest(storage::Storage& storage, const std::string& id) {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage.BeginWrite());
  storage::RequestRow row;
  row.request_id = id;
  row.method = "UpdateVariant";
  row.fingerprint = "f";
  row.create_micros = 1000;
  row.response = std::string(16 << 10, static_cast<char>('a' + id.size() % 26));
  JISR_RETURN_IF_ERROR(txn->InsertRequest(row));
  return txn->Commit();
}

// Inserts 16 KiB request records until one does not fit; returns the ids that did.
std::vector<std::string> FillUp(storage::Storage& storage, absl::Status& refusal) {
  std::vector<std::string> committed;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = absl::StrCat("request-", i);
    refusal = InsertRequest(storage, id);
    if (!refusal.ok()) break;
    committed.push_back(id);
  }
  return committed;
}

void ExpectPresent(storage::Storage& storage, const std::vector<std::string>& ids, bool present) {
  auto txn = storage.BeginRead();
  ASSERT_THAT(txn, IsOk());
  for (const std::string& id : ids) {
    auto row = (*txn)->GetRequest(id);
    ASSERT_THAT(row, IsOk());
    EXPECT_EQ(row->has_value(), present) << id;
  }
}

TEST(SqliteStorageFullTest, CheckWritableFollowsTheCapAndTheSpaceDeletionsFree) {
  testing::TempDir dir;
  auto storage = OpenCapped(dir.File("jisr.db"), 1 << 20);
  ASSERT_NE(storage, nullptr);
  EXPECT_THAT(storage->CheckWritable(), IsOk());

  absl::Status refusal;
  const std::vector<std::string> committed = FillUp(*storage, refusal);
  ASSERT_FALSE(refusal.ok()) << "1000 records of 16 KiB fitted in 1 MiB";
  EXPECT_TRUE(storage::IsStorageFull(refusal)) << refusal;
  EXPECT_EQ(refusal.message(), storage::sqlite::kStorageFullMessage);
  ExpectPresent(*storage, committed, true);
  ExpectPresent(*storage, {absl::StrCat("request-", committed.size())}, false);
  const absl::Status full = storage->CheckWritable();
  EXPECT_TRUE(storage::IsStorageFull(full)) << full;
  EXPECT_THAT(full,
              StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("raise --max_database_mb")));

  // Pruning frees pages inside the file; the cap counts the file, so there is room again.
  auto deleted = storage->DeleteRequestsBefore(2000, 100000);
  ASSERT_THAT(deleted, IsOk());
  EXPECT_EQ(*deleted, static_cast<int64_t>(committed.size()));
  EXPECT_THAT(storage->CheckWritable(), IsOk());
  EXPECT_THAT(InsertRequest(*storage, "after-pruning"), IsOk());
}

TEST(SqliteStorageFullTest, ALargerCapAfterAReopenTakesWritesAndKeepsEveryCommittedRow) {
  testing::TempDir dir;
  std::vector<std::string> committed;
  {
    auto storage = OpenCapped(dir.File("jisr.db"), 1 << 20);
    ASSERT_NE(storage, nullptr);
    absl::Status refusal;
    committed = FillUp(*storage, refusal);
    ASSERT_TRUE(storage::IsStorageFull(refusal)) << refusal;
  }
  {
    // The same cap again: still full.
    auto storage = OpenCapped(dir.File("jisr.db"), 1 << 20);
    ASSERT_NE(storage, nullptr);
    EXPECT_TRUE(storage::IsStorageFull(storage->CheckWritable()));
  }
  auto storage = OpenCapped(dir.File("jisr.db"), 4 << 20);
  ASSERT_NE(storage, nullptr);
  ExpectPresent(*storage, committed, true);
  EXPECT_THAT(storage->CheckWritable(), IsOk());
  EXPECT_THAT(InsertRequest(*storage, "with-room"), IsOk());
}

}  // namespace
}  // namespace jisr
