// libFuzzer entry point for bearer token verification, the first thing jisrd does with bytes a
// caller sends: any bytes give UNAUTHENTICATED with a reason, never a crash (Debian's cjose
// aborts on some base64url it is handed, so the verifier must refuse those first), and nothing
// the fuzzer can make is accepted without the private keys.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "services/common/errors.h"
#include "services/identity/jwt_verifier.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_tokens.h"

namespace {

void Require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "jwt_fuzz: broken promise: %s\n", what);
  std::abort();
}

const jisr::identity::JwtVerifier& Verifier() {
  static const jisr::identity::JwtVerifier* const verifier = [] {
    static auto* dir = new jisr::testing::TempDir();
    absl::StatusOr<jisr::testing::TestKeys> keys = jisr::testing::TestKeys::Create();
    Require(keys.ok(), "test keys");
    const std::string jwks = dir->File("jwks.json");
    Require(keys->WriteJwks(jwks).ok(), "the JWKS is written");
    jisr::identity::JwtOptions options;
    options.jwks_path = jwks;
    options.issuer = "https://id.newsroom.test";
    options.audience = "jisr";
    options.clock = [] { return absl::Now(); };
    auto made = jisr::identity::JwtVerifier::Create(options);
    Require(made.ok(), "the verifier starts");
    return made->release();
  }();
  return *verifier;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string token(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<jisr::identity::Identity> identity = Verifier().Verify(token);
  Require(!identity.ok(), "nothing is accepted without the private keys");
  Require(absl::IsUnauthenticated(identity.status()), "UNAUTHENTICATED");
  Require(!jisr::ErrorReason(identity.status()).empty(), "with a reason");
  if (token.size() >= 16) {
    Require(identity.status().message().find(token.substr(token.size() - 16)) ==
                absl::string_view::npos,
            "the error never echoes the token");
  }
  return 0;
}

namespace jisr::fuzz {
extern const char kFuzzTargetName[] = "jwt_fuzz";
const std::vector<std::string>& FuzzTokens() {
  static const auto* const tokens =
      new std::vector<std::string>{".",
                                   "=",
                                   "==",
                                   "+",
                                   "/",
                                   "eyJhbGciOiJSUzI1NiJ9",
                                   "eyJhbGciOiJub25lIn0",
                                   "eyJhbGciOiJFZERTQSIsImtpZCI6ImVkLTEifQ",
                                   "eyJzdWIiOiJ4In0",
                                   "AAAA"};
  return *tokens;
}
}  // namespace jisr::fuzz
