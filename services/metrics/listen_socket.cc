#include "services/metrics/listen_socket.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace jisr::metrics {
namespace {

struct SocketAddress {
  sockaddr_storage storage{};
  socklen_t length = 0;
};

absl::Status NotAnAddress(absl::string_view listen_address) {
  return absl::InvalidArgumentError(
      absl::StrCat("metrics listen address \"", listen_address,
                   "\" is not HOST:PORT with an IP address and a port from 0 to 65535: use "
                   "127.0.0.1:9464, 0.0.0.0:9464 or [::1]:9464 with --metrics_listen"));
}

// "1.2.3.4:80" or "[::1]:80" into an address; false when it is neither.
bool ParseAddress(absl::string_view text, SocketAddress* out) {
  const size_t colon = text.rfind(':');
  if (colon == absl::string_view::npos) return false;
  std::string host(text.substr(0, colon));
  uint32_t port = 0;
  const absl::string_view port_text = text.substr(colon + 1);
  if (port_text.empty() || port_text.size() > 5 || !absl::SimpleAtoi(port_text, &port) ||
      port > 65535 || port_text.find_first_not_of("0123456789") != absl::string_view::npos) {
    return false;
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&out->storage);
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<uint16_t>(port));
    out->length = sizeof(sockaddr_in6);
    return inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), &v6->sin6_addr) == 1;
  }
  auto* v4 = reinterpret_cast<sockaddr_in*>(&out->storage);
  v4->sin_family = AF_INET;
  v4->sin_port = htons(static_cast<uint16_t>(port));
  out->length = sizeof(sockaddr_in);
  return inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1;
}

absl::Status BindError(int error, absl::string_view listen_address) {
  const std::string where = absl::StrCat("metrics listen address ", listen_address);
  switch (error) {
    case EADDRINUSE:
      return absl::FailedPreconditionError(absl::StrCat(
          where, " is in use by another process: pick another port with --metrics_listen"));
    case EACCES:
      return absl::PermissionDeniedError(absl::StrCat(
          where, ": ports below 1024 need privileges; pick one above with --metrics_listen"));
    case EADDRNOTAVAIL:
      return absl::InvalidArgumentError(
          absl::StrCat(where,
                       " is not an address of this machine: use 127.0.0.1, 0.0.0.0 or one of its "
                       "interfaces' addresses with --metrics_listen"));
    default:
      return absl::InternalError(absl::StrCat(where, " cannot be opened: ", std::strerror(error)));
  }
}

int BoundPort(int fd) {
  sockaddr_storage bound{};
  socklen_t length = sizeof(bound);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length) != 0) return 0;
  if (bound.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port);
  return ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
}

}  // namespace

absl::StatusOr<ListenSocket> OpenListenSocket(absl::string_view listen_address, int backlog) {
  SocketAddress address;
  if (!ParseAddress(listen_address, &address)) return NotAnAddress(listen_address);
  const int fd =
      socket(address.storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
  if (fd < 0) return BindError(errno, listen_address);
  const int on = 1;
  // A restarted jisrd can listen again at once, despite connections in TIME_WAIT.
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
  if (bind(fd, reinterpret_cast<const sockaddr*>(&address.storage), address.length) != 0 ||
      listen(fd, backlog) != 0) {
    const int error = errno;
    close(fd);
    return BindError(error, listen_address);
  }
  return ListenSocket{fd, BoundPort(fd)};
}

}  // namespace jisr::metrics
