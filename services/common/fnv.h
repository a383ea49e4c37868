// FNV-1a, 64 bits: a fast, stable hash for fingerprints that are compared, never trusted (page
// token filters, request_id replay checks). Not for anything an attacker must not forge.
#ifndef JISR_SERVICES_COMMON_FNV_H_
#define JISR_SERVICES_COMMON_FNV_H_

#include <cstdint>

#include "absl/strings/string_view.h"

namespace jisr {

inline constexpr uint64_t kFnv64OffsetBasis = 1469598103934665603ull;

inline uint64_t Fnv1a64(absl::string_view bytes, uint64_t hash = kFnv64OffsetBasis) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

}  // namespace jisr

#endif  // JISR_SERVICES_COMMON_FNV_H_
