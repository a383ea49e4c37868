// Just enough of an HTTP/1.1 client, on a plain POSIX socket, to check the metrics endpoint as
// Prometheus sees it without a dependency on curl.
#ifndef JISR_TESTS_METRICS_HTTP_CLIENT_H_
#define JISR_TESTS_METRICS_HTTP_CLIENT_H_

#include <map>
#include <string>

namespace jisr::testing {

struct HttpResponse {
  int status = 0;  // 0 when the server closed the connection without a response
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
};

// A connected TCP socket to `host` (an IPv4 or IPv6 literal) on `port`, or -1.
int ConnectTo(const std::string& host, int port);

// Sends `request` as is on `fd`, reads until the server closes the connection, closes `fd`.
HttpResponse Exchange(int fd, const std::string& request);

// `method` `path` HTTP/1.1 with Connection: close, on a new connection.
HttpResponse Fetch(int port, const std::string& method, const std::string& path,
                   const std::string& host = "127.0.0.1");

}  // namespace jisr::testing

#endif  // JISR_TESTS_METRICS_HTTP_CLIENT_H_
