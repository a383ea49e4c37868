#include "services/metrics/names.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace jisr::metrics {
namespace {

bool IsNameChar(char c, bool colon_allowed) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' ||
         (colon_allowed && c == ':');
}

bool IsValidName(absl::string_view name, bool colon_allowed) {
  if (name.empty() || absl::ascii_isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(),
                     [&](char c) { return IsNameChar(c, colon_allowed); });
}

}  // namespace

bool IsValidMetricName(absl::string_view name) { return IsValidName(name, /*colon_allowed=*/true); }

bool IsValidLabelName(absl::string_view name) {
  return IsValidName(name, /*colon_allowed=*/false) && !absl::StartsWith(name, "__");
}

absl::Status CheckFamilyNames(absl::string_view name, const std::vector<std::string>& label_names,
                              const std::vector<std::string>& reserved) {
  if (!IsValidMetricName(name)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "metric name \"", name, "\" is invalid: use letters, digits, _ and : (not a digit first)"));
  }
  std::set<std::string> seen;
  for (const std::string& label : label_names) {
    if (!IsValidLabelName(label)) {
      return absl::InvalidArgumentError(
          absl::StrCat("label name \"", label, "\" of metric ", name,
                       " is invalid: use letters, digits and _ (not a digit first, not __ first)"));
    }
    if (std::find(reserved.begin(), reserved.end(), label) != reserved.end()) {
      return absl::InvalidArgumentError(absl::StrCat("label name \"", label, "\" of metric ", name,
                                                     " is reserved for its kind: rename it"));
    }
    if (!seen.insert(label).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("label name \"", label, "\" appears twice in metric ", name));
    }
  }
  return absl::OkStatus();
}

}  // namespace jisr::metrics
