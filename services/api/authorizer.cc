#include "services/api/authorizer.h"

#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "jisr/v1/access_policy.pb.h"
#include "services/common/errors.h"

namespace jisr::api {
namespace {

constexpr absl::string_view kBearerPrefix = "Bearer ";

// The first value of an auth context property, or "".
std::string FirstProperty(const grpc::AuthContext& auth, const char* name) {
  std::vector<grpc::string_ref> values = auth.FindPropertyValues(name);
  return values.empty() ? std::string() : std::string(values.front().data(), values.front().size());
}

absl::Status MalformedAuthorization() {
  return ReasonedError(absl::StatusCode::kUnauthenticated, "TOKEN_MALFORMED",
                       "the authorization metadata is not \"Bearer <token>\": send one token "
                       "with the Bearer scheme");
}

}  // namespace

identity::Identity CertificateIdentity(const grpc::AuthContext& auth) {
  identity::Identity out;
  if (!auth.IsPeerAuthenticated()) return out;
  for (const char* property : {GRPC_PEER_SPIFFE_ID_PROPERTY_NAME, GRPC_PEER_URI_PROPERTY_NAME,
                               GRPC_PEER_DNS_PROPERTY_NAME, GRPC_X509_CN_PROPERTY_NAME}) {
    out.principal = FirstProperty(auth, property);
    if (!out.principal.empty()) break;
  }
  if (!out.principal.empty()) out.source = identity::IdentitySource::kCertificate;
  return out;
}

absl::StatusOr<identity::Identity> Authorizer::VerifyToken(absl::string_view token) {
  if (verifier_ == nullptr) {
    return ReasonedError(absl::StatusCode::kUnauthenticated, "TOKENS_NOT_ACCEPTED",
                         "this server accepts no bearer tokens (it has no --jwks_file): "
                         "authenticate with a client certificate instead");
  }
  const absl::Time now = absl::Now();
  {
    absl::MutexLock lock(&mu_);
    auto it = tokens_.find(token);
    if (it != tokens_.end() && it->second.until > now) return it->second.identity;
  }
  absl::StatusOr<identity::Identity> verified = verifier_->Verify(token);
  if (!verified.ok()) return verified.status();
  absl::MutexLock lock(&mu_);
  // A full cache starts again: simpler than an LRU, and a renderer's token comes right back.
  if (tokens_.size() >= options_.token_cache_entries) tokens_.clear();
  tokens_[token] = RememberedToken{*verified, now + options_.token_cache_ttl};
  return verified;
}

void Authorizer::ForgetTokens() {
  absl::MutexLock lock(&mu_);
  tokens_.clear();
}

absl::StatusOr<identity::Identity> Authorizer::Identify(
    const grpc::CallbackServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto [first, last] = metadata.equal_range("authorization");
  if (first != last) {
    if (std::next(first) != last) return MalformedAuthorization();
    const absl::string_view value(first->second.data(), first->second.size());
    if (!absl::StartsWith(value, kBearerPrefix)) return MalformedAuthorization();
    return VerifyToken(value.substr(kBearerPrefix.size()));
  }
  std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth != nullptr) return CertificateIdentity(*auth);
  return identity::Identity();
}

absl::StatusOr<articles::CallContext> Authorizer::Authenticate(
    const grpc::CallbackServerContext& context) {
  absl::StatusOr<identity::Identity> who = Identify(context);
  if (!who.ok()) return who.status();
  articles::CallContext call;
  // Without a policy file nobody has a grant: only anonymous reading is left.
  static const jisr::v1::AccessPolicy* const kNoGrants = new jisr::v1::AccessPolicy();
  std::shared_ptr<const jisr::v1::AccessPolicy> policy =
      policies_ != nullptr ? policies_->Current() : nullptr;
  call.caller = access::ResolveCaller(policy != nullptr ? *policy : *kNoGrants, *who,
                                      options_.anonymous_is_reader);
  return call;
}

absl::Status Authorizer::Authorize(const articles::CallContext& call, access::Permission permission,
                                   absl::string_view method) {
  if (call.caller.Has(permission)) return absl::OkStatus();
  if (call.caller.anonymous) {
    return ReasonedError(absl::StatusCode::kUnauthenticated, "CREDENTIALS_REQUIRED",
                         absl::StrCat(method, " needs ", access::PermissionName(permission),
                                      ": send credentials (a client certificate, or a bearer "
                                      "token with jisrctl --token-file)"),
                         {{"permission", std::string(access::PermissionName(permission))},
                          {"method", std::string(method)}});
  }
  return access::PermissionDeniedError(call.caller, permission, method);
}

}  // namespace jisr::api
