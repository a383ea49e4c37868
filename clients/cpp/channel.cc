#include "clients/cpp/channel.h"

#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "clients/cpp/bearer_token.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace jisr::client {
namespace {

absl::StatusOr<std::string> ReadPemFile(const std::string& path, absl::string_view what) {
  std::ifstream in(path);
  std::ostringstream pem;
  if (!in || !(pem << in.rdbuf()) || pem.str().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot read TLS ", what, " from \"", path, "\": pass a readable PEM file"));
  }
  return pem.str();
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> Credentials(
    const ClientOptions& options) {
  const bool mutual = !options.tls_client_cert_path.empty() || !options.tls_client_key_path.empty();
  if (!options.use_tls && options.tls_root_certs_path.empty() && !mutual) {
    return grpc::InsecureChannelCredentials();
  }
  grpc::SslCredentialsOptions ssl;
  if (!options.tls_root_certs_path.empty()) {
    absl::StatusOr<std::string> roots =
        ReadPemFile(options.tls_root_certs_path, "root certificates");
    if (!roots.ok()) return roots.status();
    ssl.pem_root_certs = *std::move(roots);
  }
  if (mutual) {
    if (options.tls_client_cert_path.empty() || options.tls_client_key_path.empty()) {
      return absl::InvalidArgumentError(
          "a client certificate needs both tls_client_cert_path and tls_client_key_path");
    }
    absl::StatusOr<std::string> cert =
        ReadPemFile(options.tls_client_cert_path, "client certificate");
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key = ReadPemFile(options.tls_client_key_path, "client key");
    if (!key.ok()) return key.status();
    ssl.pem_cert_chain = *std::move(cert);
    ssl.pem_private_key = *std::move(key);
  }
  return grpc::SslCredentials(ssl);
}

}  // namespace

absl::Status ValidateChannelOptions(const ClientOptions& options) {
  if (options.target.empty()) {
    return absl::InvalidArgumentError("target is empty: pass the server as \"host:port\"");
  }
  if (options.max_message_bytes <= 0) {
    return absl::InvalidArgumentError("max_message_bytes must be positive");
  }
  return absl::OkStatus();
}

absl::Status ValidateDefaultDeadline(const ClientOptions& options) {
  if (options.default_deadline <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("default_deadline must be positive, such as 10s");
  }
  return absl::OkStatus();
}

void CallDefaults::Apply(grpc::ClientContext& context, bool streaming) const {
  // Per call rather than as gRPC call credentials: gRPC sends those only over TLS, and jisrd on
  // loopback (the demo, a sidecar's upstream) takes tokens over plaintext.
  if (!bearer_token.empty()) context.AddMetadata("authorization", "Bearer " + bearer_token);
  if (!streaming) context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
}

absl::StatusOr<CallDefaults> MakeCallDefaults(const ClientOptions& options) {
  if (absl::Status valid = ValidateDefaultDeadline(options); !valid.ok()) return valid;
  absl::StatusOr<std::string> token = LoadBearerToken(options);
  if (!token.ok()) return token.status();
  CallDefaults defaults;
  defaults.bearer_token = *std::move(token);
  defaults.deadline = options.default_deadline;
  return defaults;
}

// Whether a target ("127.0.0.1:50051", "localhost:50051", "dns:///[::1]:50051") is this machine.
bool IsLoopbackTarget(absl::string_view target) {
  for (absl::string_view scheme : {"dns:///", "dns:", "ipv4:", "ipv6:"}) {
    if (absl::ConsumePrefix(&target, scheme)) break;
  }
  const size_t colon = target.rfind(':');
  absl::string_view host = colon == absl::string_view::npos ? target : target.substr(0, colon);
  host = absl::StripPrefix(absl::StripSuffix(host, "]"), "[");
  return host == "localhost" || host == "::1" || absl::StartsWith(host, "127.") ||
         absl::StartsWith(target, "unix:");
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(const ClientOptions& options) {
  if (absl::Status valid = ValidateChannelOptions(options); !valid.ok()) return valid;
  const bool tls = options.use_tls || !options.tls_root_certs_path.empty() ||
                   !options.tls_client_cert_path.empty();
  const bool token = !options.token.empty() || !options.token_path.empty();
  if (token && !tls && !IsLoopbackTarget(options.target) && !options.allow_plaintext_token) {
    // A bearer token in clear on a network is a credential given away.
    return absl::InvalidArgumentError(absl::StrCat(
        "refusing to send a bearer token to ", options.target,
        " without TLS: set use_tls (or "
        "tls_root_certs_path), or allow_plaintext_token when a proxy on this host adds TLS"));
  }
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials = Credentials(options);
  if (!credentials.ok()) return credentials.status();

  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(options.max_message_bytes);
  arguments.SetMaxSendMessageSize(options.max_message_bytes);
  if (!options.user_agent_prefix.empty()) arguments.SetUserAgentPrefix(options.user_agent_prefix);
  std::shared_ptr<grpc::Channel> channel =
      grpc::CreateCustomChannel(options.target, *credentials, arguments);
  if (channel == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot create a channel to \"", options.target, "\": check the target"));
  }
  return channel;
}

}  // namespace jisr::client
