// Starts the gRPC server: the article service, the text service, health checking (grpc.health.v1:
// "" for the process, jisr.v1.ArticleService for its storage, jisr.v1.ArticleService.Writes for
// whether writes can commit, jisr.v1.TextService always), server
// reflection, and the worker pools the handlers run blocking work on.
#ifndef JISR_SERVICES_API_SERVER_H_
#define JISR_SERVICES_API_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "services/api/access_control.h"
#include "services/api/article_service.h"
#include "services/api/call_observer.h"
#include "services/api/text_service.h"
#include "services/api/worker_pool.h"
#include "services/articles/newsroom.h"
#include "services/metrics/registry.h"
#include "services/storage/storage.h"

namespace jisr::api {

// The threads and queues of the pools blocking work runs on (article_service.h).
struct PoolOptions {
  int write_threads = 4;
  size_t write_queue = 64;
  int read_threads = 8;
  size_t read_queue = 256;
  // Watch pulls: one at most per open stream, so no queue bound of their own.
  int watch_threads = 4;
  // The TextService's own pool (text_service.h): ICU work on up to 1 MiB per call.
  int text_threads = 2;
  size_t text_queue = 8;
  // Added to the nice value of the TextService's threads (0 to 19).
  int text_nice = 10;
};

// What the transport bounds, so that one misbehaving client cannot take what others need.
struct TransportLimits {
  // gRPC's memory for connections and calls (its ResourceQuota), and the threads it may start.
  size_t memory_bytes = size_t{1} << 30;
  int max_threads = 256;
  // Streams (calls in flight) per connection.
  int max_concurrent_streams = 100;
  // A connection with no call for this long is closed; any connection this old is told to go
  // away (and given the grace to finish its calls), so clients rebalance across replicas.
  absl::Duration max_connection_idle = absl::Minutes(10);
  absl::Duration max_connection_age = absl::Hours(2);
  absl::Duration max_connection_age_grace = absl::Minutes(1);
  // Keepalive pings a client may send: not more often than this, and none without a call in
  // flight unless permitted; a client that pings more is disconnected.
  absl::Duration min_ping_interval = absl::Seconds(30);
  bool permit_pings_without_calls = false;
  // A unary call that sets no deadline gets this one.
  absl::Duration default_deadline = absl::Seconds(60);
};

struct ServerOptions {
  // host:port to listen on; port 0 picks a free port (read it back with port()).
  std::string listen_address = "127.0.0.1:50051";
  PoolOptions pools;
  TransportLimits limits;
  // The largest request or response, in bytes.
  int max_message_bytes = 8 << 20;
  // host:port of a plaintext listener serving only grpc.health.v1, for probes that cannot use
  // TLS (Kubernetes' gRPC probes); empty: none. Port 0 picks one (health_port()).
  std::string health_listen_address;
  // How often storage is pinged to keep the health status true.
  absl::Duration health_interval = absl::Seconds(1);
  // How Watch streams pull and when they are told to resume.
  WatchOptions watch;
  // TLS: PEM files of the server's certificate chain and private key; both empty serves
  // plaintext (for loopback and for a mesh that terminates TLS). With a client CA, clients must
  // present a certificate it signed (mutual TLS).
  std::string tls_cert_path;
  std::string tls_key_path;
  std::string tls_client_ca_path;
  // Serving plaintext on an address that is not loopback is refused unless this is set (for a
  // mesh or proxy that terminates TLS in front of jisrd); jisrd then logs a warning.
  bool allow_insecure = false;
  // Who may call, and the audit trail.
  AccessOptions access;
  // Sees every finished call besides the access log (the metrics); may be null.
  CallObserver* call_observer = nullptr;
};

class JisrServer {
 public:
  // `newsroom`, `feed` (started) and `storage` must outlive the server.
  static absl::StatusOr<std::unique_ptr<JisrServer>> Start(const ServerOptions& options,
                                                           articles::Newsroom* newsroom,
                                                           articles::ChangeFeed* feed,
                                                           storage::Storage* storage);
  ~JisrServer();

  // The port the server listens on.
  int port() const { return port_; }
  // The health listener's port; 0 when there is none.
  int health_port() const { return health_port_; }
  // A channel to this server that skips the network, for tests and tools in the same process.
  std::shared_ptr<grpc::Channel> InProcessChannel();
  // Stops accepting calls, lets calls in flight finish for up to `grace`, then cancels them.
  void Shutdown(absl::Duration grace);
  // Blocks until Shutdown.
  void Wait();
  // Re-reads the access policy and the JWKS (SIGHUP): calls in flight keep what they started
  // with; a file that does not parse changes nothing. Returns a line for the log.
  std::string ReloadAccess() { return access_->Reload(); }
  // Registers the pools', Watch streams' and storage health's metrics (server_metrics.cc);
  // `registry` must outlive the server or stop being scraped before it goes.
  void RegisterMetrics(metrics::Registry& registry) const;

 private:
  JisrServer(const ServerOptions& options, std::unique_ptr<AccessControl> access,
             articles::Newsroom* newsroom, articles::ChangeFeed* feed, storage::Storage* storage);
  absl::Status StartHealthListener();
  // Sets `service`'s status on the main server and on the health listener.
  void SetHealth(const std::string& service, bool serving);
  // Sets the writes' health from Storage::CheckWritable: always when `first`, else on a change.
  void CheckWritable(bool first, bool storage_answers);
  // Pings storage and sets the health statuses: always when `first`, else when they change.
  void CheckHealth(bool first);
  // Runs CheckHealth every health_interval until Shutdown.
  void MonitorHealth();

  const ServerOptions options_;
  storage::Storage* const storage_;
  std::unique_ptr<AccessControl> access_;
  AccessLog access_log_;
  CallObservers observers_;  // before the services, which hold it
  std::unique_ptr<WorkerPool> writes_;
  std::unique_ptr<WorkerPool> reads_;
  std::unique_ptr<WorkerPool> watch_pulls_;
  std::unique_ptr<ArticleService> service_;
  std::unique_ptr<TextService> text_service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<grpc::Server> health_server_;
  int port_ = 0;
  int health_port_ = 0;
  bool serving_ = false;                 // storage's last health; only CheckHealth touches it
  std::atomic<bool> storage_up_{false};  // the same, for the metrics
  bool writable_ = false;                // whether writes can commit; only CheckWritable
  std::atomic<bool> storage_writable_{false};
  absl::Notification stop_monitor_;
  std::thread monitor_;
};

}  // namespace jisr::api

#endif  // JISR_SERVICES_API_SERVER_H_
