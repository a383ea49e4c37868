#include "services/identity/compact_jws.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/status_macros.h"
#include "services/identity/token_errors.h"

namespace jisr::identity {
namespace {

absl::Status Malformed(absl::string_view message) { return TokenError(kTokenMalformed, message); }

absl::StatusOr<std::string> DecodePart(absl::string_view part, absl::string_view what) {
  std::optional<std::string> bytes = DecodeBase64Url(part);
  if (!bytes.has_value()) {
    return Malformed(absl::StrCat("the bearer token's ", what,
                                  " is not unpadded base64url: send the token exactly as the "
                                  "identity provider issued it"));
  }
  return *std::move(bytes);
}

// Reads "alg", "kid" and "crit" from the decoded header.
absl::Status ReadHeader(CompactJws& jws) {
  std::optional<absl::string_view> alg = JsonStringMember(jws.header.get(), "alg");
  if (!alg.has_value()) return Malformed("the bearer token's header names no \"alg\"");
  jws.algorithm = FindAllowedAlgorithm(*alg);
  if (jws.algorithm == nullptr) {
    return TokenError(kTokenAlgorithmNotAllowed,
                      "the bearer token's algorithm is not accepted (never \"none\" or HMAC): "
                      "use a token signed with RS256/384/512, PS256/384/512, ES256/384/512 or "
                      "EdDSA by a key in the server's JWKS");
  }
  // RFC 7515 section 4.1.11: a critical extension the verifier does not implement fails it.
  if (json_object_get(jws.header.get(), "crit") != nullptr) {
    return Malformed(
        "the bearer token's header has critical extensions (\"crit\"), which jisrd "
        "does not implement: use a plain signed JWT");
  }
  if (json_object_get(jws.header.get(), "kid") != nullptr) {
    std::optional<absl::string_view> kid = JsonStringMember(jws.header.get(), "kid");
    if (!kid.has_value()) return Malformed("the bearer token's \"kid\" is not a string");
    jws.kid = std::string(*kid);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<CompactJws> ParseCompactJws(absl::string_view token) {
  if (token.empty()) {
    return Malformed("the bearer token is empty: send \"authorization: Bearer <JWT>\"");
  }
  std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3) {
    return Malformed(
        "the bearer token is not a signed JWT (three base64url parts joined by "
        "dots): send the token exactly as the identity provider issued it");
  }
  CompactJws jws;
  jws.signing_input = token.substr(0, parts[0].size() + 1 + parts[1].size());
  JISR_ASSIGN_OR_RETURN(std::string header, DecodePart(parts[0], "header"));
  JISR_ASSIGN_OR_RETURN(jws.payload, DecodePart(parts[1], "payload"));
  JISR_ASSIGN_OR_RETURN(jws.signature, DecodePart(parts[2], "signature"));
  jws.header = ParseJsonObject(header);
  if (jws.header == nullptr) {
    return Malformed(
        "the bearer token's header is not a JSON object: send the token exactly as "
        "the identity provider issued it");
  }
  JISR_RETURN_IF_ERROR(ReadHeader(jws));
  return jws;
}

}  // namespace jisr::identity
