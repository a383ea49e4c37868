// A request_id belongs to the principal that sent it: another principal reusing it, even with
// the very same request, gets INVALID_ARGUMENT (REQUEST_ID_REUSED), never the first response,
// and writes nothing. The two principals are editors by the same group claim, so the roles are
// the same and only the verified subject tells them apart.
#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tests/security/security_support.h"

namespace jisr::security {
namespace {

constexpr char kAlice[] = "alice@newsroom.test";
constexpr char kBob[] = "bob@newsroom.test";

std::string GroupEditorToken(const std::string& subject, const std::string& name) {
  return testing::TestCredentials::Get().Token(subject, name, {testing::kTestEditorsGroup});
}

class RequestIdTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<testing::JisrdProcess> started = StartJisrd(dir_);
    ASSERT_TRUE(started.ok()) << started.status();
    jisrd_ = std::make_unique<testing::JisrdProcess>(*std::move(started));
    client_ = std::make_unique<Client>(jisrd_->target());
  }

  // The refusal another principal must get: nothing of the first call in it.
  void ExpectReuseRefused(const grpc::Status& status, const v1::Variant& response,
                          const std::string& first_variant) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << Describe(status);
    EXPECT_EQ(ErrorInfoOf(status).reason(), "REQUEST_ID_REUSED") << Describe(status);
    EXPECT_TRUE(response.name().empty()) << "the first response came back";
    EXPECT_FALSE(absl::StrContains(status.error_message(), first_variant)) << Describe(status);
    EXPECT_FALSE(absl::StrContains(status.error_message(), kAlice)) << Describe(status);
    EXPECT_FALSE(absl::StrContains(status.error_details(), first_variant));
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::JisrdProcess> jisrd_;
  std::unique_ptr<Client> client_;
};

TEST_F(RequestIdTest, AnotherEditorReusingACreatesRequestIdGetsNeitherItsResponseNorAWrite) {
  const std::string alice = GroupEditorToken(kAlice, "Alice");
  const std::string bob = GroupEditorToken(kBob, "Bob");
  v1::CreateVariantRequest create;
  create.mutable_variant()->set_language("en");
  create.mutable_variant()->set_headline("Embargoed until Friday");
  create.set_request_id("shared-request-id-1");
  v1::Variant first;
  ASSERT_TRUE(client_->articles().CreateVariant(CallWithToken(alice).get(), create, &first).ok());
  EXPECT_EQ(first.revision().author(), kAlice);
  v1::Variant retried;
  ASSERT_TRUE(client_->articles().CreateVariant(CallWithToken(alice).get(), create, &retried).ok());
  EXPECT_EQ(retried.name(), first.name()) << "Alice's own retry is answered as the first call";

  Admin admin(*client_);
  const int variants = admin.CountVariants().value_or(-1);
  const int events = admin.CountEvents().value_or(-1);
  v1::Variant stolen;
  grpc::Status status =
      client_->articles().CreateVariant(CallWithToken(bob).get(), create, &stolen);
  ExpectReuseRefused(status, stolen, first.name());
  // The same id on a request of Bob's own.
  create.mutable_variant()->set_headline("Bob's own piece");
  stolen.Clear();
  status = client_->articles().CreateVariant(CallWithToken(bob).get(), create, &stolen);
  ExpectReuseRefused(status, stolen, first.name());
  EXPECT_EQ(admin.CountVariants().value_or(-2), variants);
  EXPECT_EQ(admin.CountEvents().value_or(-2), events);
}

TEST_F(RequestIdTest, AnotherEditorReusingAnUpdatesRequestIdWritesNoRevision) {
  Admin admin(*client_);
  absl::StatusOr<v1::Variant> variant = admin.CreateVariant("en", "Talks in Oslo");
  ASSERT_TRUE(variant.ok()) << variant.status();
  v1::UpdateVariantRequest update;
  update.mutable_variant()->set_name(variant->name());
  update.mutable_variant()->set_headline("Talks in Oslo collapse");
  update.mutable_update_mask()->add_paths("headline");
  update.set_request_id("shared-request-id-2");
  v1::Variant first;
  ASSERT_TRUE(
      client_->articles()
          .UpdateVariant(CallWithToken(GroupEditorToken(kAlice, "Alice")).get(), update, &first)
          .ok());
  v1::Variant stolen;
  grpc::Status status = client_->articles().UpdateVariant(
      CallWithToken(GroupEditorToken(kBob, "Bob")).get(), update, &stolen);
  ExpectReuseRefused(status, stolen, "Talks in Oslo collapse");
  absl::StatusOr<v1::Variant> latest = admin.GetLatest(variant->name());
  ASSERT_TRUE(latest.ok()) << latest.status();
  EXPECT_EQ(latest->latest_revision(), first.latest_revision());
  EXPECT_EQ(latest->revision().author(), kAlice);
}

}  // namespace
}  // namespace jisr::security
