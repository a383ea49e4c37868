// Resource names: "stories/{story}", "variants/{variant}", "variants/{variant}/revisions/{n}".
#ifndef JISR_SERVICES_ARTICLES_NAMES_H_
#define JISR_SERVICES_ARTICLES_NAMES_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace jisr::articles {

std::string StoryName(absl::string_view id);
std::string VariantName(absl::string_view id);
std::string RevisionName(absl::string_view variant_id, int64_t number);

// The id inside a name; INVALID_ARGUMENT naming `field` when the name is malformed.
absl::StatusOr<std::string> ParseStoryName(absl::string_view field, absl::string_view name);
absl::StatusOr<std::string> ParseVariantName(absl::string_view field, absl::string_view name);
absl::StatusOr<std::pair<std::string, int64_t>> ParseRevisionName(absl::string_view field,
                                                                  absl::string_view name);

// The ids of a list of 1 to `max` distinct variant names; every problem is reported at once,
// each under "field[i]".
absl::StatusOr<std::vector<std::string>> ParseVariantNameList(
    absl::string_view field, const google::protobuf::RepeatedPtrField<std::string>& names, int max);

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_NAMES_H_
