// The bearer token a client presents: given in ClientOptions.token or read from the file
// ClientOptions.token_path names, and checked before any call, so a mistake in the file (two
// lines, a "Bearer " prefix, a byte-order mark) is reported where it is instead of as the
// server's UNAUTHENTICATED. Errors never quote the token: it is a credential, and error
// messages end up in logs.
#ifndef JISR_CLIENTS_CPP_BEARER_TOKEN_H_
#define JISR_CLIENTS_CPP_BEARER_TOKEN_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/cpp/client_options.h"

namespace jisr::client {

// jisrd refuses longer tokens unread.
inline constexpr size_t kMaxBearerTokenBytes = 8 * 1024;

// OK when `token` can go in an authorization header as it is: one line of printable ASCII with
// no spaces, at most kMaxBearerTokenBytes, without a "Bearer " prefix. `source` names where it
// came from in the error ("ClientOptions.token", "the token file \"/run/jisr/token\"").
// InvalidArgument saying what is wrong and what to do.
absl::Status CheckBearerToken(absl::string_view token, absl::string_view source);

// The token `options` give: options.token, or the contents of options.token_path with trailing
// white space trimmed; "" when neither is set. InvalidArgument when both are set, when the file
// cannot be read (naming the path and the reason), or when CheckBearerToken fails.
absl::StatusOr<std::string> LoadBearerToken(const ClientOptions& options);

}  // namespace jisr::client

#endif  // JISR_CLIENTS_CPP_BEARER_TOKEN_H_
