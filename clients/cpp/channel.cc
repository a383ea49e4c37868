#include "clients/cpp/channel.h"

#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
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

absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(const ClientOptions& options) {
  if (absl::Status valid = ValidateChannelOptions(options); !valid.ok()) return valid;
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
