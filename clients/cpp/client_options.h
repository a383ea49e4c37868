// How an ArticleClient reaches the server and who it says it is.
#ifndef JISR_CLIENTS_CPP_CLIENT_OPTIONS_H_
#define JISR_CLIENTS_CPP_CLIENT_OPTIONS_H_

#include <string>

#include "absl/time/time.h"

namespace jisr::client {

struct ClientOptions {
  // The server, "host:port" (any gRPC target, such as "dns:///jisr.internal:443").
  std::string target = "localhost:50051";

  // The editor's identity, sent as request metadata on every mutating call and recorded as the
  // revision's author: one line of UTF-8, such as "w.lowry@newsroom" or "سارة الخطيب" (sent as
  // `x-jisr-author`, or as binary metadata `x-jisr-author-bin` when it is not ASCII), at most
  // 200 bytes. Required for mutating calls; reads work without it.
  std::string author;

  // How long one unary call may take before it fails with DEADLINE_EXCEEDED. Watch streams have
  // no deadline.
  absl::Duration default_deadline = absl::Seconds(10);

  // Use TLS. With tls_root_certs_path empty, the system's root certificates are trusted.
  bool use_tls = false;

  // A PEM file of root certificates to trust; setting it implies use_tls.
  std::string tls_root_certs_path;

  // For a server that requires client certificates (jisrd --tls_client_ca): PEM files of this
  // client's certificate chain and private key. Setting them implies use_tls.
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
