// The keys tokens are verified with, read from a JWKS document (RFC 7517) on disk: RSA and EC
// keys imported by cjose, Ed25519 keys (which cjose 0.6.2 cannot import) by OpenSSL. A key set
// never changes once read; a reload builds a new one.
#ifndef JISR_SERVICES_IDENTITY_JWKS_H_
#define JISR_SERVICES_IDENTITY_JWKS_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/identity/jose_util.h"
#include "services/identity/jws_algorithm.h"

namespace jisr::identity {

// One JWK that may verify signatures.
struct VerificationKey {
  std::string kid;  // "" when the JWK has none
  std::string alg;  // the JWK's "alg", "" when it declares none; when set, tokens must match it
  KeyType type = KeyType::kRsa;
  size_t rsa_modulus_bytes = 0;  // RSA only: the exact length of its signatures
  CjoseJwkPtr jwk;               // RSA and EC keys, verified by cjose
  EvpPkeyPtr ed25519;            // Ed25519 keys, verified by OpenSSL
};

class KeySet {
 public:
  // Reads and parses the JWKS file at `path`. INVALID_ARGUMENT naming --jwks_file when it
  // cannot be read, is not a JWKS, has two usable keys with one kid, or has no usable key.
  static absl::StatusOr<std::shared_ptr<const KeySet>> Load(const std::string& path);

  // Parses JWKS text; `source` names it in errors.
  static absl::StatusOr<std::shared_ptr<const KeySet>> Parse(absl::string_view json,
                                                             absl::string_view source);

  // The key a token's header names: the one with `kid`, or, for a token that names none, the
  // only key of the set. Null when there is no such key.
  const VerificationKey* Find(std::optional<absl::string_view> kid) const;

  size_t size() const { return keys_.size(); }
  // The kids of the usable keys, for the log.
  std::vector<std::string> Kids() const;
  // Why each JWK that was left out was left out ("key 2 (kid "x"): kty oct ..."), for the log.
  const std::vector<std::string>& skipped() const { return skipped_; }

 private:
  std::vector<VerificationKey> keys_;
  std::vector<std::string> skipped_;
};

}  // namespace jisr::identity

#endif  // JISR_SERVICES_IDENTITY_JWKS_H_
