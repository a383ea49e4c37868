// Reading an access policy's protobuf text format, with errors an operator can act on: the line
// and column of the offending token, counted from 1, the column in characters as editors show it.
// Internal to jisr_access; ParseAccessPolicy uses it before the checks of policy_check.h.
#ifndef JISR_SERVICES_ACCESS_POLICY_SYNTAX_H_
#define JISR_SERVICES_ACCESS_POLICY_SYNTAX_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "jisr/v1/access_policy.pb.h"

namespace jisr::access::internal {

// Parses `text` into `policy`. A syntax error, an unknown field or role name, or two matchers in
// one grant is INVALID_ARGUMENT "... line L, column C: <protobuf's message>", with ErrorInfo
// reason INVALID_ACCESS_POLICY and metadata "line" and "column".
absl::Status ParsePolicyText(absl::string_view text, jisr::v1::AccessPolicy& policy);

}  // namespace jisr::access::internal

#endif  // JISR_SERVICES_ACCESS_POLICY_SYNTAX_H_
