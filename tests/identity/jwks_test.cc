// JwtVerifier's keys: what Create accepts as a JWKS, which keys it leaves out, key rotation by
// ReloadKeys, and verification from many threads while keys reload.
#include <atomic>
#include <fstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/identity/token_errors.h"
#include "tests/identity/verifier_fixture.h"

namespace jisr::identity {
namespace {

using ::testing::HasSubstr;
using testing::StatusIs;

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

class JwksTest : public VerifierTest {
 protected:
  std::string Jwk(const std::string& kid) {
    absl::StatusOr<std::string> jwk = keys_->PublicJwk(kid);
    EXPECT_TRUE(jwk.ok()) << jwk.status();
    return jwk.value_or("");
  }

  // A verifier over a JWKS of `jwks` (the JSON of a "keys" array's members).
  absl::StatusOr<std::unique_ptr<JwtVerifier>> VerifierOver(const std::string& keys) {
    const std::string path = dir_.File("custom-jwks.json");
    WriteFile(path, absl::StrCat("{\"keys\":[", keys, "]}"));
    JwtOptions options = Options();
    options.jwks_path = path;
    return JwtVerifier::Create(options);
  }
};

// Create's errors name the flag to fix, as INVALID_ARGUMENT with a BadRequest field violation.
void ExpectNamesFlag(const absl::Status& status, const std::string& flag) {
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(flag)));
  std::vector<FieldViolation> violations = FieldViolationsOf(status);
  ASSERT_EQ(violations.size(), 1u) << status;
  EXPECT_EQ(violations[0].field, flag);
}

TEST_F(JwksTest, CreateNamesTheFlagToFix) {
  JwtOptions options = Options();
  options.jwks_path = dir_.File("missing.json");
  ExpectNamesFlag(JwtVerifier::Create(options).status(), "--jwks_file");
  options.jwks_path = "";
  ExpectNamesFlag(JwtVerifier::Create(options).status(), "--jwks_file");
  options = Options();
  options.issuer = "";
  ExpectNamesFlag(JwtVerifier::Create(options).status(), "--jwt_issuer");
  options = Options();
  options.audience = "";
  ExpectNamesFlag(JwtVerifier::Create(options).status(), "--jwt_audience");
  WriteFile(jwks_path_, "{\"keys\": [");
  ExpectNamesFlag(JwtVerifier::Create(Options()).status(), "--jwks_file");
  WriteFile(jwks_path_, "{\"keys\": []}");
  ExpectNamesFlag(JwtVerifier::Create(Options()).status(), "--jwks_file");
  WriteFile(jwks_path_, "[]");
  ExpectNamesFlag(JwtVerifier::Create(Options()).status(), "--jwks_file");
}

TEST_F(JwksTest, KeysThatCannotVerifyTokensAreLeftOut) {
  const std::pair<std::string, std::string> unusable[] = {
      {R"({"kty":"oct","kid":"hmac","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA"})",
       "shared secret"},
      {R"({"kty":"OKP","crv":"X25519","kid":"x","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})",
       "not Ed25519"},
      // cjose's decoder aborts on these: they must be turned away before it sees them.
      {R"({"kty":"RSA","kid":"pad","n":"A=","e":"AQAB"})", "\"n\" is not unpadded base64url"},
      {R"({"kty":"EC","crv":"P-256","kid":"pad-ec","x":"Q===","y":"Q==="})",
       "\"x\" is not unpadded base64url"},
      {R"({"kty":"RSA","kid":"short","n":"AQAB","e":"AQAB"})", "at least 2048"},
      {R"({"kty":"RSA","kid":"enc","alg":"RSA-OAEP","n":"AQAB","e":"AQAB"})", "\"alg\""},
  };
  for (const auto& [jwk, why] : unusable) {
    SCOPED_TRACE(jwk);
    absl::Status status = VerifierOver(jwk).status();
    ExpectNamesFlag(status, "--jwks_file");
    EXPECT_THAT(std::string(status.message()), HasSubstr(why));
  }
  std::string rsa = Jwk("rsa-1");
  rsa.replace(rsa.find("\"use\":\"sig\""), 11, "\"use\":\"enc\"");
  EXPECT_THAT(VerifierOver(rsa).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("\"use\" is not \"sig\"")));
  // Beside a usable key, they are skipped: the verifier works with the rest.
  JISR_ASSERT_OK_AND_ASSIGN(
      auto verifier, VerifierOver(absl::StrCat(unusable[0].first, ",", rsa, ",", Jwk("ed-1"))));
  JISR_EXPECT_OK(verifier->Verify(Mint(Valid("EdDSA"))));
  EXPECT_EQ(ErrorReason(verifier->Verify(Mint(Valid("RS256"))).status()), kTokenUnknownKey);
}

