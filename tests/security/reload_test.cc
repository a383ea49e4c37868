// SIGHUP re-reads the access policy of a running jisrd: a policy that parses and checks takes
// effect for the next call, while a Watch stream opened before stays open and keeps receiving; a
// policy that does not changes nothing, and jisrd's log says why.
#include <signal.h>

#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/security/security_support.h"
#include "tests/testing/fixtures.h"

namespace jisr::security {
namespace {

// The test policy's newsroom, then the same with the reader made the English desk and the Arabic
// desk made a reader.
constexpr char kBefore[] = R"(
grants { principal: "editor@newsroom.test" roles: ACCESS_ROLE_EDITOR }
grants { principal: "admin@newsroom.test" roles: ACCESS_ROLE_ADMIN }
grants { principal: "reader@newsroom.test" roles: ACCESS_ROLE_READER }
grants { principal: "desk-ar@newsroom.test" roles: ACCESS_ROLE_DESK languages: "ar" }
)";
constexpr char kAfter[] = R"(
grants { principal: "editor@newsroom.test" roles: ACCESS_ROLE_EDITOR }
grants { principal: "admin@newsroom.test" roles: ACCESS_ROLE_ADMIN }
grants { principal: "reader@newsroom.test" roles: ACCESS_ROLE_DESK languages: "en" }
grants { principal: "desk-ar@newsroom.test" roles: ACCESS_ROLE_READER }
)";

// jisrd's log lines that report a SIGHUP.
std::vector<std::string> ReloadLines(const std::string& log_path) {
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(testing::ReadFileOrDie(log_path), '\n')) {
    if (absl::StrContains(line, "SIGHUP")) lines.emplace_back(line);
  }
  return lines;
}

class ReloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WritePolicy(kBefore);
    // The test credentials' keys, in a JWKS of this test's own that it may change.
    ASSERT_TRUE(testing::TestCredentials::Get().keys().WriteJwks(jwks_path_).ok());
    std::vector<std::string> flags = {"--policy_file=" + policy_path_, "--jwks_file=" + jwks_path_};
    for (const std::string& flag : testing::TestCredentials::Get().JisrdFlags()) {
      if (!absl::StartsWith(flag, "--policy_file") && !absl::StartsWith(flag, "--jwks_file")) {
        flags.push_back(flag);
      }
    }
    absl::StatusOr<testing::JisrdProcess> started = StartJisrd(dir_, flags);
    ASSERT_TRUE(started.ok()) << started.status();
    jisrd_ = std::make_unique<testing::JisrdProcess>(*std::move(started));
    client_ = std::make_unique<Client>(jisrd_->target());
    Admin admin(*client_);
    absl::StatusOr<StoryPair> pair = MakeStoryPair(admin, "reload", /*with_drafts=*/false);
    ASSERT_TRUE(pair.ok()) << pair.status();
    pair_ = *std::move(pair);
  }

  void WritePolicy(const std::string& text) {
    // Written aside and renamed, as an operator's tooling would, so jisrd never reads half.
    std::ofstream(policy_path_ + ".new") << text;
    ASSERT_EQ(std::rename((policy_path_ + ".new").c_str(), policy_path_.c_str()), 0);
  }

  // Sends SIGHUP and waits until jisrd logs what it made of it; returns that line.
  std::string Reload() {
    const size_t before = ReloadLines(jisrd_->log_path()).size();
    EXPECT_EQ(kill(jisrd_->pid(), SIGHUP), 0);
    const absl::Time deadline = absl::Now() + absl::Seconds(10);
    while (absl::Now() < deadline) {
      std::vector<std::string> lines = ReloadLines(jisrd_->log_path());
      if (lines.size() > before) return lines.back();
      absl::SleepFor(absl::Milliseconds(20));
    }
    ADD_FAILURE() << "jisrd logged nothing about the SIGHUP";
    return "";
  }

  // A headline change to the variant of `language`, as `principal`.
  grpc::Status Edit(const std::string& principal, const std::string& language,
                    const std::string& headline) {
    v1::UpdateVariantRequest update;
    update.mutable_variant()->set_name(pair_.In(language).name());
    update.mutable_variant()->set_headline(headline);
    update.mutable_update_mask()->add_paths("headline");
    v1::Variant updated;
    return client_->articles().UpdateVariant(CallAs(principal).get(), update, &updated);
  }

  testing::TempDir dir_;
  const std::string policy_path_ = dir_.File("policy.textproto");
  const std::string jwks_path_ = dir_.File("jwks.json");
  std::unique_ptr<testing::JisrdProcess> jisrd_;
  std::unique_ptr<Client> client_;
  StoryPair pair_;
};

