// How the C++ clients and jisrctl present credentials, against the real server in process
// (TestNewsroom with the test credentials): the token's principal and display name recorded,
// a token file read once with its trailing white space trimmed, reads carrying the token too
// (a token the server cannot verify fails even ListLanguages), the server's refusals with their
// reasons and the hints jisrctl prints for them, and a token file's mistakes reported before any
// call, naming the file and never quoting the token.
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "clients/cpp/article_client.h"
#include "clients/cpp/text_client.h"
#include "clients/jisrctl/cli.h"
#include "clients/jisrctl/error_report.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/errors.h"
#include "tests/clients/newsroom_client.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_credentials.h"
#include "tests/testing/test_newsroom.h"

namespace jisr::client {
namespace {

using ::jisr::testing::kClientAuthor;
using ::jisr::testing::kTestDeskAr;
using ::jisr::testing::kTestReader;
using ::jisr::testing::NewsroomClient;
using ::jisr::testing::TestCredentials;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class ArticleClientCredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_.StartServer();
    client_ = NewsroomClient(env_);
    ASSERT_NE(client_, nullptr);
  }

  // A client on the server's in-process channel with `options`' credentials.
  std::unique_ptr<ArticleClient> Client(const ClientOptions& options) {
    auto client = ArticleClient::FromChannel(env_.server().InProcessChannel(), options);
    EXPECT_TRUE(client.ok()) << client.status();
    return client.ok() ? *std::move(client) : nullptr;
  }

  std::string WriteFile(const std::string& name, const std::string& contents) {
    const std::string path = dir_.File(name);
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }

  jisr::v1::Variant Latest(const std::string& name) {
    jisr::v1::GetVariantRequest get;
    get.set_name(name);
    get.set_view(jisr::v1::VARIANT_VIEW_LATEST);
    absl::StatusOr<jisr::v1::Variant> variant = client_->GetVariant(get);
    EXPECT_TRUE(variant.ok()) << variant.status();
    return variant.ok() ? *variant : jisr::v1::Variant();
  }

  static jisr::v1::CreateVariantRequest NewVariant(const std::string& id,
                                                   const std::string& language) {
    jisr::v1::CreateVariantRequest create;
    create.set_variant_id(id);
    create.mutable_variant()->set_language(language);
    create.mutable_variant()->set_headline(language == "ar" ? "بلينكن يلتقي شي" : "Blinken");
    return create;
  }

  testing::TempDir dir_;
  testing::TestNewsroom env_;
  std::unique_ptr<ArticleClient> client_;
};

// A display name that is not ASCII travels in the token's `name` claim, over the network; the
// author stays the principal the token proves.
TEST_F(ArticleClientCredentialsTest, ATokenNamedInArabicGivesTheRevisionItsAuthorName) {
  ClientOptions options;
  options.target = "127.0.0.1:" + std::to_string(env_.server().port());
  options.token = TestCredentials::Get().Token(kTestDeskAr, "سارة الخطيب");
  absl::StatusOr<std::unique_ptr<ArticleClient>> network = ArticleClient::Connect(options);
  ASSERT_TRUE(network.ok()) << network.status();
  jisr::v1::CreateVariantRequest create = NewVariant("authored-in-arabic", "ar");
  create.mutable_variant()->set_headline("بلينكن يلتقي شي جين بينغ");
  absl::StatusOr<jisr::v1::Variant> created = (*network)->CreateVariant(create);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->revision().author(), kTestDeskAr);
  EXPECT_EQ(created->revision().author_name(), "سارة الخطيب");
  const jisr::v1::Variant stored = Latest("variants/authored-in-arabic");
  EXPECT_EQ(stored.revision().author(), kTestDeskAr);
  EXPECT_EQ(stored.revision().author_name(), "سارة الخطيب");
}

