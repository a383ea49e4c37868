#include "services/api/access_control.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "services/access/policy_store.h"
#include "services/common/errors.h"

namespace jisr::api {
namespace {

absl::StatusOr<bool> AnonymousIsReader(absl::string_view mode, bool loopback) {
  if (mode == "reader") return true;
  if (mode == "refuse") return false;
  if (mode == "auto") return loopback;
  return InvalidFieldError("--anonymous", "reader, refuse or auto");
}

absl::StatusOr<std::unique_ptr<identity::JwtVerifier>> MakeVerifier(const AccessOptions& o) {
  if (o.jwks_path.empty()) {
    if (!o.jwt_issuer.empty() || !o.jwt_audience.empty()) {
      return InvalidFieldError("--jwks_file",
                               "required with --jwt_issuer and --jwt_audience: the keys tokens "
                               "are checked against");
    }
    return std::unique_ptr<identity::JwtVerifier>();
  }
  identity::JwtOptions options;
  options.jwks_path = o.jwks_path;
  options.issuer = o.jwt_issuer;
  options.audience = o.jwt_audience;
  options.clock_skew = o.jwt_clock_skew;
  options.clock = [] { return absl::Now(); };
  return identity::JwtVerifier::Create(std::move(options));
}

}  // namespace

bool IsLoopbackAddress(absl::string_view listen_address) {
  const size_t colon = listen_address.rfind(':');
  absl::string_view host =
      colon == absl::string_view::npos ? listen_address : listen_address.substr(0, colon);
  host = absl::StripPrefix(absl::StripSuffix(host, "]"), "[");
  return host == "localhost" || host == "::1" || absl::StartsWith(host, "127.");
}

absl::StatusOr<std::unique_ptr<AccessControl>> AccessControl::Create(
    const AccessOptions& options, const config::NewsroomConfig& config, bool loopback) {
  std::unique_ptr<AccessControl> out(new AccessControl());
  absl::StatusOr<bool> anonymous_is_reader = AnonymousIsReader(options.anonymous, loopback);
  if (!anonymous_is_reader.ok()) return anonymous_is_reader.status();
  out->anonymous_is_reader_ = *anonymous_is_reader;
  absl::StatusOr<std::unique_ptr<identity::JwtVerifier>> verifier = MakeVerifier(options);
  if (!verifier.ok()) return verifier.status();
  out->verifier_ = *std::move(verifier);
  if (!options.policy_path.empty()) {
    absl::StatusOr<std::unique_ptr<access::PolicyStore>> policies =
        access::PolicyStore::Create(options.policy_path, config);
    if (!policies.ok()) return policies.status();
    out->policies_ = *std::move(policies);
  }
  AuthorizerOptions authorizer;
  authorizer.anonymous_is_reader = out->anonymous_is_reader_;
  out->authorizer_ =
      std::make_unique<Authorizer>(authorizer, out->verifier_.get(), out->policies_.get());
  if (!options.audit.path.empty()) {
    absl::StatusOr<std::unique_ptr<AuditLog>> audit = AuditLog::Open(options.audit);
    if (!audit.ok()) return audit.status();
    out->audit_ = *std::move(audit);
  }
  return out;
}

std::string AccessControl::Reload() {
  std::string policy = "no access policy (--policy_file) to reload";
  if (policies_ != nullptr) {
    const absl::Status reloaded = policies_->Reload();
    policy = reloaded.ok() ? absl::StrCat("access policy reloaded from ", policies_->path())
                           : std::string(reloaded.message());
  }
  std::string keys = "no JWKS (--jwks_file) to reload";
  if (verifier_ != nullptr) {
    const absl::Status reloaded = verifier_->ReloadKeys();
    keys = reloaded.ok() ? "token keys reloaded" : std::string(reloaded.message());
    // A key removed from the JWKS must stop working now, not when its tokens leave the cache.
    if (reloaded.ok()) authorizer_->ForgetTokens();
  }
  return absl::StrCat(policy, "; ", keys);
}

}  // namespace jisr::api
