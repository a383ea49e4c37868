// What a verified caller may do: its roles, the languages its desk covers, and the permission
// each method needs. Plain data, decided by the access policy (access_policy.h) from an
// identity; the domain checks it inside its transactions where the stored language decides.
#ifndef JISR_SERVICES_ACCESS_CALLER_H_
#define JISR_SERVICES_ACCESS_CALLER_H_

#include <string>

#include "absl/container/btree_set.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace jisr::access {

// The newsroom's roles, from least to most.
enum class Role {
  kReader,  // published views only: renderers, feeds, search indexers
  kDesk,    // the variants of its languages: write, publish, link, correct, schedule; drafts
  kEditor,  // every language, and stories
  kAdmin,   // delete, undelete, force, and operators' methods
};

// What a method needs. A desk's kWriteVariants holds only for its languages.
enum class Permission {
  kReadPublished,  // published views, languages, the TextService
  kReadDrafts,     // latest views, revisions, diffs, stale lists, schedules, stories, full Watch
  kWriteVariants,  // create, edit, publish, unpublish, link, correct, schedule a variant
  kWriteStories,   // create and update stories
  kAdminister,     // delete and undelete; force; backdating
};

// The stable name of a permission, for errors and the audit log ("variants.write").
absl::string_view PermissionName(Permission permission);
absl::string_view RoleName(Role role);

struct Caller {
  // The verified principal ("" when anonymous) and the name to show for it.
  std::string principal;
  std::string display_name;
  bool anonymous = true;
  absl::btree_set<Role> roles;
  // The languages a kDesk role covers.
  absl::btree_set<std::string> desk_languages;

  // Whether the caller holds `permission` for some language (kWriteVariants for a desk).
  bool Has(Permission permission) const;
  // Whether the caller may change variants in `language`.
  bool MayWriteLanguage(absl::string_view language) const;
  // Whether the caller sees drafts, history and authors (anything beyond what readers see).
  bool SeesDrafts() const { return Has(Permission::kReadDrafts); }
};

// PERMISSION_DENIED for `caller` lacking `permission` on `resource` (a resource name, or a
// method), with ErrorInfo reason `reason` and metadata naming the permission and the resource.
// Says what is missing, never anything about the resource beyond its name.
absl::Status PermissionDeniedError(const Caller& caller, Permission permission,
                                   absl::string_view resource,
                                   absl::string_view reason = "PERMISSION_DENIED");

}  // namespace jisr::access

#endif  // JISR_SERVICES_ACCESS_CALLER_H_
