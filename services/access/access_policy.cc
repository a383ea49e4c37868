#include "services/access/access_policy.h"

#include <cerrno>
#include <cstdio>
#include <optional>
#include <system_error>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "services/access/policy_check.h"
#include "services/access/policy_syntax.h"
#include "services/common/errors.h"

namespace jisr::access {
namespace {

namespace v1 = ::jisr::v1;

// `status` with `prefix` before its message, and the same code and details.
absl::Status Prefixed(const absl::Status& status, absl::string_view prefix) {
  absl::Status out(status.code(), absl::StrCat(prefix, status.message()));
  status.ForEachPayload([&out](absl::string_view type_url, const absl::Cord& payload) {
    out.SetPayload(type_url, payload);
  });
  return out;
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  auto cannot_read = [&path](int error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read the access policy ", path, ": ",
                     std::error_code(error, std::generic_category()).message(),
                     ": check the path and that jisrd may read it"));
  };
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return cannot_read(errno);
  std::string contents;
  char buffer[16384];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), file)) > 0) contents.append(buffer, n);
  const bool failed = std::ferror(file) != 0;
  const int error = errno;
  std::fclose(file);
  if (failed) return cannot_read(error);
  return contents;
}

std::optional<Role> RoleOf(int role) {
  switch (role) {
    case v1::ACCESS_ROLE_READER:
      return Role::kReader;
    case v1::ACCESS_ROLE_DESK:
      return Role::kDesk;
    case v1::ACCESS_ROLE_EDITOR:
      return Role::kEditor;
    case v1::ACCESS_ROLE_ADMIN:
      return Role::kAdmin;
    default:
      return std::nullopt;
  }
}

bool Matches(const v1::AccessGrant& grant, const identity::Identity& identity) {
  switch (grant.matcher_case()) {
    case v1::AccessGrant::kPrincipal:
      return !grant.principal().empty() && grant.principal() == identity.principal;
    case v1::AccessGrant::kClaim:
      for (const auto& [claim, value] : identity.claims) {
        if (claim == grant.claim().claim() && value == grant.claim().value()) return true;
      }
      return false;
    case v1::AccessGrant::MATCHER_NOT_SET:
      break;
  }
  return false;
}

// Adds what `grant` gives to `caller`. Languages come only with a desk role (the checks refuse
// them elsewhere; this keeps an unchecked policy from widening a desk all the same).
void Apply(const v1::AccessGrant& grant, Caller& caller) {
  bool desk = false;
  for (int role : grant.roles()) {
    std::optional<Role> r = RoleOf(role);
    if (!r.has_value()) continue;
    caller.roles.insert(*r);
    desk = desk || *r == Role::kDesk;
  }
  if (desk) caller.desk_languages.insert(grant.languages().begin(), grant.languages().end());
}

}  // namespace

absl::StatusOr<v1::AccessPolicy> ParseAccessPolicy(absl::string_view text,
                                                   const config::NewsroomConfig& config) {
  v1::AccessPolicy policy;
  absl::Status parsed = internal::ParsePolicyText(text, policy);
  if (!parsed.ok()) return parsed;
  absl::Status checked = internal::CheckAccessPolicy(policy, config);
  if (!checked.ok()) return Prefixed(checked, "the access policy does not check: ");
  return policy;
}

absl::StatusOr<v1::AccessPolicy> LoadAccessPolicy(const std::string& path,
                                                  const config::NewsroomConfig& config) {
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  absl::StatusOr<v1::AccessPolicy> policy = ParseAccessPolicy(*text, config);
  if (!policy.ok()) return Prefixed(policy.status(), absl::StrCat(path, ": "));
  return policy;
}

// Why a verified caller that no grant names gets no role, not even reader, although an anonymous
// caller may read: a certificate from the newsroom's CA or a token from its identity provider
// proves who the caller is, not what it may do, and the policy is where that is decided. A client
// the policy forgot is a mistake to surface (PERMISSION_DENIED naming its principal tells the
// operator which grant to add), not to paper over with a role nobody chose for it. So the policy
// names every client, renderers included; one that only wants published content can also call
// without credentials where anonymous readers are allowed.
Caller ResolveCaller(const v1::AccessPolicy& policy, const identity::Identity& identity,
                     bool anonymous_is_reader) {
  Caller caller;
  if (identity.anonymous()) {
    // The policy names verified callers only: nothing in it applies to an anonymous one.
    caller.anonymous = true;
    if (anonymous_is_reader) caller.roles.insert(Role::kReader);
    return caller;
  }
  caller.anonymous = false;
  caller.principal = identity.principal;
  caller.display_name = identity.display_name;
  for (const v1::AccessGrant& grant : policy.grants()) {
    if (!Matches(grant, identity)) continue;
    Apply(grant, caller);
    if (caller.display_name.empty()) caller.display_name = grant.display_name();
  }
  if (caller.display_name.empty()) caller.display_name = caller.principal;
  return caller;
}

}  // namespace jisr::access
