// Keys and bearer tokens made fresh for each test run, so no private key lives in the
// repository: an RSA-2048, an EC P-256 and an Ed25519 key pair, their public keys as a JWKS,
// and signed JWTs, well-formed or broken on purpose.
#ifndef JISR_TESTS_TESTING_TEST_TOKENS_H_
#define JISR_TESTS_TESTING_TEST_TOKENS_H_

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace jisr::testing {

// The "kid" of each key in the JWKS and in tokens it signs.
struct TestKeyIds {
  std::string rsa = "rsa-1";
  std::string ec = "ec-1";
  std::string ed = "ed-1";
};

// A token broken on purpose, the way attackers break them.
enum class TokenAttack {
  kNone,
  kAlgNone,             // "alg": "none" and an empty signature
  kHs256WithPublicKey,  // HS256 with the RSA public key's PEM as the HMAC secret
  kCorruptSignature,    // a valid signature with one bit flipped
};

// A claim value: a string or an array of strings.
using ClaimValue = std::variant<std::string, std::vector<std::string>>;

struct TokenSpec {
  // RS256/384/512 and PS256/384/512 sign with the RSA key, ES256/384/512 with the EC key (so
  // ES384 makes a token whose algorithm does not fit its key), EdDSA with the Ed25519 key.
  std::string alg = "RS256";
  // The header's "kid": the signing key's unless set; none at all when include_kid is false.
  std::optional<std::string> kid;
  bool include_kid = true;
  // Standard claims; each left out when unset (aud: when empty; one value is a string).
  std::optional<std::string> iss;
  std::vector<std::string> aud;
  std::optional<std::string> sub;
  std::optional<std::string> name;
  std::optional<absl::Time> iat;
  std::optional<absl::Time> nbf;
  std::optional<absl::Time> exp;
  // Further claims, in order.
  std::vector<std::pair<std::string, ClaimValue>> claims;
  // Claims given as JSON text, for values of other types ("sub": 42).
  std::vector<std::pair<std::string, std::string>> raw_claims;
  // Header members given as JSON text ("crit": ["exp"]), after "alg", "kid" and "typ".
  std::vector<std::pair<std::string, std::string>> raw_header;
  // When set, the payload signed as it is, instead of the claims above (duplicate members,
  // JSON that is not an object).
  std::optional<std::string> raw_payload;
  TokenAttack attack = TokenAttack::kNone;
};

class TestKeys {
 public:
  // Generates the three key pairs (OpenSSL EVP).
  static absl::StatusOr<TestKeys> Create(TestKeyIds ids = {});

  TestKeys(TestKeys&&) noexcept;
  TestKeys& operator=(TestKeys&&) noexcept;
  ~TestKeys();

  const TestKeyIds& ids() const { return ids_; }

  // One public key as a JWK (JSON text): the one whose kid is `kid`.
  absl::StatusOr<std::string> PublicJwk(const std::string& kid) const;
  // The three public keys as a JWKS document.
  absl::StatusOr<std::string> JwksJson() const;
  // Writes JwksJson() to `path`.
  absl::Status WriteJwks(const std::string& path) const;

  // A compact JWT as `spec` says: RS and ES signed by cjose, EdDSA by OpenSSL.
  absl::StatusOr<std::string> Mint(const TokenSpec& spec) const;

 private:
  struct Keys;
  TestKeys(TestKeyIds ids, std::unique_ptr<Keys> keys);

  TestKeyIds ids_;
  std::unique_ptr<Keys> keys_;
};

}  // namespace jisr::testing

#endif  // JISR_TESTS_TESTING_TEST_TOKENS_H_
