#include "services/access/caller.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"

namespace jisr::access {
namespace {

// The permissions each role holds (a desk's writes are limited to its languages elsewhere).
bool RoleHolds(Role role, Permission permission) {
  switch (role) {
    case Role::kReader:
      return permission == Permission::kReadPublished;
    case Role::kDesk:
      return permission == Permission::kReadPublished || permission == Permission::kReadDrafts ||
             permission == Permission::kWriteVariants;
    case Role::kEditor:
      return permission != Permission::kAdminister;
    case Role::kAdmin:
      return true;
  }
  return false;
}

}  // namespace

absl::string_view PermissionName(Permission permission) {
  switch (permission) {
    case Permission::kReadPublished:
      return "content.read_published";
    case Permission::kReadDrafts:
      return "content.read_drafts";
    case Permission::kWriteVariants:
      return "variants.write";
    case Permission::kWriteStories:
      return "stories.write";
    case Permission::kAdminister:
      return "newsroom.administer";
  }
  return "unknown";
}

absl::string_view RoleName(Role role) {
  switch (role) {
    case Role::kReader:
      return "reader";
    case Role::kDesk:
      return "desk";
    case Role::kEditor:
      return "editor";
    case Role::kAdmin:
      return "admin";
  }
  return "unknown";
}

bool Caller::Has(Permission permission) const {
  for (Role role : roles) {
    if (RoleHolds(role, permission)) return true;
  }
  return false;
}

bool Caller::MayWriteLanguage(absl::string_view language) const {
  if (roles.contains(Role::kEditor) || roles.contains(Role::kAdmin)) return true;
  return roles.contains(Role::kDesk) && desk_languages.contains(language);
}

absl::Status PermissionDeniedError(const Caller& caller, Permission permission,
                                   absl::string_view resource, absl::string_view reason) {
  const std::string who = caller.anonymous ? "an anonymous caller" : caller.principal;
  return ReasonedError(
      absl::StatusCode::kPermissionDenied, reason,
      absl::StrCat(who, " lacks ", PermissionName(permission), " for ", resource,
                   ": ask the newsroom's administrators for a role that grants it"),
      {{"permission", std::string(PermissionName(permission))},
       {"resource", std::string(resource)}});
}

}  // namespace jisr::access
