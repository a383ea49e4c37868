#include "services/identity/jwt_verifier.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/errors.h"
#include "services/common/log.h"
#include "services/common/status_macros.h"
#include "services/identity/compact_jws.h"
#include "services/identity/jwks.h"
#include "services/identity/jws_signature.h"
#include "services/identity/jwt_claims.h"
#include "services/identity/token_errors.h"

namespace jisr::identity {
namespace {

void LogKeys(const std::string& path, const KeySet& keys) {
  std::string line = absl::StrCat("jwt: ", keys.size(), " keys from ", path, ": ",
                                  absl::StrJoin(keys.Kids(), ", "));
  if (!keys.skipped().empty()) {
    absl::StrAppend(&line, "; left out ", absl::StrJoin(keys.skipped(), "; "));
  }
  LogInfo(line);
}

}  // namespace

absl::StatusOr<std::unique_ptr<JwtVerifier>> JwtVerifier::Create(JwtOptions options) {
  if (options.issuer.empty()) {
    return InvalidFieldError("--jwt_issuer",
                             "is empty: set it to the identity provider's issuer, exactly as "
                             "the \"iss\" of its tokens says it",
                             "JWT_ISSUER_MISSING");
  }
  if (options.audience.empty()) {
    return InvalidFieldError("--jwt_audience",
                             "is empty: set it to the audience (\"aud\") the identity provider "
                             "issues tokens for jisrd with",
                             "JWT_AUDIENCE_MISSING");
  }
  JISR_ASSIGN_OR_RETURN(std::shared_ptr<const KeySet> keys, KeySet::Load(options.jwks_path));
  LogKeys(options.jwks_path, *keys);
  if (!options.clock) options.clock = [] { return absl::Now(); };
  return std::unique_ptr<JwtVerifier>(new JwtVerifier(std::move(options), std::move(keys)));
}

JwtVerifier::JwtVerifier(JwtOptions options, std::shared_ptr<const KeySet> keys)
    : options_(std::move(options)), keys_(std::move(keys)) {}

JwtVerifier::~JwtVerifier() = default;

std::shared_ptr<const KeySet> JwtVerifier::CurrentKeys() const {
  absl::ReaderMutexLock lock(&mu_);
  return keys_;
}

absl::StatusOr<Identity> JwtVerifier::Verify(absl::string_view token) const {
  if (token.size() > options_.max_token_bytes) {
    return TokenError(kTokenTooLarge,
                      absl::StrCat("the bearer token is over ", options_.max_token_bytes,
                                   " bytes: use a token with fewer claims"));
  }
  JISR_ASSIGN_OR_RETURN(CompactJws jws, ParseCompactJws(token));
  // The key set stays alive for this call even if a reload replaces it meanwhile.
  std::shared_ptr<const KeySet> keys = CurrentKeys();
  JISR_ASSIGN_OR_RETURN(const VerificationKey* key, SelectKey(*keys, jws));
  JISR_ASSIGN_OR_RETURN(std::string payload, VerifySignature(token, jws, *key));
  JsonPtr claims = ParseJsonObject(payload);
  if (claims == nullptr) {
    return TokenError(kTokenMalformed,
                      "the bearer token's claims are not a JSON object: ask the identity "
                      "provider for standard JWTs");
  }
  return IdentityFromClaims(claims.get(), ClaimRules{options_.issuer, options_.audience,
                                                     options_.clock_skew, options_.clock()});
}

absl::Status JwtVerifier::ReloadKeys() {
  absl::MutexLock reload_lock(&reload_mu_);
  JISR_ASSIGN_OR_RETURN(std::shared_ptr<const KeySet> keys, KeySet::Load(options_.jwks_path));
  LogKeys(options_.jwks_path, *keys);
  {
    absl::MutexLock lock(&mu_);
    keys_.swap(keys);
  }
  // `keys` now holds the old set: released here, outside the lock.
  return absl::OkStatus();
}

}  // namespace jisr::identity
