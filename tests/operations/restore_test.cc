// `jisrd restore` puts a backup in place only when that is safe, and otherwise changes nothing
// and says what to do: it refuses an existing file without --force, a damaged backup, a backup
// from a newer jisrd, and a file a running jisrd holds. `jisrd backup` never replaces a file. A
// restore over a file a crash left with a -wal does not let SQLite replay that old WAL into the
// new file.
#include <signal.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/operations/operations_support.h"
#include "tests/testing/temp_dir.h"

namespace jisr {
namespace {

using ::testing::HasSubstr;
namespace v1 = ::jisr::v1;

class RestoreTest : public ::testing::Test {
 protected:
  // A database with one variant headed `headline`, and a backup of it at `backup`.
  void MakeBackup(const std::string& data, const std::string& headline, const std::string& backup) {
    auto jisrd = testing::StartJisrdOn(dir_.File(data), dir_.path());
    ASSERT_NE(jisrd, nullptr);
    Create(*jisrd, headline);
    ASSERT_EQ(
        Run({"backup", "--data_path=" + dir_.File(data), "--to=" + dir_.File(backup)}).exit_code,
        0);
  }

  v1::Variant Create(const testing::JisrdProcess& jisrd, const std::string& headline) {
    v1::CreateVariantRequest request;
    request.mutable_variant()->set_language("en");
    request.mutable_variant()->set_headline(headline);
    v1::Variant created;
    const grpc::Status status =
        testing::ConnectTo(jisrd)->CreateVariant(testing::EditorCall().get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  testing::CommandResult Run(const std::vector<std::string>& args) {
    return testing::RunJisrdCommand(args, dir_.path());
  }
  testing::CommandResult Restore(const std::string& backup, const std::string& data,
                                 bool force = false) {
    std::vector<std::string> args = {"restore", "--from=" + dir_.File(backup),
                                     "--data_path=" + dir_.File(data)};
    if (force) args.push_back("--force");
    return Run(args);
  }

  // The headlines jisrd serves from `data`.
  std::vector<std::string> Headlines(const std::string& data) {
    auto jisrd = testing::StartJisrdOn(dir_.File(data), dir_.path());
    if (jisrd == nullptr) return {};
    return testing::AllHeadlines(*testing::ConnectTo(*jisrd));
  }

  testing::TempDir dir_;
};

TEST_F(RestoreTest, AnExistingFileIsReplacedOnlyWithForce) {
  MakeBackup("a.db", "From the backup", "a.backup");
  MakeBackup("b.db", "Already there", "b.backup");
  const std::string before = testing::FileBytes(dir_.File("b.db"));

  const testing::CommandResult refused = Restore("a.backup", "b.db");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("exists"));
  EXPECT_THAT(refused.err, HasSubstr("pass --force to replace it"));
  EXPECT_EQ(testing::FileBytes(dir_.File("b.db")), before);

  const testing::CommandResult forced = Restore("a.backup", "b.db", /*force=*/true);
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_THAT(forced.out, HasSubstr("integrity_check ok"));
  EXPECT_THAT(Headlines("b.db"), ::testing::ElementsAre("From the backup"));
}

TEST_F(RestoreTest, ADamagedBackupOrOneThatIsNoDatabaseIsRefused) {
  MakeBackup("a.db", "Sound", "a.backup");
  // The page header of page 2 (a table's root) made invalid: the file opens, the check fails.
  std::filesystem::copy_file(dir_.File("a.backup"), dir_.File("damaged.backup"));
  {
    std::fstream file(dir_.File("damaged.backup"), std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(4096);
    file.write("\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF", 8);
  }
  ASSERT_NE(testing::SqliteIntegrity(dir_.File("damaged.backup")), "ok");
  std::ofstream(dir_.File("text.backup")) << "not a database\n";

  for (const std::string backup : {"damaged.backup", "text.backup"}) {
    SCOPED_TRACE(backup);
    const testing::CommandResult refused = Restore(backup, "new.db");
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_THAT(refused.err, HasSubstr("is damaged or is not an SQLite database"));
    EXPECT_THAT(refused.err, HasSubstr("restore another backup"));
    EXPECT_FALSE(std::filesystem::exists(dir_.File("new.db")));
    EXPECT_FALSE(std::filesystem::exists(dir_.File("new.db.tmp")));
  }
}

TEST_F(RestoreTest, ABackupFromANewerJisrdIsRefused) {
  MakeBackup("a.db", "From the future", "a.backup");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("a.backup").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db, "INSERT INTO schema_migrations VALUES (999, 0)", nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);

  const testing::CommandResult refused = Restore("a.backup", "new.db");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("schema version 999, newer than this jisrd knows"));
  EXPECT_FALSE(std::filesystem::exists(dir_.File("new.db")));
}

TEST_F(RestoreTest, AFileARunningJisrdHoldsIsRefused) {
  MakeBackup("a.db", "Backed up", "a.backup");
  auto serving = testing::StartJisrdOn(dir_.File("live.db"), dir_.path());
  ASSERT_NE(serving, nullptr);
  Create(*serving, "Served");

  const testing::CommandResult refused = Restore("a.backup", "live.db", /*force=*/true);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("another process is using"));
  EXPECT_THAT(refused.err, HasSubstr("stop jisrd before restoring"));
  // jisrd goes on serving its own file.
  EXPECT_THAT(testing::AllHeadlines(*testing::ConnectTo(*serving)),
              ::testing::ElementsAre("Served"));
}

TEST_F(RestoreTest, ABackupNeverReplacesAFile) {
  MakeBackup("a.db", "Backed up", "a.backup");
  std::ofstream(dir_.File("taken")) << "someone's file\n";
  const testing::CommandResult refused =
      Run({"backup", "--data_path=" + dir_.File("a.db"), "--to=" + dir_.File("taken")});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("a backup never replaces a file"));
  EXPECT_EQ(testing::FileBytes(dir_.File("taken")), "someone's file\n");
}

TEST_F(RestoreTest, TheWalACrashLeftBesideTheOldFileIsNotReplayedIntoTheRestoredOne) {
  MakeBackup("a.db", "From the backup", "a.backup");
  {
    auto crashed = testing::StartJisrdOn(dir_.File("crashed.db"), dir_.path());
    ASSERT_NE(crashed, nullptr);
    for (int i = 0; i < 20; ++i) Create(*crashed, absl::StrCat("Only in the WAL ", i));
    crashed->Signal(SIGKILL);
  }
  ASSERT_TRUE(std::filesystem::exists(dir_.File("crashed.db-wal")));

  const testing::CommandResult restored = Restore("a.backup", "crashed.db", /*force=*/true);
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.File("crashed.db-wal")));
  EXPECT_EQ(testing::SqliteIntegrity(dir_.File("crashed.db")), "ok");
  EXPECT_THAT(Headlines("crashed.db"), ::testing::ElementsAre("From the backup"));
}

}  // namespace
}  // namespace jisr
