// How a Jisr client reaches the server and the credentials it presents.
#ifndef JISR_CLIENTS_CPP_CLIENT_OPTIONS_H_
#define JISR_CLIENTS_CPP_CLIENT_OPTIONS_H_

#include <string>

#include "absl/time/time.h"

namespace jisr::client {

struct ClientOptions {
  // The server, "host:port" (any gRPC target, such as "dns:///jisr.internal:443").
  std::string target = "localhost:50051";

  // Credentials. jisrd records the principal they prove as the author of every change, and
  // decides from its access policy what the caller may do; nothing the client says about
  // itself counts. Without credentials a client is anonymous: a reader on a loopback listener,
  // refused anywhere else. Two ways, usable together:
  //   - a bearer token (below), sent as `authorization: Bearer <token>` on every call;
  //   - a client certificate (tls_client_cert_path and tls_client_key_path, further down).
  //
  // A bearer token from the newsroom's identity provider (a JWT), as it is: without the
  // "Bearer " prefix, which the client adds. Sent with every call, reads included, since what a
  // caller may read (drafts, history) depends on who it is.
  std::string token;
  // A file holding the bearer token, read once when the client is created (Connect or
  // FromChannel), trailing white space trimmed; set this or `token`, not both. A file keeps the
  // token out of command lines and environments, where other users and logs can see it.
  // Create a new client to pick up a renewed token.
  std::string token_path;
  // A token is sent in clear only to this machine (loopback): to anywhere else the client
  // refuses it without TLS, unless this is set (a proxy on this host adds TLS on the way out).
  bool allow_plaintext_token = false;

  // How long one unary call may take before it fails with DEADLINE_EXCEEDED. Watch streams have
  // no deadline.
  absl::Duration default_deadline = absl::Seconds(10);

  // Use TLS. With tls_root_certs_path empty, the system's root certificates are trusted.
  bool use_tls = false;

  // A PEM file of root certificates to trust; setting it implies use_tls.
  std::string tls_root_certs_path;

  // Mutual TLS, for a server that takes client certificates (jisrd --tls_client_ca): PEM files
  // of this client's certificate chain and private key; the certificate's identity is the
  // principal. Setting them implies use_tls.
  std::string tls_client_cert_path;
  std::string tls_client_key_path;

  // The largest message sent or received, in bytes. A variant at the contract's limits (2,000
  // blocks of up to 20,000 characters) can pass gRPC's 4 MiB default, hence the larger default.
  int max_message_bytes = 64 * 1024 * 1024;

  // Prefixed to gRPC's user agent, so server logs say which tool called.
  std::string user_agent_prefix = "jisr-cpp-client/0.1";
};

}  // namespace jisr::client

#endif  // JISR_CLIENTS_CPP_CLIENT_OPTIONS_H_
