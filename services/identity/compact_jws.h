// A bearer token taken apart: a compact JWS (RFC 7515) split at its two dots, every part
// checked as strict base64url, the header parsed and its algorithm admitted. Nothing in it is
// trusted yet: the signature is checked by jws_signature.h.
#ifndef JISR_SERVICES_IDENTITY_COMPACT_JWS_H_
#define JISR_SERVICES_IDENTITY_COMPACT_JWS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/identity/jose_util.h"
#include "services/identity/jws_algorithm.h"

namespace jisr::identity {

struct CompactJws {
  // "header.payload" exactly as sent: what the signature covers. A view into the token.
  absl::string_view signing_input;
  std::string payload;    // decoded, not yet parsed
  std::string signature;  // decoded
  JsonPtr header;
  const JwsAlgorithm* algorithm = nullptr;  // the header's "alg", an accepted one
  std::optional<std::string> kid;           // the header's "kid", when it has one
};

// `token` taken apart. TOKEN_MALFORMED when it is not a compact JWS with a JSON object header
// naming a string "alg" (and no "crit" extension, since jisrd implements none);
// TOKEN_ALGORITHM_NOT_ALLOWED when the "alg" is "none", HMAC or unknown. Every part is checked
// before cjose sees the token: cjose 0.6.2 aborts on some malformed base64url.
absl::StatusOr<CompactJws> ParseCompactJws(absl::string_view token);

}  // namespace jisr::identity

#endif  // JISR_SERVICES_IDENTITY_COMPACT_JWS_H_
