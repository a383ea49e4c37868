#include "services/api/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/resource_quota.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "services/common/log.h"

namespace jisr::api {
namespace {
constexpr char kServiceName[] = "jisr.v1.ArticleService";
// Whether writes can commit: NOT_SERVING when storage is full (or read-only) while reads go on.
// Apart from kServiceName, so a full disk does not take a replica's reads out of rotation.
constexpr char kWritesName[] = "jisr.v1.ArticleService.Writes";
// Stateless: serves whenever the process does, whatever storage is doing.
constexpr char kTextServiceName[] = "jisr.v1.TextService";
}  // namespace

namespace {

TextServiceOptions TextOptions(const ServerOptions& options, CallObserver* observer) {
  TextServiceOptions text;
  text.max_response_bytes = options.max_message_bytes;
  text.threads = options.pools.text_threads;
  text.max_queued = options.pools.text_queue;
  text.lower_priority = options.pools.text_nice;
  text.observer = observer;
  return text;
}

}  // namespace

JisrServer::JisrServer(const ServerOptions& options, std::unique_ptr<AccessControl> access,
                       articles::Newsroom* newsroom, articles::ChangeFeed* feed,
                       storage::Storage* storage)
    : options_(options),
      storage_(storage),
      access_(std::move(access)),
      writes_(std::make_unique<WorkerPool>("write threads", options.pools.write_threads,
                                           options.pools.write_queue)),
      reads_(std::make_unique<WorkerPool>("read threads", options.pools.read_threads,
                                          options.pools.read_queue)),
      watch_pulls_(std::make_unique<WorkerPool>("watch threads", options.pools.watch_threads,
                                                /*max_queued=*/0, /*lower_priority=*/10)),
      service_(std::make_unique<ArticleService>(
          newsroom, feed, ServicePools{writes_.get(), reads_.get(), watch_pulls_.get()},
          options.watch, access_->authorizer(), access_->audit(), options.limits.default_deadline,
          &observers_)),
      text_service_(std::make_unique<TextService>(textservice::TextServiceCore(newsroom->config()),
                                                  access_->authorizer(),
                                                  TextOptions(options, &observers_))) {
  observers_.Add(&access_log_);
  if (options.call_observer != nullptr) observers_.Add(options.call_observer);
}

namespace {

absl::StatusOr<std::string> ReadPem(const std::string& path, absl::string_view what) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream contents;
  contents << in.rdbuf();
  if (!in || contents.str().empty()) {
    return absl::InvalidArgumentError(absl::StrCat("cannot read the TLS ", what, " at ", path,
                                                   ": check the path and that "
                                                   "jisrd may read it"));
  }
  return contents.str();
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(const ServerOptions& o) {
  if (o.tls_cert_path.empty() && o.tls_key_path.empty()) {
    if (!o.tls_client_ca_path.empty()) {
      return absl::InvalidArgumentError("a TLS client CA needs --tls_cert and --tls_key too");
    }
    return grpc::InsecureServerCredentials();
  }
  if (o.tls_cert_path.empty() || o.tls_key_path.empty()) {
    return absl::InvalidArgumentError("TLS needs both --tls_cert and --tls_key");
  }
  grpc::SslServerCredentialsOptions ssl;
  auto cert = ReadPem(o.tls_cert_path, "certificate");
  if (!cert.ok()) return cert.status();
  auto key = ReadPem(o.tls_key_path, "private key");
  if (!key.ok()) return key.status();
  ssl.pem_key_cert_pairs.push_back({*key, *cert});
  if (!o.tls_client_ca_path.empty()) {
    auto ca = ReadPem(o.tls_client_ca_path, "client CA");
    if (!ca.ok()) return ca.status();
    ssl.pem_root_certs = *ca;
    // With bearer tokens too, a certificate is one way to authenticate, not the only one: ask
    // for it and verify it when sent (one from another CA still fails the handshake).
    ssl.client_certificate_request =
        o.access.jwks_path.empty() ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
                                   : GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(ssl);
}

int Milliseconds(absl::Duration d) {
  return static_cast<int>(std::min<int64_t>(absl::ToInt64Milliseconds(d), INT32_MAX));
}

void ApplyLimits(const TransportLimits& limits, grpc::ServerBuilder& builder) {
  grpc::ResourceQuota quota("jisrd");
  quota.Resize(limits.memory_bytes);
  quota.SetMaxThreads(limits.max_threads);
  builder.SetResourceQuota(quota);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, limits.max_concurrent_streams);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS,
                             Milliseconds(limits.max_connection_idle));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS,
                             Milliseconds(limits.max_connection_age));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
                             Milliseconds(limits.max_connection_age_grace));
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
                             Milliseconds(limits.min_ping_interval));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS,
                             limits.permit_pings_without_calls ? 1 : 0);
  // Pings beyond the policy count as strikes; two and the connection is closed.
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 2);
}

}  // namespace

