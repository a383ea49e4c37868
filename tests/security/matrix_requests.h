// The request each row of the role matrix sends: one that succeeds for a caller allowed to make
// it, on content the administrator set up, so that any refusal is the access control's doing.
#ifndef JISR_TESTS_SECURITY_MATRIX_REQUESTS_H_
#define JISR_TESTS_SECURITY_MATRIX_REQUESTS_H_

#include <grpcpp/grpcpp.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tests/security/security_support.h"

namespace jisr::security {

// What a cell of the matrix is tried on: the story pair, and the language of its variant the
// call changes or reads ("en" unless the row is tried per language).
struct Target {
  const StoryPair* pair = nullptr;
  std::string language = "en";

  const v1::Variant& variant() const { return pair->In(language); }
};

// One call of one cell: who makes it, on what, with what the administrator prepared.
struct Attempt {
  Client& client;
  const std::string& principal;  // "" for anonymous
  const Target& target;
  const std::string& prepared;

  const v1::Variant& variant() const { return target.variant(); }

  // A unary call of either service as `principal`.
  template <typename Stub, typename Request, typename Response>
  grpc::Status Call(Stub& stub,
                    grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                    const Request& request) const {
    Response response;
    return (stub.*method)(CallAs(principal).get(), request, &response);
  }
};

struct MatrixRequest {
  // What the administrator sets up first (a schedule to cancel, a correction to dismiss, a
  // deleted variant to restore); returns the name or id the call needs, or "" for none.
  absl::StatusOr<std::string> (*prepare)(Admin& admin, const Target& target);
  grpc::Status (*send)(const Attempt& attempt);
};

// The request of the row labelled `label` ("UpdateVariant", "GetVariant LATEST"); null when
// there is none.
const MatrixRequest* FindMatrixRequest(absl::string_view label);

namespace internal {

using MatrixEntry = std::pair<std::string, MatrixRequest>;
// The requests that change variants or read their history (matrix_write_requests.cc).
std::vector<MatrixEntry> WriteRequests();
// Preparations both files use.
absl::StatusOr<std::string> Nothing(Admin& admin, const Target& target);
// A pending schedule publishing the target in an hour; returns its name.
absl::StatusOr<std::string> PendingSchedule(Admin& admin, const Target& target);
google::protobuf::Timestamp FromNow(absl::Duration duration);

}  // namespace internal

}  // namespace jisr::security

#endif  // JISR_TESTS_SECURITY_MATRIX_REQUESTS_H_
