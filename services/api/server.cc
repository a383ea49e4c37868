#include "services/api/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include <chrono>

#include "absl/strings/str_cat.h"
#include "services/common/log.h"

namespace jisr::api {
namespace {
constexpr char kServiceName[] = "jisr.v1.ArticleService";
}  // namespace

JisrServer::JisrServer(const ServerOptions& options, articles::Newsroom* newsroom,
                       articles::ChangeFeed* feed, storage::Storage* storage)
    : options_(options),
      storage_(storage),
      workers_(std::make_unique<WorkerPool>(options.worker_threads)),
      service_(std::make_unique<ArticleService>(newsroom, feed, workers_.get(), options.watch)) {}

absl::StatusOr<std::unique_ptr<JisrServer>> JisrServer::Start(const ServerOptions& options,
                                                              articles::Newsroom* newsroom,
                                                              articles::ChangeFeed* feed,
                                                              storage::Storage* storage) {
  std::unique_ptr<JisrServer> server(new JisrServer(options, newsroom, feed, storage));
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen_address, grpc::InsecureServerCredentials(),
                           &server->port_);
  builder.RegisterService(server->service_.get());
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", options.listen_address,
        ": is another process using the port? Pick another with --listen"));
  }
  server->monitor_ = std::thread([s = server.get()] { s->MonitorHealth(); });
  return server;
}

JisrServer::~JisrServer() {
  Shutdown(absl::ZeroDuration());
  // Destroying the pool runs the tasks still queued, which finish their calls.
  workers_.reset();
}

void JisrServer::MonitorHealth() {
  grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService();
  bool serving = false;
  bool first = true;
  do {
    absl::Status status = storage_->Ping();
    bool now_serving = status.ok();
    if (first || now_serving != serving) {
      health->SetServingStatus(now_serving);
      health->SetServingStatus(kServiceName, now_serving);
      if (!first || !now_serving) {
        if (now_serving) {
          LogInfo(absl::StrCat("storage answers again (", storage_->Describe(), "): SERVING"));
        } else {
          LogError(absl::StrCat("storage does not answer (", status.ToString(),
                                "): NOT_SERVING until it does"));
        }
      }
      serving = now_serving;
      first = false;
    }
  } while (!stop_monitor_.WaitForNotificationWithTimeout(options_.health_interval));
}

std::shared_ptr<grpc::Channel> JisrServer::InProcessChannel() {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(options_.max_message_bytes);
  args.SetMaxSendMessageSize(options_.max_message_bytes);
  return server_->InProcessChannel(args);
}

void JisrServer::Shutdown(absl::Duration grace) {
  if (stop_monitor_.HasBeenNotified()) return;  // already shut down
  stop_monitor_.Notify();
  if (monitor_.joinable()) monitor_.join();
  if (server_ != nullptr) {
    server_->GetHealthCheckService()->Shutdown();
    server_->Shutdown(std::chrono::system_clock::now() + absl::ToChronoNanoseconds(grace));
  }
}

void JisrServer::Wait() {
  if (server_ != nullptr) server_->Wait();
}

}  // namespace jisr::api
