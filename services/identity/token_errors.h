// The errors a bearer token can earn: UNAUTHENTICATED with a stable ErrorInfo reason, so a
// client (or a gateway) can tell "get a new token" from "this token can never work".
#ifndef JISR_SERVICES_IDENTITY_TOKEN_ERRORS_H_
#define JISR_SERVICES_IDENTITY_TOKEN_ERRORS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace jisr::identity {

inline constexpr char kTokenMalformed[] = "TOKEN_MALFORMED";
inline constexpr char kTokenTooLarge[] = "TOKEN_TOO_LARGE";
inline constexpr char kTokenAlgorithmNotAllowed[] = "TOKEN_ALGORITHM_NOT_ALLOWED";
inline constexpr char kTokenUnknownKey[] = "TOKEN_UNKNOWN_KEY";
inline constexpr char kTokenBadSignature[] = "TOKEN_BAD_SIGNATURE";
inline constexpr char kTokenExpired[] = "TOKEN_EXPIRED";
inline constexpr char kTokenNotYetValid[] = "TOKEN_NOT_YET_VALID";
inline constexpr char kTokenWrongIssuer[] = "TOKEN_WRONG_ISSUER";
inline constexpr char kTokenWrongAudience[] = "TOKEN_WRONG_AUDIENCE";
inline constexpr char kTokenNoSubject[] = "TOKEN_NO_SUBJECT";

// UNAUTHENTICATED with ErrorInfo `reason`. `message` says what to do and never quotes the
// token: tokens are credentials, and error messages end up in logs.
absl::Status TokenError(absl::string_view reason, absl::string_view message);

}  // namespace jisr::identity

#endif  // JISR_SERVICES_IDENTITY_TOKEN_ERRORS_H_
