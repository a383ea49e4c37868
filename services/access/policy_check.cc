#include "services/access/policy_check.h"

#include <unicode/utf8.h>

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "services/common/errors.h"
#include "services/common/utf8.h"
#include "services/text/bidi_controls.h"
#include "services/text/normalize.h"

namespace jisr::access::internal {
namespace {

namespace v1 = ::jisr::v1;

// Principals, claims, languages and display names: room for any SPIFFE ID, DNS name or group, and
// the bound the token verifier puts on a token's subject and name, so a name logged or shown
// stays short.
constexpr size_t kMaxBytes = 200;

constexpr char kRoleList[] =
    "ACCESS_ROLE_READER, ACCESS_ROLE_DESK, ACCESS_ROLE_EDITOR or ACCESS_ROLE_ADMIN";

// Controls (C0, DEL, C1) and line breaks: no verified principal or group holds one.
bool IsLineControl(UChar32 c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029;
}

// Explicit bidi controls can make the file show other text than it holds (Trojan Source).
bool IsBidiControl(UChar32 c) { return text::internal::IsExplicitBidiControl(c); }

// The byte offset of the first code point of well-formed UTF-8 `text` for which `match` holds,
// with that code point in `found`; -1 when there is none.
int32_t FindCodePoint(absl::string_view text, bool (*match)(UChar32), UChar32& found) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    const int32_t at = i;
    U8_NEXT(bytes, i, length, found);
    if (match(found)) return at;
  }
  return -1;
}

std::string BidiControlProblem(absl::string_view text) {
  UChar32 c = 0;
  const int32_t at = FindCodePoint(text, IsBidiControl, c);
  if (at < 0) return "";
  return absl::StrFormat(
      "contains the bidi control U+%04X at byte offset %d, which can make the file show other "
      "text than it holds: remove it",
      c, at);
}

// What keeps well-formed UTF-8 `text` from being one line an operator can review, or "".
std::string OneLineProblem(absl::string_view text) {
  UChar32 c = 0;
  if (const int32_t at = FindCodePoint(text, IsLineControl, c); at >= 0) {
    return absl::StrFormat(
        "contains the control character or line break U+%04X at byte offset %d: write it on one "
        "line",
        c, at);
  }
  return BidiControlProblem(text);
}

// Checks a value matched byte for byte against what a caller presents (a principal, a claim's
// name or value) or looked up exactly (a language): one line of UTF-8, at most kMaxBytes.
std::string ExactValueProblem(absl::string_view value) {
  if (value.empty()) return "required: must not be empty";
  if (value.size() > kMaxBytes) {
    return absl::StrCat("too long: ", value.size(), " bytes, at most ", kMaxBytes);
  }
  if (int64_t at = FindInvalidUtf8(value); at >= 0) {
    return absl::StrCat("ill-formed UTF-8 at byte offset ", at, ": save the file as UTF-8");
  }
  if (std::string problem = OneLineProblem(value); !problem.empty()) return problem;
  // Matching is exact, so a stray space would make the grant match nobody, silently.
  if (absl::ascii_isspace(value.front()) || absl::ascii_isspace(value.back())) {
    return "has leading or trailing spaces, so it would match nobody: remove them";
  }
  return "";
}

void CheckExactValue(const std::string& path, absl::string_view value,
                     FieldViolations& violations) {
  std::string problem = ExactValueProblem(value);
  if (!problem.empty()) violations.Add(path, std::move(problem));
}

void CheckMatcher(const std::string& path, const v1::AccessGrant& grant,
                  FieldViolations& violations) {
  switch (grant.matcher_case()) {
    case v1::AccessGrant::kPrincipal:
      CheckExactValue(FieldPath(path, "principal"), grant.principal(), violations);
      return;
    case v1::AccessGrant::kClaim:
      CheckExactValue(FieldPath(path, "claim.claim"), grant.claim().claim(), violations);
      CheckExactValue(FieldPath(path, "claim.value"), grant.claim().value(), violations);
      return;
    case v1::AccessGrant::MATCHER_NOT_SET:
      break;
  }
  violations.Add(path,
                 "matches nobody: give exactly one of principal (a certificate's SPIFFE ID, DNS "
                 "name or CN, or a token's subject) or claim { claim: \"groups\" value: \"...\" }");
}

