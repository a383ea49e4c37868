// Everything jisrd needs to know who calls and what they may do, built once from its options:
// the token verifier (JWKS), the access policy, the authorizer, and the audit trail; and the
// reload that SIGHUP asks for.
#ifndef JISR_SERVICES_API_ACCESS_CONTROL_H_
#define JISR_SERVICES_API_ACCESS_CONTROL_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/access/access_policy.h"
#include "services/access/policy_store.h"
#include "services/api/audit_log.h"
#include "services/api/authorizer.h"
#include "services/config/newsroom_config.h"
#include "services/identity/jwt_verifier.h"

namespace jisr::api {

struct AccessOptions {
  // The access policy (protobuf text format of jisr.v1.AccessPolicy). Empty: no grants, so only
  // anonymous reading is possible (and only where anonymous callers are readers).
  std::string policy_path;
  // Bearer tokens: the JWKS file with the issuer's public keys, the issuer and the audience
  // tokens must name. Empty jwks_path: no tokens accepted.
  std::string jwks_path;
  std::string jwt_issuer;
  std::string jwt_audience;
  absl::Duration jwt_clock_skew = absl::Seconds(60);
  // Callers with no credentials: "reader", "refuse", or "auto" (readers on a loopback listener,
  // refused anywhere else).
  std::string anonymous = "auto";
  AuditOptions audit;
};

class AccessControl {
 public:
  // INVALID_ARGUMENT naming the flag when an option is out of range or a file is unusable.
  // `loopback` says whether the server listens on loopback only (for anonymous = "auto").
  static absl::StatusOr<std::unique_ptr<AccessControl>> Create(const AccessOptions& options,
                                                               const config::NewsroomConfig& config,
                                                               bool loopback);

  Authorizer* authorizer() { return authorizer_.get(); }
  // Null when no audit trail was asked for.
  AuditLog* audit() { return audit_.get(); }
  bool anonymous_is_reader() const { return anonymous_is_reader_; }

  // Re-reads the policy and the JWKS: each that parses replaces the old one; each that does not
  // leaves the old one in force. Returns a line for the log saying what happened to each.
  std::string Reload();

 private:
  AccessControl() = default;

  bool anonymous_is_reader_ = false;
  std::unique_ptr<identity::JwtVerifier> verifier_;
  std::unique_ptr<access::PolicyStore> policies_;
  std::unique_ptr<Authorizer> authorizer_;
  std::unique_ptr<AuditLog> audit_;
};

// Whether a listen address ("127.0.0.1:50051", "[::1]:0", "localhost:80") is loopback only.
bool IsLoopbackAddress(absl::string_view listen_address);

}  // namespace jisr::api

#endif  // JISR_SERVICES_API_ACCESS_CONTROL_H_
