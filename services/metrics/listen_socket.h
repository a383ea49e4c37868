// A listening TCP socket for the metrics endpoint, from an address as a flag gives it:
// 127.0.0.1:9464, 0.0.0.0:9464, [::1]:9464, [::]:9464 (port 0 picks a free one). Opened here
// rather than by the HTTP library so a refusal says why (the port is taken, the address is not
// this machine's) and what to do.
#ifndef JISR_SERVICES_METRICS_LISTEN_SOCKET_H_
#define JISR_SERVICES_METRICS_LISTEN_SOCKET_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jisr::metrics {

struct ListenSocket {
  int fd = -1;   // non-blocking, close-on-exec, listening; the caller owns it
  int port = 0;  // the port bound, also when 0 was asked for
};

// INVALID_ARGUMENT when `listen_address` is not HOST:PORT with an IP address or the address is
// not this machine's; FAILED_PRECONDITION when the port is in use; PERMISSION_DENIED for a
// privileged port.
absl::StatusOr<ListenSocket> OpenListenSocket(absl::string_view listen_address, int backlog);

}  // namespace jisr::metrics

#endif  // JISR_SERVICES_METRICS_LISTEN_SOCKET_H_
