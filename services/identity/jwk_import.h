// Imports one JWK of a JWKS as a key that verifies signatures, or says why it cannot.
#ifndef JISR_SERVICES_IDENTITY_JWK_IMPORT_H_
#define JISR_SERVICES_IDENTITY_JWK_IMPORT_H_

#include <jansson.h>

#include "absl/status/statusor.h"
#include "services/identity/jwks.h"

namespace jisr::identity {

// The key `jwk` describes, when it is a public signature key jisrd verifies with: RSA of 2048
// bits or more, EC P-256/P-384/P-521, or OKP Ed25519, with "use" (if any) "sig", "key_ops"
// (if any) including "verify", and an "alg" (if any) that jisrd accepts and that fits the key.
// Otherwise an error whose message says why the key is left out ("kty oct ...").
absl::StatusOr<VerificationKey> ImportVerificationKey(const json_t* jwk);

}  // namespace jisr::identity

#endif  // JISR_SERVICES_IDENTITY_JWK_IMPORT_H_
