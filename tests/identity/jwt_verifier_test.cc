// JwtVerifier on tokens: valid ones of each algorithm family, and every way a token can fail.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/identity/token_errors.h"
#include "tests/identity/verifier_fixture.h"

namespace jisr::identity {
namespace {

using ::testing::Contains;
using ::testing::IsSupersetOf;
using ::testing::Not;
using ::testing::Pair;

class ValidTokenTest : public VerifierTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(ValidTokenTest, VerifiesToItsPrincipalNameAndClaims) {
  JISR_ASSERT_OK_AND_ASSIGN(Identity identity, verifier_->Verify(Mint(Valid(GetParam()))));
  EXPECT_EQ(identity.source, IdentitySource::kToken);
  EXPECT_EQ(identity.principal, "editor-7731");
  EXPECT_EQ(identity.display_name, "ليلى حسن");
  EXPECT_THAT(identity.claims,
              IsSupersetOf({Pair("groups", "arabic-desk"), Pair("groups", "editors"),
                            Pair("email", "layla@newsroom.example"), Pair("sub", "editor-7731"),
                            Pair("iss", kIssuer), Pair("aud", kAudience)}));
  // Numbers are not string claims.
  EXPECT_THAT(identity.claims, Not(Contains(Pair("exp", ::testing::_))));
}

INSTANTIATE_TEST_SUITE_P(Algorithms, ValidTokenTest,
                         ::testing::Values("RS256", "ES256", "EdDSA", "RS512", "PS256"),
                         [](const auto& info) { return info.param; });

TEST_F(VerifierTest, AudienceMayBeAnArrayContainingOurs) {
  testing::TokenSpec spec = Valid();
  spec.aud = {"search-indexer", kAudience};
  JISR_EXPECT_OK(verifier_->Verify(Mint(spec)));
}

TEST_F(VerifierTest, ArraysWithOtherThanStringsAreNotClaims) {
  testing::TokenSpec spec = Valid();
  spec.raw_claims = {{"mixed", "[\"a\", 1]"}, {"level", "3"}};
  JISR_ASSERT_OK_AND_ASSIGN(Identity identity, verifier_->Verify(Mint(spec)));
  EXPECT_THAT(identity.claims, Not(Contains(Pair("mixed", ::testing::_))));
  EXPECT_THAT(identity.claims, Not(Contains(Pair("level", ::testing::_))));
}

TEST_F(VerifierTest, Expired) {
  testing::TokenSpec spec = Valid();
  spec.exp = kNow - absl::Minutes(5);
  ExpectRejected(Mint(spec), kTokenExpired);
}

TEST_F(VerifierTest, NotYetValid) {
  testing::TokenSpec spec = Valid();
  spec.nbf = kNow + absl::Minutes(5);
  ExpectRejected(Mint(spec), kTokenNotYetValid);
}

TEST_F(VerifierTest, ClockSkewIsAllowedBothWays) {
  testing::TokenSpec spec = Valid();
  spec.exp = kNow - absl::Seconds(30);
  JISR_EXPECT_OK(verifier_->Verify(Mint(spec)));
  spec.exp = kNow - absl::Seconds(90);
  ExpectRejected(Mint(spec), kTokenExpired);
  spec = Valid();
  spec.nbf = kNow + absl::Seconds(30);
  JISR_EXPECT_OK(verifier_->Verify(Mint(spec)));
  spec.nbf = kNow + absl::Seconds(90);
  ExpectRejected(Mint(spec), kTokenNotYetValid);
}

TEST_F(VerifierTest, NoExpiryOrNonNumericTimes) {
  testing::TokenSpec spec = Valid();
  spec.exp.reset();
  ExpectRejected(Mint(spec), kTokenMalformed, "no expiry");
  spec = Valid();
  spec.exp.reset();
  spec.raw_claims = {{"exp", "\"2099-01-01\""}};
  ExpectRejected(Mint(spec), kTokenMalformed, "\"exp\" is not a number");
}

TEST_F(VerifierTest, WrongIssuer) {
  testing::TokenSpec spec = Valid();
  spec.iss = "https://id.newsroom.example.evil/";
  ExpectRejected(Mint(spec), kTokenWrongIssuer);
  spec.iss.reset();
  ExpectRejected(Mint(spec), kTokenWrongIssuer);
}

TEST_F(VerifierTest, WrongAudience) {
  testing::TokenSpec spec = Valid();
  spec.aud = {"jisr-staging"};
  ExpectRejected(Mint(spec), kTokenWrongAudience);
  spec.aud = {"search-indexer", "feeds"};
  ExpectRejected(Mint(spec), kTokenWrongAudience);
  spec.aud = {};
  ExpectRejected(Mint(spec), kTokenWrongAudience);
}

TEST_F(VerifierTest, BadSignature) {
  for (const char* alg : {"RS256", "PS256", "ES256", "EdDSA"}) {
    SCOPED_TRACE(alg);
    testing::TokenSpec spec = Valid(alg);
    spec.attack = testing::TokenAttack::kCorruptSignature;
    ExpectRejected(Mint(spec), kTokenBadSignature);
  }
}

TEST_F(VerifierTest, ClaimsChangedAfterSigning) {
  const std::string token = Mint(Valid());
  testing::TokenSpec forged = Valid();
  forged.sub = "admin";
  const std::string other = Mint(forged);
  // The forged token's header and claims with the original signature.
  const std::string spliced = other.substr(0, other.rfind('.')) + token.substr(token.rfind('.'));
  ExpectRejected(spliced, kTokenBadSignature);
}

TEST_F(VerifierTest, UnknownKid) {
  testing::TokenSpec spec = Valid();
  spec.kid = "rsa-9";
  ExpectRejected(Mint(spec), kTokenUnknownKey);
}

TEST_F(VerifierTest, NoKidWhileTheJwksHasSeveralKeys) {
  testing::TokenSpec spec = Valid();
  spec.include_kid = false;
  ExpectRejected(Mint(spec), kTokenUnknownKey);
}

TEST_F(VerifierTest, AlgNone) {
  testing::TokenSpec spec = Valid();
  spec.attack = testing::TokenAttack::kAlgNone;
  ExpectRejected(Mint(spec), kTokenAlgorithmNotAllowed);
}

TEST_F(VerifierTest, Hs256SignedWithThePublicKey) {
  testing::TokenSpec spec = Valid();
  spec.attack = testing::TokenAttack::kHs256WithPublicKey;
  ExpectRejected(Mint(spec), kTokenAlgorithmNotAllowed);
}

TEST_F(VerifierTest, KidNamesAnEcKeyButSaysRs256) {
  testing::TokenSpec spec = Valid("RS256");
  spec.kid = "ec-1";
  ExpectRejected(Mint(spec), kTokenAlgorithmNotAllowed);
}

// cjose itself verifies an ES384 signature made with a P-256 key; the verifier must not.
TEST_F(VerifierTest, EcAlgorithmForAnotherCurve) {
  ExpectRejected(Mint(Valid("ES384")), kTokenAlgorithmNotAllowed);
}

TEST_F(VerifierTest, EdDsaTokenNamingTheRsaKey) {
  testing::TokenSpec spec = Valid("EdDSA");
  spec.kid = "rsa-1";
  ExpectRejected(Mint(spec), kTokenAlgorithmNotAllowed);
}

TEST_F(VerifierTest, Truncated) {
  const std::string token = Mint(Valid());
  // A whole signature part missing.
  ExpectRejected(token.substr(0, token.rfind('.')), kTokenMalformed);
  ExpectRejected(token.substr(0, token.rfind('.') + 1), kTokenBadSignature);
  // Six characters fewer (of 342): whole groups of base64url, four bytes short of a signature.
  ExpectRejected(token.substr(0, token.size() - 6), kTokenBadSignature);
  // One character fewer: no whole number of bytes.
  ExpectRejected(token.substr(0, token.size() - 1), kTokenMalformed);
  ExpectRejected(token.substr(0, token.size() / 2), kTokenMalformed);
}

TEST_F(VerifierTest, Oversized) {
  testing::TokenSpec spec = Valid();
  spec.claims.emplace_back("padding", std::string(9000, 'x'));
  const std::string token = Mint(spec);
  ASSERT_GT(token.size(), 8192u);
  ExpectRejected(token, kTokenTooLarge);
  // Rejected on its length alone, before any parsing.
  ExpectRejected(std::string(8193, '.'), kTokenTooLarge);
}

TEST_F(VerifierTest, NoSubject) {
  testing::TokenSpec spec = Valid();
  spec.sub.reset();
  ExpectRejected(Mint(spec), kTokenNoSubject);
  spec.sub = "";
  ExpectRejected(Mint(spec), kTokenNoSubject);
  spec.sub.reset();
  spec.raw_claims = {{"sub", "7731"}};
  ExpectRejected(Mint(spec), kTokenNoSubject);
}

TEST_F(VerifierTest, Garbage) {
  ExpectRejected("not a token at all", kTokenMalformed);
  ExpectRejected("a.b.c", kTokenMalformed);
  ExpectRejected("..", kTokenMalformed);
  ExpectRejected(std::string("\xff\xfe.\x00\x01.\x80", 8), kTokenMalformed);
  ExpectRejected("Bearer " + Mint(Valid()), kTokenMalformed);
}

TEST_F(VerifierTest, EmptyString) { ExpectRejected("", kTokenMalformed); }

// cjose 0.6.2's base64url decoder aborts the process on some padded input ("A=", "Q==="): a
// token carrying one must be turned away before cjose sees it.
TEST_F(VerifierTest, PaddedOrNonUrlBase64NeverReachesCjose) {
  const std::string token = Mint(Valid());
  const std::string signed_part = token.substr(0, token.rfind('.') + 1);
  for (const char* signature : {"A=", "Q===", "AAAAA=", "Q=Q=", "AQ=="}) {
    SCOPED_TRACE(signature);
    ExpectRejected(signed_part + signature, kTokenMalformed, "signature is not unpadded base64url");
  }
  ExpectRejected(token + "=", kTokenMalformed, "base64url");
  const std::string payload_start = token.substr(0, token.find('.') + 1);
  ExpectRejected(payload_start + "A=." + token.substr(token.rfind('.') + 1), kTokenMalformed,
                 "payload is not unpadded base64url");
  std::string standard_alphabet = token;
  standard_alphabet[token.rfind('.') + 3] = '+';
  ExpectRejected(standard_alphabet, kTokenMalformed, "signature is not unpadded base64url");
}

// One signature, one spelling: the unused low bits of the last base64url character must be 0.
TEST_F(VerifierTest, NonCanonicalSignatureEncoding) {
  static constexpr absl::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string token = Mint(Valid());  // 256 signature bytes: the last character holds 4 unused bits
  char& last = token.back();
  last = kAlphabet[kAlphabet.find(last) | 1];
  ExpectRejected(token, kTokenMalformed, "signature is not unpadded base64url");
}

TEST_F(VerifierTest, HeaderAndClaimsMustBePlainJsonObjects) {
  testing::TokenSpec spec = Valid();
  spec.raw_header = {{"crit", "[\"exp\"]"}, {"exp", "1"}};
  ExpectRejected(Mint(spec), kTokenMalformed, "\"crit\"");
  spec = Valid();
  spec.raw_header = {{"kid", "7"}};
  spec.include_kid = false;
  ExpectRejected(Mint(spec), kTokenMalformed, "\"kid\" is not a string");
  spec = Valid();
  spec.raw_payload = "[\"not\", \"an object\"]";
  ExpectRejected(Mint(spec), kTokenMalformed, "claims are not a JSON object");
  spec.raw_payload = "";
  ExpectRejected(Mint(spec), kTokenMalformed, "claims");
  spec.alg = "EdDSA";
  ExpectRejected(Mint(spec), kTokenMalformed, "claims");
  // Two "sub" members: readers that keep the first and readers that keep the last disagree.
  spec.raw_payload = absl::StrCat("{\"iss\":\"", kIssuer, "\",\"aud\":\"", kAudience,
                                  "\",\"exp\":", absl::ToUnixSeconds(kNow) + 600,
                                  ",\"sub\":\"reader-1\",\"sub\":\"admin\"}");
  ExpectRejected(Mint(spec), kTokenMalformed, "claims are not a JSON object");
}

TEST_F(VerifierTest, SubjectAndNameMustBeOneSafeLine) {
  const std::vector<std::string> unsafe = {
      "editor\u202e1337",     // RIGHT-TO-LEFT OVERRIDE
      "editor\u202a",         // LEFT-TO-RIGHT EMBEDDING
      "\u2067editor\u2069",   // RIGHT-TO-LEFT ISOLATE ... POP DIRECTIONAL ISOLATE
      "editor\nadmin",        // a second line
      "editor\u2028admin",    // LINE SEPARATOR
      "editor\tadmin",        // a control character
      std::string(201, 'e'),  // over 200 bytes
  };
  for (const std::string& text : unsafe) {
    SCOPED_TRACE(text);
    testing::TokenSpec spec = Valid();
    spec.sub = text;
    ExpectRejected(Mint(spec), kTokenMalformed, "\"sub\" is not one line");
    spec = Valid();
    spec.name = text;
    ExpectRejected(Mint(spec), kTokenMalformed, "\"name\" is not one line");
  }
  testing::TokenSpec spec = Valid();
  spec.sub = std::string(200, 'e');
  spec.name = "\u0644\u064a\u0644\u0649 \u200f(Layla)";  // Arabic with RIGHT-TO-LEFT MARK
  JISR_EXPECT_OK(verifier_->Verify(Mint(spec)));
}

}  // namespace
}  // namespace jisr::identity
