// The gRPC channel every Jisr C++ client opens from ClientOptions (TLS, one-way or mutual, or
// plaintext; the message size limit and the user agent) and what it adds to every call (the
// bearer token and the deadline). One place, so ArticleClient and TextClient reach a server and
// present their credentials the same way.
#ifndef JISR_CLIENTS_CPP_CHANNEL_H_
#define JISR_CLIENTS_CPP_CHANNEL_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "clients/cpp/client_options.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace jisr::client {

// InvalidArgument when options.target is empty or options.max_message_bytes is not positive.
// MakeChannel checks this itself; a client calls it first to report these before its own
// checks.
absl::Status ValidateChannelOptions(const ClientOptions& options);

// InvalidArgument unless options.default_deadline is positive.
absl::Status ValidateDefaultDeadline(const ClientOptions& options);

// What a client adds to each of its calls.
struct CallDefaults {
  // The bearer token; empty for none (anonymous, or a client certificate alone).
  std::string bearer_token;
  // The deadline of a unary call, from now.
  absl::Duration deadline = absl::Seconds(10);

  // Adds `authorization: Bearer <token>` when there is a token and, unless `streaming` (a Watch
  // stream lasts as long as its reader likes), the deadline.
  void Apply(grpc::ClientContext& context, bool streaming = false) const;
};

// Checks default_deadline and the credentials, and reads options.token_path: what every client
// does when it is created, on a channel of its own or one it is given. InvalidArgument saying
// what to fix (see LoadBearerToken in bearer_token.h).
absl::StatusOr<CallDefaults> MakeCallDefaults(const ClientOptions& options);

// Checks the channel options, reads the TLS files they name and creates the channel. gRPC
// connects lazily: this does not contact the server. InvalidArgument for unusable options or
// unreadable PEM files, saying which.
absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(const ClientOptions& options);

}  // namespace jisr::client

#endif  // JISR_CLIENTS_CPP_CHANNEL_H_
