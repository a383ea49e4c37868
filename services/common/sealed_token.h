// Opaque tokens the server issues and takes back (page tokens, Watch cursors): a payload with a
// checksum, in canonical URL-safe base64. A token altered in any way (a character changed,
// padding added or dropped, cut short) fails to open, so a client that mangles one is told so
// instead of being served from some other position. The checksum guards against accidents, not
// forgery: nothing a token can say grants access to anything (every read is checked for the
// caller), so a forged token can only move the caller within what it may read anyway.
#ifndef JISR_SERVICES_COMMON_SEALED_TOKEN_H_
#define JISR_SERVICES_COMMON_SEALED_TOKEN_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace jisr {

// The token that carries `payload`.
std::string SealToken(absl::string_view payload);

// The payload of a token SealToken made; nullopt for anything else.
std::optional<std::string> OpenToken(absl::string_view token);

}  // namespace jisr

#endif  // JISR_SERVICES_COMMON_SEALED_TOKEN_H_
