// Who is calling, and may they: the transport's half of access control. The caller is taken
// from verified credentials only: a bearer token (verified against the JWKS) when the call sends
// one, else the client certificate of a mutual-TLS connection, else nobody. The access policy
// turns that identity into roles; each method needs one permission (rpc_table.h); the domain
// checks what depends on stored data (a desk's languages, readers' views) in its transactions.
#ifndef JISR_SERVICES_API_AUTHORIZER_H_
#define JISR_SERVICES_API_AUTHORIZER_H_

#include <grpcpp/grpcpp.h>

#include <cstddef>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/access/access_policy.h"
#include "services/access/caller.h"
#include "services/access/policy_store.h"
#include "services/articles/call_context.h"
#include "services/identity/identity.h"
#include "services/identity/jwt_verifier.h"

namespace jisr::api {

struct AuthorizerOptions {
  // Callers with no credentials: readers, or refused (UNAUTHENTICATED).
  bool anonymous_is_reader = false;
  // Verified tokens remembered, so a renderer's repeated token is not verified on every call.
  size_t token_cache_entries = 10000;
  // How long a verified token is remembered (never past its expiry).
  absl::Duration token_cache_ttl = absl::Minutes(5);
};

class Authorizer {
 public:
  // `verifier` may be null (no bearer tokens accepted), and `policies` (no grants); both must
  // outlive this.
  Authorizer(AuthorizerOptions options, const identity::JwtVerifier* verifier,
             access::PolicyStore* policies)
      : options_(options), verifier_(verifier), policies_(policies) {}

  // The caller of a call. UNAUTHENTICATED (with an ErrorInfo reason) when credentials are sent
  // but invalid: a bad token is never treated as no token.
  absl::StatusOr<articles::CallContext> Authenticate(const grpc::CallbackServerContext& context);
  // OK when the caller holds `permission`; otherwise PERMISSION_DENIED naming it and `method`,
  // or UNAUTHENTICATED (CREDENTIALS_REQUIRED) when the caller is anonymous, so a client knows
  // that credentials, not a role, are what it lacks.
  static absl::Status Authorize(const articles::CallContext& call, access::Permission permission,
                                absl::string_view method);

  // Forgets verified tokens: after the JWKS is reloaded, a removed key must stop working at once.
  void ForgetTokens();

 private:
  absl::StatusOr<identity::Identity> Identify(const grpc::CallbackServerContext& context);
  absl::StatusOr<identity::Identity> VerifyToken(absl::string_view token);

  struct RememberedToken {
    identity::Identity identity;
    absl::Time until;
  };

  const AuthorizerOptions options_;
  const identity::JwtVerifier* const verifier_;
  access::PolicyStore* const policies_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, RememberedToken> tokens_ ABSL_GUARDED_BY(mu_);
};

// The identity a mutual-TLS client certificate gives, if the connection has a verified one: a
// SPIFFE ID (URI SAN) first, else a URI SAN, else a DNS SAN, else the subject's common name.
identity::Identity CertificateIdentity(const grpc::AuthContext& auth);

}  // namespace jisr::api

#endif  // JISR_SERVICES_API_AUTHORIZER_H_