// A Watch stream of the Arabic desk, opened before every reload.
class OpenWatch {
 public:
  OpenWatch(Client& client, const std::string& principal) : context_(CallAs(principal, 120)) {
    reader_ = client.articles().Watch(context_.get(), v1::WatchRequest());
    reader_->WaitForInitialMetadata();  // the stream is open, from the feed's head
  }
  ~OpenWatch() {
    context_->TryCancel();
    reader_->Finish();
  }
  // The next event that is not a heartbeat; false when the stream ended.
  bool Next(v1::ChangeEvent& event) {
    while (reader_->Read(&event)) {
      if (event.kind() != v1::CHANGE_KIND_HEARTBEAT) return true;
    }
    return false;
  }

 private:
  std::unique_ptr<grpc::ClientContext> context_;
  std::unique_ptr<grpc::ClientReader<v1::ChangeEvent>> reader_;
};

TEST_F(ReloadTest, ANewPolicyTakesEffectForTheNextCallWhileAnOpenWatchKeepsReceiving) {
  OpenWatch watch(*client_, testing::kTestDeskAr);
  ASSERT_TRUE(Edit(testing::kTestDeskAr, "ar", "قبل إعادة التحميل").ok());
  EXPECT_EQ(Edit(testing::kTestReader, "en", "Before the reload").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::ChangeEvent event;
  ASSERT_TRUE(watch.Next(event));
  EXPECT_EQ(event.variant(), pair_.ar.name());

  WritePolicy(kAfter);
  const std::string logged = Reload();
  EXPECT_TRUE(absl::StrContains(logged, "access policy reloaded from " + policy_path_)) << logged;

  grpc::Status refused = Edit(testing::kTestDeskAr, "ar", "بعد إعادة التحميل");
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED) << Describe(refused);
  grpc::Status allowed = Edit(testing::kTestReader, "en", "After the reload");
  EXPECT_TRUE(allowed.ok()) << Describe(allowed);
  // The stream keeps what it started with: the desk's view, authors and updates included.
  ASSERT_TRUE(watch.Next(event)) << "the open stream ended at the reload";
  EXPECT_EQ(event.variant(), pair_.en.name());
  EXPECT_EQ(event.kind(), v1::CHANGE_KIND_UPDATED);
  EXPECT_EQ(event.author(), testing::kTestReader);
}

// Neither a policy that does not parse nor one that parses but names a language the newsroom
// does not publish in replaces the one in force.
TEST_F(ReloadTest, ABrokenPolicyChangesNothingAndTheLogSaysWhy) {
  OpenWatch watch(*client_, testing::kTestDeskAr);
  const std::vector<std::pair<std::string, std::string>> broken = {
      {"grants { principal: \"reader@newsroom.test\" roles: ACCESS_ROLE_ADMIN\n", "line 2"},
      {"grants { principal: \"desk-ar@newsroom.test\" roles: ACCESS_ROLE_DESK languages: \"xx\" }",
       "xx"},
  };
  int edits = 0;
  for (const auto& [text, why] : broken) {
    SCOPED_TRACE(text);
    WritePolicy(text);
    const std::string logged = Reload();
    EXPECT_TRUE(absl::StrContains(logged, "access policy not reloaded")) << logged;
    EXPECT_TRUE(absl::StrContains(logged, policy_path_)) << logged;
    EXPECT_TRUE(absl::StrContains(logged, why)) << logged;
    // The old rights hold: the Arabic desk edits Arabic, the reader nothing.
    grpc::Status allowed = Edit(testing::kTestDeskAr, "ar", absl::StrCat("تعديل ", ++edits));
    EXPECT_TRUE(allowed.ok()) << Describe(allowed);
    EXPECT_EQ(Edit(testing::kTestReader, "en", "Still a reader").error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    v1::ChangeEvent event;
    ASSERT_TRUE(watch.Next(event));
    EXPECT_EQ(event.variant(), pair_.ar.name());
  }
}

// Verified tokens are remembered for minutes, but a key taken out of the JWKS must stop working
// at the next call: the reload forgets them.
TEST_F(ReloadTest, AKeyRemovedFromTheJwksStopsWorkingAtTheNextCallThoughItsTokenWasRemembered) {
  ASSERT_TRUE(Edit(testing::kTestDeskAr, "ar", "بمفتاح قديم").ok());  // remembered now
  const testing::TestKeys& keys = testing::TestCredentials::Get().keys();
  // Every key but the EC one the test tokens (ES256) are signed with.
  const std::string rsa = keys.PublicJwk(keys.ids().rsa).value();
  const std::string ed = keys.PublicJwk(keys.ids().ed).value();
  std::ofstream(jwks_path_ + ".new") << "{\"keys\":[" << rsa << "," << ed << "]}";
  ASSERT_EQ(std::rename((jwks_path_ + ".new").c_str(), jwks_path_.c_str()), 0);
  const std::string logged = Reload();
  EXPECT_TRUE(absl::StrContains(logged, "token keys reloaded")) << logged;
  grpc::Status refused = Edit(testing::kTestDeskAr, "ar", "بمفتاح محذوف");
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAUTHENTICATED) << Describe(refused);
  EXPECT_EQ(ErrorInfoOf(refused).reason(), "TOKEN_UNKNOWN_KEY") << Describe(refused);
}

}  // namespace
}  // namespace jisr::security
