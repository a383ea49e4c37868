// `jisrd backup` while jisrd serves a stream of writes, then `jisrd restore` and a new jisrd on
// the copy: every write acknowledged before the backup began is in it, the copy is a snapshot
// (the writes it holds are exactly the first k of the stream, none missing in between, none
// never acknowledged), SQLite finds it sound, and jisrd opens it.
#include <atomic>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/operations/operations_support.h"
#include "tests/testing/temp_dir.h"

namespace jisr {
namespace {

using ::testing::HasSubstr;
namespace v1 = ::jisr::v1;

constexpr int kWrites = 2000;
// The backup starts once this many writes are acknowledged, so it runs while the rest stream.
constexpr int kAcknowledgedBeforeBackup = 600;

std::string Headline(int i) { return absl::StrFormat("Stream write %04d", i); }

std::string Paragraph(int i) {
  std::string text;
  for (int word = 0; text.size() < 2000; ++word) absl::StrAppend(&text, "w", i, "-", word, " ");
  return text;
}

struct Acknowledged {
  std::string name;
  absl::Time at;
};

// Writes kWrites variants one after another, each acknowledged before the next is sent.
class WriteStream {
 public:
  explicit WriteStream(const testing::JisrdProcess& jisrd) : stub_(testing::ConnectTo(jisrd)) {
    thread_ = std::thread([this] { Run(); });
  }
  ~WriteStream() { Join(); }

  void Join() {
    if (thread_.joinable()) thread_.join();
  }
  void AwaitAcknowledged(int count) {
    absl::MutexLock lock(&mu_);
    auto reached = [this, count]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return static_cast<int>(acknowledged_.size()) >= count || finished_;
    };
    mu_.Await(absl::Condition(&reached));
  }
  std::map<int, Acknowledged> acknowledged() {
    absl::MutexLock lock(&mu_);
    return acknowledged_;
  }
  int failures() const { return failures_; }

 private:
  void Run() {
    for (int i = 0; i < kWrites; ++i) {
      v1::CreateVariantRequest request;
      request.mutable_variant()->set_language("en");
      request.mutable_variant()->set_headline(Headline(i));
      // A few KiB each, so the file passes 4 MiB and is copied in several steps, with writes
      // committing between them.
      request.mutable_variant()->add_blocks()->mutable_paragraph()->set_text(Paragraph(i));
      v1::Variant created;
      const grpc::Status status =
          stub_->CreateVariant(testing::EditorCall().get(), request, &created);
      const absl::Time at = absl::Now();
      absl::MutexLock lock(&mu_);
      if (status.ok()) {
        acknowledged_[i] = {created.name(), at};
      } else {
        ++failures_;
      }
    }
    absl::MutexLock lock(&mu_);
    finished_ = true;
  }

  std::unique_ptr<v1::ArticleService::Stub> stub_;
  absl::Mutex mu_;
  std::map<int, Acknowledged> acknowledged_ ABSL_GUARDED_BY(mu_);
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  std::atomic<int> failures_{0};
  std::thread thread_;
};

TEST(BackupTest, ABackupTakenWhileJisrdWritesHoldsEveryWriteAcknowledgedBeforeIt) {
  testing::TempDir dir;
  auto jisrd = testing::StartJisrdOn(dir.File("live.db"), dir.path());
  ASSERT_NE(jisrd, nullptr);
  WriteStream stream(*jisrd);
  stream.AwaitAcknowledged(kAcknowledgedBeforeBackup);

  const absl::Time backup_began = absl::Now();
  const int acknowledged_at_start = static_cast<int>(stream.acknowledged().size());
  const testing::CommandResult backup = testing::RunJisrdCommand(
      {"backup", "--data_path=" + dir.File("live.db"), "--to=" + dir.File("backup.db")},
      dir.path());
  const absl::Duration backup_took = absl::Now() - backup_began;
  const int acknowledged_at_end = static_cast<int>(stream.acknowledged().size());
  stream.Join();
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  ASSERT_EQ(stream.failures(), 0);
  const std::map<int, Acknowledged> acknowledged = stream.acknowledged();
  ASSERT_EQ(acknowledged.size(), static_cast<size_t>(kWrites));
  EXPECT_THAT(backup.out, HasSubstr("integrity_check ok"));
  EXPECT_EQ(testing::SqliteIntegrity(dir.File("backup.db")), "ok");
  EXPECT_FALSE(std::filesystem::exists(dir.File("backup.db.tmp")));
  std::cout << "backup: " << backup.out << "  " << acknowledged_at_start << " writes acknowledged "
            << "when it began, " << acknowledged_at_end << " when it ended; "
            << absl::FormatDuration(backup_took) << " including process start\n";

  const testing::CommandResult restore = testing::RunJisrdCommand(
      {"restore", "--from=" + dir.File("backup.db"), "--data_path=" + dir.File("restored.db")},
      dir.path());
  ASSERT_EQ(restore.exit_code, 0) << restore.err;
  EXPECT_EQ(testing::NumberAfter(restore.out, "last event sequence "),
            testing::NumberAfter(backup.out, "last event sequence "));
  auto restored = testing::StartJisrdOn(dir.File("restored.db"), dir.path());
  ASSERT_NE(restored, nullptr);
  auto stub = testing::ConnectTo(*restored);

  // Every write acknowledged before the backup began, read back through the API.
  int checked = 0;
  for (const auto& [i, write] : acknowledged) {
    if (write.at >= backup_began) continue;
    v1::GetVariantRequest get;
    get.set_name(write.name);
    get.set_view(v1::VARIANT_VIEW_LATEST);
    v1::Variant read;
    const grpc::Status status = stub->GetVariant(testing::EditorCall().get(), get, &read);
    ASSERT_TRUE(status.ok()) << "write " << i << " acknowledged before the backup is missing: "
                             << status.error_message();
    EXPECT_EQ(read.headline(), Headline(i));
    ++checked;
  }
  EXPECT_GE(checked, kAcknowledgedBeforeBackup);

  // A snapshot: writes 0 to k-1 of the stream, every one acknowledged, and nothing else.
  std::set<std::string> held;
  for (const std::string& headline : testing::AllHeadlines(*stub)) {
    EXPECT_TRUE(held.insert(headline).second) << headline << " twice";
  }
  const int k = static_cast<int>(held.size());
  EXPECT_GE(k, checked);
  for (int i = 0; i < k; ++i) {
    EXPECT_EQ(held.count(Headline(i)), 1u)
        << "the backup holds " << k << " writes but not write " << i;
  }
}

}  // namespace
}  // namespace jisr
