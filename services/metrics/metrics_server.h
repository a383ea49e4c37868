// GET /metrics over HTTP, for Prometheus to scrape: the registry's families in the text format.
// Served by libmicrohttpd on two threads of its own, with at most 16 connections and a 10 s
// timeout, so the endpoint cannot take threads, memory or file descriptors from jisrd's gRPC
// work however it is called. Plain HTTP: listen on loopback or a network only Prometheus
// reaches (the metrics hold counts and method names, no content and no credentials).
#ifndef JISR_SERVICES_METRICS_METRICS_SERVER_H_
#define JISR_SERVICES_METRICS_METRICS_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/metrics/registry.h"

struct MHD_Daemon;

namespace jisr::metrics {

class MetricsServer {
 public:
  // Connections served at once; more wait in the kernel's backlog, then are refused.
  static constexpr unsigned kMaxConnections = 16;
  static constexpr unsigned kThreads = 2;
  // A connection idle for this long (a client that sends nothing) is closed.
  static constexpr unsigned kConnectionTimeoutSeconds = 10;

  // Serves `registry` (which must outlive the server) on `listen_address`, HOST:PORT with an IP
  // address (127.0.0.1:9464, 0.0.0.0:9464, [::1]:9464; port 0 picks a free one). Errors say
  // what to change: INVALID_ARGUMENT for an address that is not one of this machine's,
  // FAILED_PRECONDITION when the port is taken.
  //   GET /metrics   200, Content-Type text/plain; version=0.0.4; charset=utf-8
  //   HEAD /metrics  the same without the body
  //   other paths    404; other methods 405
  static absl::StatusOr<std::unique_ptr<MetricsServer>> Start(std::string listen_address,
                                                              const Registry* registry);

  // Stops serving: closes the listening socket and every connection, joins the threads.
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // The port listened on (the one picked when 0 was asked for).
  int port() const { return port_; }

 private:
  MetricsServer(MHD_Daemon* daemon, int port) : daemon_(daemon), port_(port) {}

  MHD_Daemon* const daemon_;
  const int port_;
};

}  // namespace jisr::metrics

#endif  // JISR_SERVICES_METRICS_METRICS_SERVER_H_
