// PolicyStore: loading, reloading (a bad file keeps the policy in force), snapshots that outlive a
// reload, and readers on many threads while reloads happen.
#include "services/access/policy_store.h"

#include <atomic>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/access/access_policy.h"
#include "services/common/errors.h"
#include "tests/access/policy_test_support.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace jisr::access {
namespace {

using ::jisr::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

// One grant: `principal` reads.
std::string ReaderPolicy(absl::string_view principal) {
  return absl::StrCat("grants {\n  principal: \"", principal,
                      "\"\n  roles: ACCESS_ROLE_READER\n}\n");
}

class PolicyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(path_, ReaderPolicy("renderer"));
    absl::StatusOr<std::unique_ptr<PolicyStore>> store = PolicyStore::Create(path_, Newsroom());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  testing::TempDir dir_;
  const std::string path_ = dir_.File("policy.textproto");
  std::unique_ptr<PolicyStore> store_;
};

TEST_F(PolicyStoreTest, CreateLoadsTheFile) {
  EXPECT_EQ(store_->path(), path_);
  ASSERT_EQ(store_->Current()->grants_size(), 1);
  EXPECT_EQ(store_->Current()->grants(0).principal(), "renderer");
}

TEST_F(PolicyStoreTest, CreateFailsOnAFileThatDoesNotLoad) {
  const std::string broken = dir_.File("broken.textproto");
  WriteFile(broken, "grants {\n");
  EXPECT_THAT(
      PolicyStore::Create(broken, Newsroom()),
      StatusIs(absl::StatusCode::kInvalidArgument, AllOf(HasSubstr(broken), HasSubstr("line 2"))));
  EXPECT_THAT(PolicyStore::Create(dir_.File("absent.textproto"), Newsroom()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(PolicyStoreTest, ReloadSwapsInAValidNewPolicy) {
  WriteFile(path_, ReaderPolicy("indexer") + ReaderPolicy("renderer"));
  JISR_ASSERT_OK(store_->Reload());
  std::shared_ptr<const v1::AccessPolicy> policy = store_->Current();
  ASSERT_EQ(policy->grants_size(), 2);
  EXPECT_EQ(policy->grants(0).principal(), "indexer");
}

TEST_F(PolicyStoreTest, BrokenFileKeepsTheOldPolicyAndSaysWhy) {
  std::shared_ptr<const v1::AccessPolicy> before = store_->Current();
  WriteFile(path_, "grants {\n  principal: \"indexer\"\n  roles: READER\n}\n");
  EXPECT_THAT(store_->Reload(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("stays in force"), HasSubstr(path_),
                             HasSubstr("line 3, column 10"), HasSubstr("READER"))));
  EXPECT_EQ(store_->Current(), before);
}

TEST_F(PolicyStoreTest, PolicyThatDoesNotCheckKeepsTheOldOneWithItsDetails) {
  std::shared_ptr<const v1::AccessPolicy> before = store_->Current();
  WriteFile(path_, ReaderPolicy("renderer") +
                       "grants {\n  principal: \"desk\"\n  roles: ACCESS_ROLE_DESK\n}\n");
  absl::Status reload = store_->Reload();
  EXPECT_THAT(reload,
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("stays in force"), HasSubstr("grants[1].languages"))));
  ASSERT_EQ(FieldViolationsOf(reload).size(), 1u);
  EXPECT_EQ(FieldViolationsOf(reload)[0].field, "grants[1].languages");
  EXPECT_EQ(store_->Current(), before);
}

TEST_F(PolicyStoreTest, MissingFileKeepsTheOldPolicy) {
  std::shared_ptr<const v1::AccessPolicy> before = store_->Current();
  ASSERT_EQ(std::remove(path_.c_str()), 0);
  EXPECT_THAT(store_->Reload(), StatusIs(absl::StatusCode::kFailedPrecondition,
                                         AllOf(HasSubstr("stays in force"), HasSubstr(path_))));
  EXPECT_EQ(store_->Current(), before);
}

TEST_F(PolicyStoreTest, SnapshotTakenBeforeAReloadIsUnchangedAfterIt) {
  std::shared_ptr<const v1::AccessPolicy> snapshot = store_->Current();
  const std::string before = snapshot->DebugString();
  WriteFile(path_, ReaderPolicy("indexer"));
  JISR_ASSERT_OK(store_->Reload());
  EXPECT_EQ(snapshot->DebugString(), before);
  EXPECT_EQ(snapshot->grants(0).principal(), "renderer");
  EXPECT_EQ(store_->Current()->grants(0).principal(), "indexer");
  identity::Identity renderer;
  renderer.source = identity::IdentitySource::kCertificate;
  renderer.principal = "renderer";
  // A call that started before the reload still resolves against the policy it started with.
  EXPECT_TRUE(ResolveCaller(*snapshot, renderer, false).Has(Permission::kReadPublished));
  EXPECT_FALSE(ResolveCaller(*store_->Current(), renderer, false).Has(Permission::kReadPublished));
}

TEST_F(PolicyStoreTest, ConcurrentReadersDuringReloads) {
  // Two policies, told apart by their size; a reader must only ever see one or the other, whole.
  const std::string one = ReaderPolicy("renderer");
  const std::string two = ReaderPolicy("renderer") + ReaderPolicy("indexer");
  std::atomic<bool> done{false};
  std::atomic<int> bad{0};
  std::atomic<long> reads{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 8; ++t) {
    readers.emplace_back([&] {
      identity::Identity renderer;
      renderer.source = identity::IdentitySource::kCertificate;
      renderer.principal = "renderer";
      while (!done.load()) {
        std::shared_ptr<const v1::AccessPolicy> policy = store_->Current();
        const int n = policy->grants_size();
        const bool whole = (n == 1 || (n == 2 && policy->grants(1).principal() == "indexer")) &&
                           policy->grants(0).principal() == "renderer" &&
                           ResolveCaller(*policy, renderer, false).Has(Permission::kReadPublished);
        if (!whole) bad.fetch_add(1);
        reads.fetch_add(1);
      }
    });
  }
  for (int i = 0; i < 200; ++i) {
    WriteFile(path_, i % 2 == 0 ? two : one);
    EXPECT_THAT(store_->Reload(), testing::IsOk());
    EXPECT_EQ(store_->Current()->grants_size(), i % 2 == 0 ? 2 : 1);
  }
  done.store(true);
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_GT(reads.load(), 0);
}

}  // namespace
}  // namespace jisr::access
