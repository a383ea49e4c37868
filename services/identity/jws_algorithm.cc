#include "services/identity/jws_algorithm.h"

namespace jisr::identity {
namespace {

// ECDSA signatures are R || S, each the curve's order length (RFC 7518 section 3.4).
constexpr JwsAlgorithm kAllowed[] = {
    {"RS256", KeyType::kRsa, VerifiedBy::kCjose, 0},
    {"RS384", KeyType::kRsa, VerifiedBy::kCjose, 0},
    {"RS512", KeyType::kRsa, VerifiedBy::kCjose, 0},
    {"PS256", KeyType::kRsa, VerifiedBy::kCjose, 0},
    {"PS384", KeyType::kRsa, VerifiedBy::kCjose, 0},
    {"PS512", KeyType::kRsa, VerifiedBy::kCjose, 0},
    {"ES256", KeyType::kEcP256, VerifiedBy::kCjose, 64},
    {"ES384", KeyType::kEcP384, VerifiedBy::kCjose, 96},
    {"ES512", KeyType::kEcP521, VerifiedBy::kCjose, 132},
    {"EdDSA", KeyType::kEd25519, VerifiedBy::kOpenSslEd25519, 64},
};

}  // namespace

const JwsAlgorithm* FindAllowedAlgorithm(absl::string_view alg) {
  for (const JwsAlgorithm& algorithm : kAllowed) {
    if (algorithm.name == alg) return &algorithm;
  }
  return nullptr;
}

absl::string_view KeyTypeName(KeyType type) {
  switch (type) {
    case KeyType::kRsa:
      return "RSA";
    case KeyType::kEcP256:
      return "EC P-256";
    case KeyType::kEcP384:
      return "EC P-384";
    case KeyType::kEcP521:
      return "EC P-521";
    case KeyType::kEd25519:
      return "OKP Ed25519";
  }
  return "unknown";
}

}  // namespace jisr::identity
