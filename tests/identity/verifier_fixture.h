// What the identity tests share: fresh keys and their JWKS in a temporary directory, a verifier
// on a clock the test sets, and tokens that pass unless a test changes them.
#ifndef JISR_TESTS_IDENTITY_VERIFIER_FIXTURE_H_
#define JISR_TESTS_IDENTITY_VERIFIER_FIXTURE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/errors.h"
#include "services/identity/jwt_verifier.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_tokens.h"

namespace jisr::identity {

inline constexpr char kIssuer[] = "https://id.newsroom.example/";
inline constexpr char kAudience[] = "jisr";
// The verifier's clock: tokens are minted around it.
inline const absl::Time kNow = absl::FromUnixSeconds(1767225600);  // 2026-01-01

class VerifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    JISR_ASSERT_OK_AND_ASSIGN(keys_, testing::TestKeys::Create());
    JISR_ASSERT_OK(keys_->WriteJwks(jwks_path_));
    JISR_ASSERT_OK_AND_ASSIGN(verifier_, JwtVerifier::Create(Options()));
  }

  JwtOptions Options() {
    JwtOptions options;
    options.jwks_path = jwks_path_;
    options.issuer = kIssuer;
    options.audience = kAudience;
    options.clock = [] { return kNow; };
    return options;
  }

  // A token the verifier accepts: issued a minute ago, valid for ten.
  testing::TokenSpec Valid(const std::string& alg = "RS256") const {
    testing::TokenSpec spec;
    spec.alg = alg;
    spec.iss = kIssuer;
    spec.aud = {kAudience};
    spec.sub = "editor-7731";
    spec.name = "ليلى حسن";
    spec.iat = kNow - absl::Minutes(1);
    spec.nbf = kNow - absl::Minutes(1);
    spec.exp = kNow + absl::Minutes(10);
    spec.claims = {{"groups", std::vector<std::string>{"arabic-desk", "editors"}},
                   {"email", std::string("layla@newsroom.example")}};
    return spec;
  }

  std::string Mint(const testing::TokenSpec& spec) const {
    absl::StatusOr<std::string> token = keys_->Mint(spec);
    EXPECT_TRUE(token.ok()) << token.status();
    return token.value_or("");
  }

  // UNAUTHENTICATED with `reason`, and a message that does not quote the token and (when
  // given) contains `message_part`, which tells one TOKEN_MALFORMED from another.
  void ExpectRejected(absl::string_view token, absl::string_view reason,
                      absl::string_view message_part = "") const {
    absl::StatusOr<Identity> identity = verifier_->Verify(token);
    ASSERT_FALSE(identity.ok()) << "accepted a token that should fail with " << reason;
    EXPECT_EQ(identity.status().code(), absl::StatusCode::kUnauthenticated) << identity.status();
    EXPECT_EQ(ErrorReason(identity.status()), reason) << identity.status();
    const absl::string_view message = identity.status().message();
    EXPECT_FALSE(message.empty());
    EXPECT_TRUE(absl::StrContains(message, message_part)) << message;
    // The shortest part of a token that is still specific to it: its last 16 characters.
    if (token.size() >= 16) {
      EXPECT_FALSE(absl::StrContains(message, token.substr(token.size() - 16))) << message;
    }
  }

  testing::TempDir dir_;
  const std::string jwks_path_ = dir_.File("jwks.json");
  std::optional<testing::TestKeys> keys_;
  std::unique_ptr<JwtVerifier> verifier_;
};

}  // namespace jisr::identity

#endif  // JISR_TESTS_IDENTITY_VERIFIER_FIXTURE_H_