void CheckRoles(const std::string& path, const v1::AccessGrant& grant,
                FieldViolations& violations) {
  if (grant.roles_size() == 0) {
    violations.Add(FieldPath(path, "roles"), absl::StrCat("required: at least one of ", kRoleList));
  }
  for (int i = 0; i < grant.roles_size(); ++i) {
    const int role = grant.roles(i);
    if (role == v1::ACCESS_ROLE_UNSPECIFIED || !v1::AccessRole_IsValid(role)) {
      violations.Add(absl::StrCat(path, ".roles[", i, "]"),
                     absl::StrCat("not a role (", role, "): use ", kRoleList));
    }
  }
}

bool HasRole(const v1::AccessGrant& grant, v1::AccessRole role) {
  for (int r : grant.roles()) {
    if (r == role) return true;
  }
  return false;
}

std::string ConfiguredLanguages(const config::NewsroomConfig& config) {
  return absl::StrJoin(config.languages, ", ", [](std::string* out, const v1::Language& language) {
    out->append(language.code());
  });
}

void CheckLanguages(const std::string& path, const v1::AccessGrant& grant,
                    const config::NewsroomConfig& config, FieldViolations& violations) {
  const std::string field = FieldPath(path, "languages");
  if (!HasRole(grant, v1::ACCESS_ROLE_DESK)) {
    // Refused rather than ignored: on an editor's grant they would read as a limit that is not
    // one.
    if (grant.languages_size() > 0) {
      violations.Add(field,
                     "only a desk has languages (editors and admins write every language, readers "
                     "none): remove them, or add ACCESS_ROLE_DESK");
    }
    return;
  }
  if (grant.languages_size() == 0) {
    violations.Add(field, absl::StrCat("required with ACCESS_ROLE_DESK: the languages the desk "
                                       "writes, from the newsroom's (",
                                       ConfiguredLanguages(config), ")"));
  }
  for (int i = 0; i < grant.languages_size(); ++i) {
    const std::string& language = grant.languages(i);
    const std::string element = absl::StrCat(field, "[", i, "]");
    if (std::string problem = ExactValueProblem(language); !problem.empty()) {
      violations.Add(element, std::move(problem));
    } else if (config.FindLanguage(language) == nullptr) {
      violations.Add(element, absl::StrCat("\"", language,
                                           "\" is not one of the newsroom's "
                                           "languages (",
                                           ConfiguredLanguages(config),
                                           "): use one of those, or configure it (--languages)"));
    }
  }
}

// The checks article text passes (services/articles ValidateText: the text pipeline's
// normalization, trimmed, bounded), and no bidi control at all: a name is shown inside editors'
// screens, where a control could reorder what surrounds it.
void CheckDisplayName(const std::string& path, std::string& name, FieldViolations& violations) {
  if (name.empty()) return;
  text::NormalizeOptions options;
  options.allow_newlines = false;
  absl::StatusOr<text::NormalizedText> normalized = text::NormalizeForStorage(name, options);
  if (!normalized.ok()) {
    violations.Add(path, absl::StrCat(normalized.status().message(), ": save the file as UTF-8"));
    return;
  }
  if (std::string problem = BidiControlProblem(name); !problem.empty()) {
    violations.Add(path, std::move(problem));
    return;
  }
  std::string trimmed(absl::StripAsciiWhitespace(normalized->text));
  if (trimmed.empty()) {
    violations.Add(path, "blank: give a name, or remove display_name");
  } else if (trimmed.size() > kMaxBytes) {
    violations.Add(path, absl::StrCat("too long: ", trimmed.size(), " bytes, at most ", kMaxBytes));
  } else {
    name = std::move(trimmed);
  }
}

}  // namespace

absl::Status CheckAccessPolicy(v1::AccessPolicy& policy, const config::NewsroomConfig& config) {
  FieldViolations violations;
  if (policy.grants_size() == 0) {
    // An empty file is far more often a truncated write than a wish to lock everyone out.
    violations.Add("grants",
                   "required: at least one grant; a policy that grants nothing would refuse "
                   "every verified caller");
  }
  for (int i = 0; i < policy.grants_size(); ++i) {
    v1::AccessGrant& grant = *policy.mutable_grants(i);
    const std::string path = absl::StrCat("grants[", i, "]");
    CheckMatcher(path, grant, violations);
    CheckRoles(path, grant, violations);
    CheckLanguages(path, grant, config, violations);
    CheckDisplayName(FieldPath(path, "display_name"), *grant.mutable_display_name(), violations);
  }
  return violations.ToStatus(kInvalidAccessPolicy);
}

}  // namespace jisr::access::internal