TEST_F(ArticleClientCredentialsTest,
       AWriteWithoutCredentialsIsRefusedByTheServerSayingWhatItNeeds) {
  auto anonymous = NewsroomClient(env_, /*principal=*/"");
  absl::StatusOr<jisr::v1::Variant> created = anonymous->CreateVariant(NewVariant("x", "en"));
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), absl::StatusCode::kUnauthenticated);
  // The server's refusal, with its reason and the permission the call needs.
  EXPECT_THAT(created.status().message(), HasSubstr("send credentials"));
  EXPECT_EQ(jisr::ErrorReason(created.status()), "CREDENTIALS_REQUIRED");
  EXPECT_EQ(jisr::ErrorMetadata(created.status(), "permission"), "variants.write");
  EXPECT_THAT(testing::AllVariantNames(*client_), IsEmpty());

  // jisrctl says what to send.
  std::ostringstream err;
  jisrctl::ReportError(err, created.status(), {"localhost:50051", absl::Seconds(10)});
  EXPECT_THAT(err.str(), HasSubstr("hint: send credentials: --token-file or --tls-cert/--tls-key"));

  // Reading published content needs none, on a loopback listener.
  absl::StatusOr<jisr::v1::ListLanguagesResponse> languages = anonymous->ListLanguages();
  ASSERT_TRUE(languages.ok()) << languages.status();
  ASSERT_EQ(languages->languages_size(), 2);
  EXPECT_EQ(languages->languages(0).code(), "en");
  EXPECT_EQ(languages->languages(1).code(), "ar");
}

TEST_F(ArticleClientCredentialsTest, ATokenFileIsReadOnceWithItsTrailingWhiteSpaceTrimmed) {
  ClientOptions options;
  options.token_path =
      WriteFile("token", TestCredentials::Get().Token(kTestDeskAr, "سارة حداد") + " \r\n\n");
  auto desk = Client(options);
  ASSERT_NE(desk, nullptr);
  // Read when the client was made: what the file holds later does not matter to it.
  WriteFile("token", "replaced\nby something else");
  absl::StatusOr<jisr::v1::Variant> created = desk->CreateVariant(NewVariant("from-a-file", "ar"));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->revision().author(), kTestDeskAr);
  EXPECT_EQ(created->revision().author_name(), "سارة حداد");
}

