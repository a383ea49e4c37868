// The checks an access policy passes after it parses: every field an operator can get wrong is
// named with what to do about it. Internal to jisr_access; ParseAccessPolicy applies them.
#ifndef JISR_SERVICES_ACCESS_POLICY_CHECK_H_
#define JISR_SERVICES_ACCESS_POLICY_CHECK_H_

#include "absl/status/status.h"
#include "jisr/v1/access_policy.pb.h"
#include "services/config/newsroom_config.h"

namespace jisr::access::internal {

// The ErrorInfo reason of every error about the policy's content or syntax.
inline constexpr char kInvalidAccessPolicy[] = "INVALID_ACCESS_POLICY";

// Checks `policy` and normalizes its display names in place (NFC, one line, trimmed). OK, or
// INVALID_ARGUMENT with a BadRequest naming every bad field ("grants[3].languages[0]").
absl::Status CheckAccessPolicy(jisr::v1::AccessPolicy& policy,
                               const config::NewsroomConfig& config);

}  // namespace jisr::access::internal

#endif  // JISR_SERVICES_ACCESS_POLICY_CHECK_H_