absl::StatusOr<std::unique_ptr<JisrServer>> JisrServer::Start(const ServerOptions& options,
                                                              articles::Newsroom* newsroom,
                                                              articles::ChangeFeed* feed,
                                                              storage::Storage* storage) {
  const bool plaintext = options.tls_cert_path.empty() && options.tls_key_path.empty();
  const bool loopback = IsLoopbackAddress(options.listen_address);
  if (plaintext && !loopback && !options.allow_insecure) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--listen=", options.listen_address,
        " is not a loopback address and there is no TLS: give --tls_cert and --tls_key, or "
        "--allow_insecure when a proxy or mesh in front of jisrd terminates TLS"));
  }
  if (plaintext && !loopback) {
    LogWarning(absl::StrCat("SERVING WITHOUT TLS on ", options.listen_address,
                            " (--allow_insecure): credentials and content cross the network in "
                            "clear; only do this behind a proxy or mesh that terminates TLS"));
  }
  absl::StatusOr<std::unique_ptr<AccessControl>> access =
      AccessControl::Create(options.access, newsroom->config(), loopback);
  if (!access.ok()) return access.status();
  std::unique_ptr<JisrServer> server(
      new JisrServer(options, *std::move(access), newsroom, feed, storage));
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials = Credentials(options);
  if (!credentials.ok()) return credentials.status();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen_address, *credentials, &server->port_);
  builder.RegisterService(server->service_.get());
  builder.RegisterService(server->text_service_.get());
  ApplyLimits(options.limits, builder);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  // gRPC's default limit on a call's metadata (8 KiB in all) would refuse a bearer token near
  // the verifier's 8 KiB limit with RESOURCE_EXHAUSTED before jisrd sees it: room for such a
  // token and the other headers, so that a larger one is told TOKEN_TOO_LARGE.
  builder.AddChannelArgument(GRPC_ARG_MAX_METADATA_SIZE, 16 * 1024);
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen_address,
                     ": is another process using the port? Pick another with --listen"));
  }
  if (!options.health_listen_address.empty()) {
    absl::Status health = server->StartHealthListener();
    if (!health.ok()) return health;
  }
  // Every service has its status before the first call can ask for it.
  server->CheckHealth(/*first=*/true);
  server->monitor_ = std::thread([s = server.get()] { s->MonitorHealth(); });
  return server;
}

JisrServer::~JisrServer() {
  Shutdown(absl::ZeroDuration());
  // Destroying the pools runs the tasks still queued, which finish their calls.
  writes_.reset();
  reads_.reset();
  watch_pulls_.reset();
}

void JisrServer::SetHealth(const std::string& service, bool serving) {
  for (grpc::Server* server : {server_.get(), health_server_.get()}) {
    if (server != nullptr) server->GetHealthCheckService()->SetServingStatus(service, serving);
  }
}

void JisrServer::CheckHealth(bool first) {
  absl::Status status = storage_->Ping();
  const bool now_serving = status.ok();
  CheckWritable(first, now_serving);
  if (first) {
    // "" is the process: it answers, so it serves. A liveness probe must not follow the
    // database, or a database outage restarts every replica at once.
    SetHealth("", true);
    SetHealth(kTextServiceName, true);
  } else if (now_serving == serving_) {
    return;
  }
  SetHealth(kServiceName, now_serving);
  if (!first || !now_serving) {
    if (now_serving) {
      LogInfo(
          absl::StrCat("storage answers (", storage_->Describe(), "): ", kServiceName, " SERVING"));
    } else {
      LogError(absl::StrCat("storage does not answer (", status.ToString(), "): ", kServiceName,
                            " NOT_SERVING until it does"));
    }
  }
  serving_ = now_serving;
  storage_up_ = now_serving;
}

void JisrServer::CheckWritable(bool first, bool storage_answers) {
  absl::Status status =
      storage_answers ? storage_->CheckWritable() : absl::UnavailableError("storage is down");
  const bool now_writable = status.ok();
  if (!first && now_writable == writable_) return;
  SetHealth(kWritesName, now_writable);
  writable_ = now_writable;
  storage_writable_ = now_writable;
  if (!storage_answers) return;  // CheckHealth tells that story
  if (now_writable && !first) {
    Log(LogLevel::kInfo, "storage",
        absl::StrCat("writes can commit again: ", kWritesName, " SERVING"));
  } else if (!now_writable) {
    Log(LogLevel::kError, "storage",
        absl::StrCat("writes cannot commit (", status.ToString(), "): ", kWritesName,
                     " NOT_SERVING; reads go on"));
  }
}

absl::Status JisrServer::StartHealthListener() {
  grpc::ServerBuilder builder;
  int port = 0;
  // Plaintext, and nothing but grpc.health.v1 (and reflection): it reveals whether the process
  // and its storage serve, no content, so probes that cannot speak TLS can use it.
  builder.AddListeningPort(options_.health_listen_address, grpc::InsecureServerCredentials(),
                           &port);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, 8);
  health_server_ = builder.BuildAndStart();
  if (health_server_ == nullptr || port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on --health_listen=", options_.health_listen_address,
                     ": is another process using the port? Pick another, or leave the flag empty"));
  }
  health_port_ = port;
  return absl::OkStatus();
}

void JisrServer::MonitorHealth() {
  while (!stop_monitor_.WaitForNotificationWithTimeout(options_.health_interval)) {
    CheckHealth(/*first=*/false);
  }
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
  if (health_server_ != nullptr) {
    // Probes see NOT_SERVING while calls drain, then the listener goes.
    health_server_->GetHealthCheckService()->Shutdown();
  }
  if (server_ != nullptr) {
    server_->GetHealthCheckService()->Shutdown();
    // Watch streams never finish by themselves: end them now, each with its resume cursor.
    service_->EndWatches();
    server_->Shutdown(std::chrono::system_clock::now() + absl::ToChronoNanoseconds(grace));
  }
  if (health_server_ != nullptr) health_server_->Shutdown(std::chrono::system_clock::now());
}

void JisrServer::Wait() {
  if (server_ != nullptr) server_->Wait();
}

}  // namespace jisr::api
