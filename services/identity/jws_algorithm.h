// The JWS algorithms jisrd accepts, and the one kind of key each may be verified with. Only
// asymmetric signatures: "none" and HMAC (HS256/384/512) are never accepted, since a verifier
// holding public keys must not treat one as a shared secret ("HS256 signed with the public key").
#ifndef JISR_SERVICES_IDENTITY_JWS_ALGORITHM_H_
#define JISR_SERVICES_IDENTITY_JWS_ALGORITHM_H_

#include <cstddef>

#include "absl/strings/string_view.h"

namespace jisr::identity {

// A verification key's type, with the curve for elliptic curve keys.
enum class KeyType {
  kRsa,
  kEcP256,
  kEcP384,
  kEcP521,
  kEd25519,
};

// Which library checks the signature: cjose (RSA and ECDSA) or OpenSSL directly (EdDSA, which
// cjose 0.6.2 does not have).
enum class VerifiedBy {
  kCjose,
  kOpenSslEd25519,
};

struct JwsAlgorithm {
  absl::string_view name;  // the JWS "alg"
  KeyType key_type;        // the only key type it may be verified with
  VerifiedBy verified_by;
  // The signature's exact length in bytes; 0 for RSA, where it is the modulus length.
  size_t signature_bytes;
};

// The accepted algorithm named `alg`, or null: for "none", HMAC and anything unknown.
const JwsAlgorithm* FindAllowedAlgorithm(absl::string_view alg);

// "RSA", "EC P-256", ... for error messages.
absl::string_view KeyTypeName(KeyType type);

}  // namespace jisr::identity

#endif  // JISR_SERVICES_IDENTITY_JWS_ALGORITHM_H_
