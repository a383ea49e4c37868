// Strict UTF-8 validation (no overlong forms, no surrogates, nothing above U+10FFFF).
#ifndef JISR_SERVICES_COMMON_UTF8_H_
#define JISR_SERVICES_COMMON_UTF8_H_

#include <cstdint>

#include "absl/strings/string_view.h"

namespace jisr {

// The byte offset of the first ill-formed sequence in `text`, or -1 when it is well formed.
int64_t FindInvalidUtf8(absl::string_view text);

}  // namespace jisr

#endif  // JISR_SERVICES_COMMON_UTF8_H_
