// The gRPC channel every Jisr C++ client opens from ClientOptions: TLS (one-way or mutual) or
// plaintext, the message size limit and the user agent. One place, so ArticleClient and
// TextClient reach a server the same way.
#ifndef JISR_CLIENTS_CPP_CHANNEL_H_
#define JISR_CLIENTS_CPP_CHANNEL_H_

#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "clients/cpp/client_options.h"
#include "grpcpp/channel.h"

namespace jisr::client {

// InvalidArgument when options.target is empty or options.max_message_bytes is not positive.
// MakeChannel checks this itself; a client calls it first to report these before its own
// checks.
absl::Status ValidateChannelOptions(const ClientOptions& options);

// InvalidArgument unless options.default_deadline is positive.
absl::Status ValidateDefaultDeadline(const ClientOptions& options);

// Checks the channel options, reads the TLS files they name and creates the channel. gRPC
// connects lazily: this does not contact the server. InvalidArgument for unusable options or
// unreadable PEM files, saying which.
absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(const ClientOptions& options);

}  // namespace jisr::client

#endif  // JISR_CLIENTS_CPP_CHANNEL_H_
