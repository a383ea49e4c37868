// The claims of a token whose signature verified: the checks RFC 7519 asks of a verifier
// (issuer, audience, expiry, not-before) and the identity they give.
#ifndef JISR_SERVICES_IDENTITY_JWT_CLAIMS_H_
#define JISR_SERVICES_IDENTITY_JWT_CLAIMS_H_

#include <jansson.h>

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/identity/identity.h"

namespace jisr::identity {

// The longest principal or display name accepted, in UTF-8 bytes.
inline constexpr size_t kMaxIdentityTextBytes = 200;

struct ClaimRules {
  std::string issuer;    // "iss" must equal it
  std::string audience;  // "aud" (a string or an array) must contain it
  absl::Duration clock_skew;
  absl::Time now;
};

// The identity `claims` (a JSON object) give under `rules`: principal from "sub", display name
// from "name", and every string or array-of-strings claim as (claim, value) pairs. Errors are
// UNAUTHENTICATED: TOKEN_WRONG_ISSUER, TOKEN_WRONG_AUDIENCE, TOKEN_EXPIRED, TOKEN_NOT_YET_VALID,
// TOKEN_NO_SUBJECT, and TOKEN_MALFORMED for a missing "exp" (a token that never expires is not
// accepted), an "exp" or "nbf" that is not a number, or a "sub" or "name" that
// IsDisplayableIdentityText rejects.
absl::StatusOr<Identity> IdentityFromClaims(const json_t* claims, const ClaimRules& rules);

// True for text editors' screens may show as an identity: valid UTF-8, at most
// kMaxIdentityTextBytes, one line with no control characters, and no bidi embedding, override or
// isolate controls (U+202A-U+202E, U+2066-U+2069), which would reorder the text around it.
bool IsDisplayableIdentityText(absl::string_view text);

}  // namespace jisr::identity

#endif  // JISR_SERVICES_IDENTITY_JWT_CLAIMS_H_
