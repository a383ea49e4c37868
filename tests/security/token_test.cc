// Forged, stale and broken bearer tokens against a real jisrd: each write attempt with one is
// UNAUTHENTICATED with the ErrorInfo reason that says what is wrong, and writes nothing (the
// administrator counts variants and feed events before and after). A bad token is never taken
// for no token: on loopback, where anonymous callers read, a read with one is refused too.
#include <functional>
#include <ostream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/security/security_support.h"

namespace jisr::security {
namespace {

using testing::TestCredentials;
using testing::TokenAttack;
using testing::TokenSpec;

// A token the server would accept for the editor, before it is spoiled.
TokenSpec EditorSpec() {
  TokenSpec spec;
  spec.alg = "ES256";
  spec.iss = TestCredentials::kIssuer;
  spec.aud = {TestCredentials::kAudience};
  spec.sub = testing::kTestEditor;
  spec.iat = absl::Now();
  spec.exp = absl::Now() + absl::Hours(1);
  return spec;
}

std::string Mint(const TokenSpec& spec) {
  absl::StatusOr<std::string> token = TestCredentials::Get().keys().Mint(spec);
  if (!token.ok()) ADD_FAILURE() << "minting: " << token.status();
  return token.value_or("");
}

// Keys nobody configured, with the same key ids as the server's.
const testing::TestKeys& ImpostorKeys() {
  static const testing::TestKeys* const keys = [] {
    absl::StatusOr<testing::TestKeys> made = testing::TestKeys::Create();
    if (!made.ok()) ADD_FAILURE() << made.status();
    return new testing::TestKeys(*std::move(made));
  }();
  return *keys;
}

struct BadToken {
  std::string name;
  std::function<std::string()> make;
  std::string reason;
};

// Names the parameter in failure messages (its bytes otherwise).
void PrintTo(const BadToken& token, std::ostream* out) { *out << token.name; }

std::string Spoiled(const std::function<void(TokenSpec&)>& spoil) {
  TokenSpec spec = EditorSpec();
  spoil(spec);
  return Mint(spec);
}

std::vector<BadToken> BadTokens() {
  return {
      {"Expired",
       [] {
         return Spoiled([](TokenSpec& s) {
           s.iat = absl::Now() - absl::Hours(2);
           s.exp = absl::Now() - absl::Hours(1);  // far beyond the 60 s of clock skew
         });
       },
       "TOKEN_EXPIRED"},
      {"NotYetValid",
       [] { return Spoiled([](TokenSpec& s) { s.nbf = absl::Now() + absl::Minutes(30); }); },
       "TOKEN_NOT_YET_VALID"},
      {"WrongIssuer",
       [] { return Spoiled([](TokenSpec& s) { s.iss = "https://id.elsewhere.test"; }); },
       "TOKEN_WRONG_ISSUER"},
      {"WrongAudience", [] { return Spoiled([](TokenSpec& s) { s.aud = {"another-service"}; }); },
       "TOKEN_WRONG_AUDIENCE"},
      {"CorruptSignature",
       [] { return Spoiled([](TokenSpec& s) { s.attack = TokenAttack::kCorruptSignature; }); },
       "TOKEN_BAD_SIGNATURE"},
      {"SignedByAnotherKeyUnderOurKid",
       [] {
         absl::StatusOr<std::string> token = ImpostorKeys().Mint(EditorSpec());
         return token.value_or("");
       },
       "TOKEN_BAD_SIGNATURE"},
      {"UnknownKeyId", [] { return Spoiled([](TokenSpec& s) { s.kid = "rotated-away-1"; }); },
       "TOKEN_UNKNOWN_KEY"},
      {"AlgNone", [] { return Spoiled([](TokenSpec& s) { s.attack = TokenAttack::kAlgNone; }); },
       "TOKEN_ALGORITHM_NOT_ALLOWED"},
      {"Hs256SignedWithThePublicKey",
       [] {
         return Spoiled([](TokenSpec& s) {
           s.alg = "RS256";  // the RSA key's kid, whose public PEM is the HMAC secret
           s.attack = TokenAttack::kHs256WithPublicKey;
         });
       },
       "TOKEN_ALGORITHM_NOT_ALLOWED"},
      {"TruncatedToTwoParts",
       [] {
         const std::string token = Mint(EditorSpec());
         return token.substr(0, token.rfind('.'));
       },
       "TOKEN_MALFORMED"},
      {"TruncatedSignature",
       [] {
         // ES256 signs 64 bytes, 86 characters: 80 decode to 60 bytes without stray bits.
         const std::string token = Mint(EditorSpec());
         return token.substr(0, token.size() - 6);
       },
       "TOKEN_BAD_SIGNATURE"},
      {"Oversized",
       [] {
         return Spoiled([](TokenSpec& s) {
           s.claims.push_back({"padding", std::string(9000, 'x')});
         });
       },
       "TOKEN_TOO_LARGE"},
  };
}

class TokenLimitTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
};

class TokenTest : public ::testing::TestWithParam<BadToken> {
 protected:
  // One jisrd for every token, on loopback with anonymous callers as readers: the default, and
  // the setting where taking a bad token for none would let it read.
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    absl::StatusOr<testing::JisrdProcess> started = StartJisrd(*dir_);
    ASSERT_TRUE(started.ok()) << started.status();
    jisrd_ = new testing::JisrdProcess(*std::move(started));
    client_ = new Client(jisrd_->target());
    Admin admin(*client_);
    absl::StatusOr<StoryPair> pair = MakeStoryPair(admin, "tokens", /*with_drafts=*/false);
    ASSERT_TRUE(pair.ok()) << pair.status();
    pair_ = new StoryPair(*std::move(pair));
  }
  static void TearDownTestSuite() {
    delete pair_;
    delete client_;
    delete jisrd_;
    delete dir_;
  }