TEST_F(JwksTest, TwoKeysWithOneKidAreAMistake) {
  std::string ec = Jwk("ec-1");
  ec.replace(ec.find("ec-1"), 4, "rsa-1");
  ExpectNamesFlag(VerifierOver(absl::StrCat(Jwk("rsa-1"), ",", ec)).status(), "--jwks_file");
}

TEST_F(JwksTest, AJwkThatDeclaresItsAlgorithmAcceptsOnlyThatOne) {
  std::string rsa = Jwk("rsa-1");
  rsa.insert(1, "\"alg\":\"RS256\",");
  JISR_ASSERT_OK_AND_ASSIGN(auto verifier, VerifierOver(rsa));
  JISR_EXPECT_OK(verifier->Verify(Mint(Valid("RS256"))));
  EXPECT_EQ(ErrorReason(verifier->Verify(Mint(Valid("PS256"))).status()),
            kTokenAlgorithmNotAllowed);
  EXPECT_EQ(ErrorReason(verifier->Verify(Mint(Valid("RS384"))).status()),
            kTokenAlgorithmNotAllowed);
}

TEST_F(JwksTest, ATokenWithoutKidNeedsAJwksOfOneKey) {
  JISR_ASSERT_OK_AND_ASSIGN(auto verifier, VerifierOver(Jwk("ed-1")));
  testing::TokenSpec spec = Valid("EdDSA");
  spec.include_kid = false;
  JISR_EXPECT_OK(verifier->Verify(Mint(spec)));
  EXPECT_EQ(ErrorReason(verifier_->Verify(Mint(spec)).status()), kTokenUnknownKey);
}

TEST_F(JwksTest, ReloadPicksUpRotatedKeys) {
  JISR_ASSERT_OK_AND_ASSIGN(testing::TestKeys rotated,
                            testing::TestKeys::Create({"rsa-2", "ec-2", "ed-2"}));
  const std::string old_token = Mint(Valid("ES256"));
  JISR_EXPECT_OK(verifier_->Verify(old_token));
  JISR_ASSERT_OK(rotated.WriteJwks(jwks_path_));
  JISR_ASSERT_OK(verifier_->ReloadKeys());
  for (const char* alg : {"RS256", "ES256", "EdDSA"}) {
    SCOPED_TRACE(alg);
    JISR_ASSERT_OK_AND_ASSIGN(std::string token, rotated.Mint(Valid(alg)));
    JISR_EXPECT_OK(verifier_->Verify(token));
  }
  ExpectRejected(old_token, kTokenUnknownKey);
}

TEST_F(JwksTest, ABrokenJwksOnReloadKeepsTheOldKeys) {
  const std::string token = Mint(Valid("EdDSA"));
  WriteFile(jwks_path_, "{\"keys\": [{\"kty\": \"RSA\"");
  ExpectNamesFlag(verifier_->ReloadKeys(), "--jwks_file");
  JISR_EXPECT_OK(verifier_->Verify(token));
  WriteFile(jwks_path_, R"({"keys":[{"kty":"oct","k":"c2VjcmV0"}]})");
  ExpectNamesFlag(verifier_->ReloadKeys(), "--jwks_file");
  JISR_EXPECT_OK(verifier_->Verify(token));
  ASSERT_EQ(std::remove(jwks_path_.c_str()), 0);
  ExpectNamesFlag(verifier_->ReloadKeys(), "--jwks_file");
  JISR_EXPECT_OK(verifier_->Verify(token));
}

// Eight threads verify while keys reload, alternating between two key sets that both hold the
// signing keys: every verification succeeds, and (under -fsanitize=thread) nothing races.
TEST_F(JwksTest, VerifyFromManyThreadsWhileKeysReload) {
  JISR_ASSERT_OK_AND_ASSIGN(testing::TestKeys other,
                            testing::TestKeys::Create({"rsa-2", "ec-2", "ed-2"}));
  JISR_ASSERT_OK_AND_ASSIGN(std::string both, keys_->JwksJson());
  both.insert(both.size() - 2, absl::StrCat(",", other.PublicJwk("rsa-2").value_or("")));
  JISR_ASSERT_OK_AND_ASSIGN(std::string one, keys_->JwksJson());
  const std::vector<std::string> tokens = {Mint(Valid("RS256")), Mint(Valid("ES256")),
                                           Mint(Valid("EdDSA")), Mint(Valid("PS256"))};
  std::atomic<bool> stop{false};
  std::atomic<int> verified{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200 || !stop.load(); ++i) {
        absl::StatusOr<Identity> identity = verifier_->Verify(tokens[(t + i) % tokens.size()]);
        (identity.ok() && identity->principal == "editor-7731" ? verified : failed)++;
        if (i >= 2000) break;
      }
    });
  }
  int reloads = 0;
  for (; reloads < 50; ++reloads) {
    WriteFile(jwks_path_, reloads % 2 == 0 ? both : one);
    JISR_EXPECT_OK(verifier_->ReloadKeys());
  }
  stop = true;
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_GE(verified.load(), 8 * 200);
}

}  // namespace
}  // namespace jisr::identity
