// Resource ids: generated ones and the rule client-chosen ones must follow.
#ifndef JISR_SERVICES_COMMON_IDS_H_
#define JISR_SERVICES_COMMON_IDS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace jisr {

// True for 1 to 63 characters of [a-z0-9-] starting with a letter and not ending with '-'
// (AIP-122 resource ids).
bool IsValidResourceId(absl::string_view id);

// A fresh random resource id: a letter then 11 characters of [a-z0-9] (about 57 bits).
std::string NewResourceId();

// True for 1 to 64 characters of [A-Za-z0-9_-]: block ids and request ids.
bool IsValidToken(absl::string_view token, size_t max_length = 64);

// A fresh random block id: "b" then 9 characters of [a-z0-9].
std::string NewBlockId();

}  // namespace jisr

#endif  // JISR_SERVICES_COMMON_IDS_H_