  static testing::TempDir* dir_;
  static testing::JisrdProcess* jisrd_;
  static Client* client_;
  static StoryPair* pair_;
};

testing::TempDir* TokenTest::dir_ = nullptr;
testing::JisrdProcess* TokenTest::jisrd_ = nullptr;
Client* TokenTest::client_ = nullptr;
StoryPair* TokenTest::pair_ = nullptr;

TEST_P(TokenTest, AWriteWithItIsUnauthenticatedWithItsReasonAndWritesNothing) {
  ASSERT_NE(pair_, nullptr);
  const std::string token = GetParam().make();
  ASSERT_FALSE(token.empty());
  Admin admin(*client_);
  absl::StatusOr<int> variants_before = admin.CountVariants();
  absl::StatusOr<int> events_before = admin.CountEvents();
  ASSERT_TRUE(variants_before.ok() && events_before.ok())
      << variants_before.status() << events_before.status();

  v1::UpdateVariantRequest update;
  update.mutable_variant()->set_name(pair_->en.name());
  update.mutable_variant()->set_headline("Written with a bad token");
  update.mutable_update_mask()->add_paths("headline");
  v1::Variant updated;
  grpc::Status status =
      client_->articles().UpdateVariant(CallWithToken(token).get(), update, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << Describe(status);
  EXPECT_EQ(ErrorInfoOf(status).reason(), GetParam().reason) << Describe(status);
  v1::CreateVariantRequest create;
  create.mutable_variant()->set_language("en");
  create.mutable_variant()->set_headline("Created with a bad token");
  v1::Variant created;
  status = client_->articles().CreateVariant(CallWithToken(token).get(), create, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << Describe(status);

  EXPECT_EQ(admin.CountVariants().value_or(-1), *variants_before) << "a variant was created";
  EXPECT_EQ(admin.CountEvents().value_or(-1), *events_before) << "the feed has new events";
  absl::StatusOr<v1::Variant> latest = admin.GetLatest(pair_->en.name());
  ASSERT_TRUE(latest.ok()) << latest.status();
  EXPECT_EQ(latest->etag(), pair_->en.etag()) << "the variant changed";
  EXPECT_EQ(latest->headline(), pair_->en.headline());
}

// Published reads are answered from memory on the gRPC thread: the token is checked there too.
TEST_P(TokenTest, APublishedReadWithItIsRefusedThoughAnonymousCallersMayRead) {
  ASSERT_NE(pair_, nullptr);
  v1::GetVariantRequest get;
  get.set_name(pair_->en.name());
  v1::Variant read;
  ASSERT_TRUE(client_->articles().GetVariant(CallAs("").get(), get, &read).ok())
      << "anonymous callers read on loopback; the published view is now in memory";
  grpc::Status status =
      client_->articles().GetVariant(CallWithToken(GetParam().make()).get(), get, &read);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << Describe(status);
  EXPECT_EQ(ErrorInfoOf(status).reason(), GetParam().reason) << Describe(status);
}

// The limit is the verifier's 8 KiB: a token just under it, with the call's other headers, still
// reaches the verifier and is accepted.
TEST_F(TokenLimitTest, ATokenJustUnderEightKibibytesIsAccepted) {
  absl::StatusOr<testing::JisrdProcess> jisrd = StartJisrd(dir_);
  ASSERT_TRUE(jisrd.ok()) << jisrd.status();
  TokenSpec spec = EditorSpec();
  spec.claims.push_back({"padding", std::string(1, 'x')});
  const size_t bare = Mint(spec).size();
  // Base64url makes four characters of every three bytes of claims.
  spec.claims.back().second = std::string((8100 - bare) * 3 / 4, 'x');
  const std::string token = Mint(spec);
  ASSERT_GT(token.size(), 7900u);
  ASSERT_LE(token.size(), 8192u);
  Client client(jisrd->target());
  v1::ListStoriesRequest list;  // editors' reading: the token's subject is verified
  v1::ListStoriesResponse stories;
  grpc::Status status = client.articles().ListStories(CallWithToken(token).get(), list, &stories);
  EXPECT_TRUE(status.ok()) << token.size() << " bytes: " << Describe(status);
}

INSTANTIATE_TEST_SUITE_P(BadTokens, TokenTest, ::testing::ValuesIn(BadTokens()),
                         [](const ::testing::TestParamInfo<BadToken>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace jisr::security
