#include "services/identity/token_errors.h"

#include "services/common/errors.h"

namespace jisr::identity {

absl::Status TokenError(absl::string_view reason, absl::string_view message) {
  return ReasonedError(absl::StatusCode::kUnauthenticated, reason, message);
}

}  // namespace jisr::identity