// A token goes with reads too: with one the server cannot verify, even the calls an anonymous
// caller may make fail, saying why.
TEST_F(ArticleClientCredentialsTest, ReadsCarryTheTokenAndAnUnverifiableOneIsRefusedWithItsReason) {
  ClientOptions options;
  options.token = "not-a.signed.jwt";
  auto forged = Client(options);
  absl::StatusOr<jisr::v1::ListLanguagesResponse> languages = forged->ListLanguages();
  EXPECT_EQ(languages.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(jisr::ErrorReason(languages.status()), "TOKEN_MALFORMED");
  EXPECT_EQ(forged->WaitForReady(absl::Seconds(5)).code(), absl::StatusCode::kUnauthenticated);

  testing::TokenSpec spec;
  spec.alg = "ES256";
  spec.iss = TestCredentials::kIssuer;
  spec.aud = {TestCredentials::kAudience};
  spec.sub = kClientAuthor;
  spec.exp = absl::Now() - absl::Hours(1);
  options.token = *TestCredentials::Get().keys().Mint(spec);
  jisr::v1::WatchRequest watch;
  watch.set_from_oldest(true);
  const absl::Status expired =
      Client(options)->Watch(watch, [](const jisr::v1::ChangeEvent&) { return false; });
  EXPECT_EQ(expired.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(jisr::ErrorReason(expired), "TOKEN_EXPIRED");
  std::ostringstream err;
  jisrctl::ReportError(err, expired, {"localhost:50051", absl::Seconds(10)});
  EXPECT_THAT(err.str(), HasSubstr("hint: the token in --token-file is expired"));

  // The text service's client sends it the same way.
  options.token = "not-a.signed.jwt";
  auto text = TextClient::FromChannel(env_.server().InProcessChannel(), options);
  ASSERT_TRUE(text.ok()) << text.status();
  jisr::v1::SearchKeyRequest key;
  key.set_text("أَحْمَد");
  EXPECT_EQ((*text)->SearchKey(key).status().code(), absl::StatusCode::kUnauthenticated);
  options.token = TestCredentials::Get().Token(kTestReader);
  text = TextClient::FromChannel(env_.server().InProcessChannel(), options);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_TRUE((*text)->SearchKey(key).ok());
}

TEST_F(ArticleClientCredentialsTest, APrincipalWithoutThePermissionIsToldWhichItLacks) {
  auto reader = NewsroomClient(env_, kTestReader);
  const absl::Status refused = reader->CreateVariant(NewVariant("x", "en")).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(jisr::ErrorMetadata(refused, "permission"), "variants.write");
  std::ostringstream err;
  jisrctl::ReportError(err, refused, {"localhost:50051", absl::Seconds(10)});
  EXPECT_THAT(err.str(), HasSubstr("hint: your credentials lack \"variants.write\""));

  // A desk, outside its languages.
  auto desk = NewsroomClient(env_, kTestDeskAr);
  const absl::Status outside = desk->CreateVariant(NewVariant("y", "en")).status();
  EXPECT_EQ(outside.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(jisr::ErrorReason(outside), "LANGUAGE_NOT_GRANTED");
  std::ostringstream desk_err;
  jisrctl::ReportError(desk_err, outside, {"localhost:50051", absl::Seconds(10)});
  EXPECT_THAT(desk_err.str(), HasSubstr("for other languages only"));
  EXPECT_THAT(testing::AllVariantNames(*client_), IsEmpty());
}

TEST_F(ArticleClientCredentialsTest, AnUnreadableTokenFileIsReportedNamingItsPath) {
  ClientOptions options;
  options.token_path = dir_.File("missing.token");
  for (const absl::Status& status :
       {ArticleClient::Connect(options).status(), TextClient::Connect(options).status(),
        ArticleClient::FromChannel(env_.server().InProcessChannel(), options).status()}) {
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(status.message(), HasSubstr("cannot read the token file \"" + options.token_path +
                                            "\": No such file or directory"));
  }
  options.token_path = dir_.path();
  EXPECT_THAT(ArticleClient::Connect(options).status().message(), HasSubstr("Is a directory"));

  options.token = "abc";
  EXPECT_THAT(ArticleClient::Connect(options).status().message(),
              HasSubstr("both token and token_path are set"));
}

TEST_F(ArticleClientCredentialsTest, AMalformedTokenFileIsReportedBeforeAnyCallWithoutQuotingIt) {
  struct Case {
    std::string contents;
    std::string says;
  };
  const std::vector<Case> cases = {
      {"", "is empty: put the bearer token (a JWT) in it"},
      {" \n\t\n", "is empty"},
      {"Bearer eyJhbGci.secret.part\n", "starts with \"Bearer \": give the token alone"},
      {"eyJhbGci.secret\neyJhbGci.secret\n", "has more than one line (a line break at byte 15)"},
      {"\xEF\xBB\xBF"
       "eyJhbGci.secret",
       "holds a byte that is not ASCII (0xEF) at byte 0: a token is printable ASCII"},
      {"eyJhbGci.sec ret", "holds a space at byte 12"},
      {"eyJhbGci.sec\x01ret", "holds a control character (0x01) at byte 12"},
      {std::string(9000, 'a'), "is 9000 bytes long: jisrd refuses tokens over 8192 bytes"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.says);
    ClientOptions options;
    options.token_path = WriteFile("bad.token", c.contents);
    const absl::Status status = ArticleClient::Connect(options).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(status.message(), HasSubstr("the token file \"" + options.token_path + "\""));
    EXPECT_THAT(status.message(), HasSubstr(c.says));
    EXPECT_THAT(status.message(), Not(HasSubstr("secret")));
    if (absl::StartsWith(c.contents, "\xEF\xBB\xBF")) {
      EXPECT_THAT(status.message(), HasSubstr("remove the byte-order mark"));
    }
  }
}

}  // namespace
}  // namespace jisr::client
