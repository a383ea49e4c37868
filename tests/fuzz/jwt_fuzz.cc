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

// `text` with each letter and digit moved along its alphabet (ROT13, digits by five).
std::string Rotated(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z')
      c = static_cast<char>('a' + (c - 'a' + 13) % 26);
    else if (c >= 'A' && c <= 'Z')
      c = static_cast<char>('A' + (c - 'A' + 13) % 26);
    else if (c >= '0' && c <= '9')
      c = static_cast<char>('0' + (c - '0' + 5) % 10);
  }
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string token(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<jisr::identity::Identity> identity = Verifier().Verify(token);
  Require(!identity.ok(), "nothing is accepted without the private keys");
  Require(absl::IsUnauthenticated(identity.status()), "UNAUTHENTICATED");
  Require(!jisr::ErrorReason(identity.status()).empty(), "with a reason");
  if (token.size() >= 16) {
    // The token's tail may spell words of the message itself (the fuzzer learns them from this
    // very check), so an echo counts only when a token with another tail is echoed too.
    const std::string tail = token.substr(token.size() - 16);
    const std::string other = token.substr(0, token.size() - 16) + Rotated(tail);
    absl::StatusOr<jisr::identity::Identity> again = Verifier().Verify(other);
    Require(identity.status().message().find(tail) == absl::string_view::npos || again.ok() ||
                again.status().message().find(Rotated(tail)) == absl::string_view::npos,
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
