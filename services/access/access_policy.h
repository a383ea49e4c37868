// The access policy (jisr.v1.AccessPolicy, proto/jisr/v1/access_policy.proto): reading it from
// protobuf text format, checking it against the newsroom's configuration, and deciding from it
// what a verified identity may do. No gRPC: the transport verifies the identity, this decides.
#ifndef JISR_SERVICES_ACCESS_ACCESS_POLICY_H_
#define JISR_SERVICES_ACCESS_ACCESS_POLICY_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jisr/v1/access_policy.pb.h"
#include "services/access/caller.h"
#include "services/config/newsroom_config.h"
#include "services/identity/identity.h"

namespace jisr::access {

// Parses a policy in protobuf text format and checks it. A syntax error is INVALID_ARGUMENT
// naming the line and column of the offending token ("line 4, column 3: ...", from 1, the column
// in characters); a policy that parses but does not check
// is INVALID_ARGUMENT with a google.rpc.BadRequest naming every bad field
// ("grants[3].languages[0]") and what to do about it. The display names of the result are
// normalized (NFC, one line, trimmed), so the caller gets them as they will be shown.
absl::StatusOr<jisr::v1::AccessPolicy> ParseAccessPolicy(absl::string_view text,
                                                         const config::NewsroomConfig& config);

// Reads the file at `path` and parses it as ParseAccessPolicy does. Every error names the path;
// a file that cannot be read is FAILED_PRECONDITION with the system's reason.
absl::StatusOr<jisr::v1::AccessPolicy> LoadAccessPolicy(const std::string& path,
                                                        const config::NewsroomConfig& config);

// What `identity` may do under `policy`: the union of the roles and desk languages of every grant
// that matches it. The display name is the identity's own, else the first matching grant's,
// else the principal. An anonymous identity matches no grant and is a reader exactly when
// `anonymous_is_reader`. A verified identity that no grant matches gets no role (see the .cc).
// `policy` is expected to have passed ParseAccessPolicy's checks.
Caller ResolveCaller(const jisr::v1::AccessPolicy& policy, const identity::Identity& identity,
                     bool anonymous_is_reader);

}  // namespace jisr::access

#endif  // JISR_SERVICES_ACCESS_ACCESS_POLICY_H_
