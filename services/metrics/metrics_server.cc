#include "services/metrics/metrics_server.h"

#include <microhttpd.h>
#include <unistd.h>

#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/metrics/exposition.h"
#include "services/metrics/listen_socket.h"

namespace jisr::metrics {
namespace {

MHD_Result Respond(MHD_Connection* connection, unsigned int status, const std::string& body,
                   const char* content_type) {
  MHD_Response* response = MHD_create_response_from_buffer(
      body.size(), const_cast<char*>(body.data()), MHD_RESPMEM_MUST_COPY);
  if (response == nullptr) return MHD_NO;  // out of memory: MHD closes the connection
  MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
  if (status == MHD_HTTP_METHOD_NOT_ALLOWED) {
    MHD_add_response_header(response, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
  }
  const MHD_Result queued = MHD_queue_response(connection, status, response);
  MHD_destroy_response(response);
  return queued;
}

// libmicrohttpd calls this for every request (more than once for one with a body: the first
// answer ends it, as nothing here reads a body).
MHD_Result Answer(void* registry, MHD_Connection* connection, const char* url, const char* method,
                  const char* version, const char* upload_data, size_t* upload_data_size,
                  void** request_state) {
  static constexpr char kPlainText[] = "text/plain; charset=utf-8";
  if (std::strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
      std::strcmp(method, MHD_HTTP_METHOD_HEAD) != 0) {
    return Respond(connection, MHD_HTTP_METHOD_NOT_ALLOWED,
                   absl::StrCat(method, " is not served here: GET /metrics\n"), kPlainText);
  }
  if (std::strcmp(url, "/metrics") != 0) {
    return Respond(connection, MHD_HTTP_NOT_FOUND, "not found: the metrics are at /metrics\n",
                   kPlainText);
  }
  return Respond(connection, MHD_HTTP_OK, static_cast<const Registry*>(registry)->Expose(),
                 kExpositionContentType);
}

}  // namespace

absl::StatusOr<std::unique_ptr<MetricsServer>> MetricsServer::Start(std::string listen_address,
                                                                    const Registry* registry) {
  absl::StatusOr<ListenSocket> listener = OpenListenSocket(listen_address, kMaxConnections);
  if (!listener.ok()) return listener.status();
  MHD_Daemon* daemon = MHD_start_daemon(
      MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO, 0, nullptr, nullptr, &Answer,
      const_cast<Registry*>(registry), MHD_OPTION_LISTEN_SOCKET, listener->fd,
      MHD_OPTION_THREAD_POOL_SIZE, kThreads, MHD_OPTION_CONNECTION_LIMIT, kMaxConnections,
      MHD_OPTION_CONNECTION_TIMEOUT, kConnectionTimeoutSeconds, MHD_OPTION_END);
  if (daemon == nullptr) {
    close(listener->fd);  // libmicrohttpd owns the socket only once it has started
    return absl::InternalError(absl::StrCat(
        "the metrics server on ", listen_address,
        " did not start (libmicrohttpd refused): run jisrd without --metrics_listen and report "
        "this"));
  }
  return std::unique_ptr<MetricsServer>(new MetricsServer(daemon, listener->port));
}

MetricsServer::~MetricsServer() { MHD_stop_daemon(daemon_); }

}  // namespace jisr::metrics
