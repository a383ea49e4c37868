// Verifies bearer tokens (JWT, compact JWS) against the identity provider's keys (a JWKS file),
// so a caller behind a gateway or an identity provider reaches jisrd as a verified principal.
// Accepts RS256/384/512, PS256/384/512, ES256/384/512 and EdDSA (Ed25519); never "none" or
// HMAC. Every rejection is UNAUTHENTICATED with an ErrorInfo reason from token_errors.h.
#ifndef JISR_SERVICES_IDENTITY_JWT_VERIFIER_H_
#define JISR_SERVICES_IDENTITY_JWT_VERIFIER_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/identity/identity.h"

namespace jisr::identity {

class KeySet;  // jwks.h

struct JwtOptions {
  std::string jwks_path;  // --jwks_file: the identity provider's public keys, a JWKS
  std::string issuer;     // --jwt_issuer: the exact "iss" of its tokens
  std::string audience;   // --jwt_audience: the "aud" its tokens for jisrd carry
  // How far the clocks of the identity provider and this server may disagree, for "exp" and
  // "nbf".
  absl::Duration clock_skew = absl::Seconds(60);
  // The time tokens are checked at; absl::Now when empty. Called from many threads at once.
  std::function<absl::Time()> clock;
  // Longer tokens are rejected before any parsing.
  size_t max_token_bytes = 8192;
};

class JwtVerifier {
 public:
  // Reads the JWKS. INVALID_ARGUMENT naming --jwks_file, --jwt_issuer or --jwt_audience (in
  // the message and a BadRequest field violation) when the JWKS cannot be read or parsed or
  // has no usable key, or the issuer or audience is empty.
  static absl::StatusOr<std::unique_ptr<JwtVerifier>> Create(JwtOptions options);

  JwtVerifier(const JwtVerifier&) = delete;
  JwtVerifier& operator=(const JwtVerifier&) = delete;
  ~JwtVerifier();

  // The identity `token` proves (source kToken, principal its "sub"), or UNAUTHENTICATED with
  // one of the reasons of token_errors.h. Safe to call from any number of threads, also while
  // ReloadKeys runs.
  absl::StatusOr<Identity> Verify(absl::string_view token) const;

  // Re-reads the JWKS file (on SIGHUP, after the identity provider rotated its keys). On
  // failure keeps the keys it had and returns why, as Create would.
  absl::Status ReloadKeys();

 private:
  JwtVerifier(JwtOptions options, std::shared_ptr<const KeySet> keys);

  std::shared_ptr<const KeySet> CurrentKeys() const;

  const JwtOptions options_;
  // Held across a whole reload, so two reloads cannot install their key sets out of order.
  absl::Mutex reload_mu_;
  // Verify copies the pointer and verifies without the lock; a reload swaps it, and the old
  // set lives on until the last verification using it ends.
  mutable absl::Mutex mu_;
  std::shared_ptr<const KeySet> keys_ ABSL_GUARDED_BY(mu_);
};

}  // namespace jisr::identity

#endif  // JISR_SERVICES_IDENTITY_JWT_VERIFIER_H_
