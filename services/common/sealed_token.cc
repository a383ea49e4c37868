#include "services/common/sealed_token.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "services/common/fnv.h"

namespace jisr {
namespace {

// 16 hex digits after the payload: fixed width, so the payload may hold anything.
constexpr size_t kChecksumDigits = 16;

std::string Checksum(absl::string_view payload) {
  // Seeded apart from other uses of FNV so a checksum is never another fingerprint's value.
  return absl::StrCat(absl::Hex(Fnv1a64(payload, Fnv1a64("jisr sealed token")), absl::kZeroPad16));
}

}  // namespace

std::string SealToken(absl::string_view payload) {
  return absl::WebSafeBase64Escape(absl::StrCat(payload, Checksum(payload)));
}

std::optional<std::string> OpenToken(absl::string_view token) {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw)) return std::nullopt;
  // Base64 has several spellings of the same bytes (padding, unused low bits): only ours.
  if (absl::WebSafeBase64Escape(raw) != token) return std::nullopt;
  if (raw.size() < kChecksumDigits) return std::nullopt;
  const absl::string_view payload = absl::string_view(raw).substr(0, raw.size() - kChecksumDigits);
  if (Checksum(payload) != absl::string_view(raw).substr(payload.size())) return std::nullopt;
  return std::string(payload);
}

}  // namespace jisr
