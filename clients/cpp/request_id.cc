#include "clients/cpp/request_id.h"

#include <cstdint>

#include "absl/numeric/int128.h"
#include "absl/random/random.h"
#include "absl/strings/str_format.h"

namespace jisr::client {
namespace {

// Lays out 128 bits as a UUID of the given version (RFC 9562 variant bits "10").
std::string FormatUuid(uint64_t high, uint64_t low, int version) {
  high = (high & ~uint64_t{0xF000}) | (static_cast<uint64_t>(version) << 12);
  low = (low & ~(uint64_t{0xC} << 60)) | (uint64_t{0x8} << 60);
  return absl::StrFormat("%08x-%04x-%04x-%04x-%012x", high >> 32, (high >> 16) & 0xFFFF,
                         high & 0xFFFF, low >> 48, low & 0xFFFFFFFFFFFFULL);
}

}  // namespace

std::string NewRequestId() {
  absl::BitGen gen;
  return FormatUuid(absl::Uniform<uint64_t>(gen), absl::Uniform<uint64_t>(gen), 4);
}

std::string RequestIdFromKey(absl::string_view key) {
  // FNV-1a, 128-bit: offset basis and prime from the FNV specification.
  const absl::uint128 prime = absl::MakeUint128(0x0000000001000000ULL, 0x000000000000013BULL);
  absl::uint128 hash = absl::MakeUint128(0x6c62272e07bb0142ULL, 0x62b821756295c58dULL);
  for (unsigned char byte : key) {
    hash ^= byte;
    hash *= prime;
  }
  return FormatUuid(absl::Uint128High64(hash), absl::Uint128Low64(hash), 8);
}

}  // namespace jisr::client
