// Which key verifies a token, and the check of its signature: cjose for RSA (RS*, PS*) and
// ECDSA (ES*), OpenSSL for EdDSA (Ed25519), which cjose 0.6.2 does not have.
#ifndef JISR_SERVICES_IDENTITY_JWS_SIGNATURE_H_
#define JISR_SERVICES_IDENTITY_JWS_SIGNATURE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/identity/compact_jws.h"
#include "services/identity/jwks.h"

namespace jisr::identity {

// The key of `keys` that `jws` names: by its "kid", or the only key when it names none.
// TOKEN_UNKNOWN_KEY when there is no such key; TOKEN_ALGORITHM_NOT_ALLOWED when the token's
// algorithm does not fit the key (an RS256 token naming an EC key) or the key's declared "alg".
absl::StatusOr<const VerificationKey*> SelectKey(const KeySet& keys, const CompactJws& jws);

// The payload of `token` (taken apart as `jws`) once its signature verifies with `key`;
// TOKEN_BAD_SIGNATURE otherwise. `key` must be the one SelectKey chose for `jws`.
absl::StatusOr<std::string> VerifySignature(absl::string_view token, const CompactJws& jws,
                                            const VerificationKey& key);

}  // namespace jisr::identity

#endif  // JISR_SERVICES_IDENTITY_JWS_SIGNATURE_H_
