#include "services/articles/names.h"

#include <algorithm>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/errors.h"
#include "services/common/ids.h"
#include "services/common/status_macros.h"

namespace jisr::articles {
namespace {

absl::StatusOr<std::string> ParseSimpleName(absl::string_view field, absl::string_view name,
                                            absl::string_view collection,
                                            absl::string_view example) {
  if (name.empty()) {
    return InvalidFieldError(field, absl::StrCat("required: a name such as \"", example, "\""),
                             "REQUIRED_FIELD");
  }
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 2 || parts[0] != collection || !IsValidResourceId(parts[1])) {
    return InvalidFieldError(
        field,
        absl::StrCat("\"", absl::CHexEscape(name.substr(0, 200)),
                     "\" is not a valid name: expected \"", collection,
                     "/{id}\" with an id of 1 to 63 characters of [a-z0-9-] starting "
                     "with a letter, such as \"",
                     example, "\""),
        "MALFORMED_NAME");
  }
  return std::string(parts[1]);
}

}  // namespace

std::string StoryName(absl::string_view id) { return absl::StrCat("stories/", id); }
std::string VariantName(absl::string_view id) { return absl::StrCat("variants/", id); }
std::string RevisionName(absl::string_view variant_id, int64_t number) {
  return absl::StrCat("variants/", variant_id, "/revisions/", number);
}

absl::StatusOr<std::string> ParseStoryName(absl::string_view field, absl::string_view name) {
  return ParseSimpleName(field, name, "stories", "stories/blinken-beijing");
}

absl::StatusOr<std::string> ParseVariantName(absl::string_view field, absl::string_view name) {
  return ParseSimpleName(field, name, "variants", "variants/blinken-beijing-en");
}

absl::StatusOr<std::pair<std::string, int64_t>> ParseRevisionName(absl::string_view field,
                                                                  absl::string_view name) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  int64_t number = 0;
  if (parts.size() != 4 || parts[0] != "variants" || !IsValidResourceId(parts[1]) ||
      parts[2] != "revisions" || !absl::SimpleAtoi(parts[3], &number) || number < 1 ||
      absl::StrCat(number) != parts[3]) {
    return InvalidFieldError(
        field,
        absl::StrCat("\"", absl::CHexEscape(name.substr(0, 200)),
                     "\" is not a valid revision name: expected "
                     "\"variants/{variant}/revisions/{number}\" with a number from 1, "
                     "such as \"variants/blinken-beijing-en/revisions/3\""),
        name.empty() ? "REQUIRED_FIELD" : "MALFORMED_NAME");
  }
  return std::make_pair(std::string(parts[1]), number);
}

absl::StatusOr<std::vector<std::string>> ParseVariantNameList(
    absl::string_view field, const google::protobuf::RepeatedPtrField<std::string>& names,
    int max) {
  FieldViolations violations;
  std::vector<std::string> ids;
  if (names.empty() || names.size() > max) {
    violations.Add(std::string(field), absl::StrCat("1 to ", max, " variant names"));
  }
  for (int i = 0; i < names.size(); ++i) {
    const std::string item = absl::StrCat(field, "[", i, "]");
    absl::StatusOr<std::string> id = ParseVariantName(item, names.Get(i));
    if (!id.ok()) {
      for (const auto& v : FieldViolationsOf(id.status())) violations.Add(v.field, v.description);
    } else if (std::find(ids.begin(), ids.end(), *id) != ids.end()) {
      violations.Add(item, absl::StrCat(names.Get(i), " is listed twice"));
    } else {
      ids.push_back(*std::move(id));
    }
  }
  JISR_RETURN_IF_ERROR(violations.ToStatus());
  return ids;
}

}  // namespace jisr::articles
