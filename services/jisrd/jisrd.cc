// jisrd: the Jisr server. main() turns flags into options; the libraries never read flags.
//
//   jisrd [--listen=127.0.0.1:50051] [--data_path=var/jisr.db] [--languages=en,ar] ...
//   jisrd migrate [--data_path=... | --database_url=...]    apply migrations and exit
//   jisrd backup|restore ...                                 backup_command.h
#include <signal.h>

#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/config.h"
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "services/api/call_metrics.h"
#include "services/api/server.h"
#include "services/articles/change_feed.h"
#include "services/articles/newsroom.h"
#include "services/articles/retention.h"
#include "services/articles/scheduler.h"
#include "services/common/log.h"
#include "services/common/status_macros.h"
#include "services/config/newsroom_config.h"
#include "services/jisrd/backup_command.h"
#include "services/jisrd/effective_flags.h"
#include "services/jisrd/jisrd_metrics.h"
#include "services/jisrd/options.h"
#include "services/jisrd/storage_connector.h"
#include "services/metrics/metrics_server.h"
#include "services/metrics/process_metrics.h"
#include "services/metrics/registry.h"
#include "services/storage/deferred_storage.h"
#include "services/storage/metered_storage.h"
#include "services/storage/postgres/connection_url.h"
#include "services/storage/postgres/postgres_storage.h"
#include "services/storage/sqlite/sqlite_storage.h"

namespace {

using jisr::jisrd::JisrdOptions;

// SQLite at --data_path, or PostgreSQL at --database_url.
absl::StatusOr<std::unique_ptr<jisr::storage::Storage>> OpenStorage(const JisrdOptions& options) {
  if (options.postgres.url.empty()) {
    auto storage = jisr::storage::sqlite::SqliteStorage::Open(options.sqlite);
    if (!storage.ok()) return storage.status();
    return std::unique_ptr<jisr::storage::Storage>(std::move(*storage));
  }
  auto storage = jisr::storage::postgres::PostgresStorage::Open(options.postgres);
  if (!storage.ok()) return storage.status();
  return std::unique_ptr<jisr::storage::Storage>(std::move(*storage));
}

int Fail(const absl::Status& status) {
  jisr::Log(jisr::LogLevel::kError, "exit",
            absl::StrCat("jisrd cannot go on: ", status.ToString()));
  jisr::FlushLog();
  return 1;
}

// Blocks SIGINT, SIGTERM and SIGHUP in this thread and every thread it starts later, so that
// only StopOnSignal sees them; call it before any thread starts.
sigset_t BlockStopSignals() {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  return stop_signals;
}

// The port, written to a temporary file renamed into place, so a reader never sees half of it.
void WritePortFile(const std::string& port_file, int port) {
  std::string tmp = port_file + ".tmp";
  if (FILE* f = std::fopen(tmp.c_str(), "w")) {
    std::fprintf(f, "%d\n", port);
    std::fclose(f);
    std::rename(tmp.c_str(), port_file.c_str());
  }
}

// What storage jisrd is to use, for logs before it answers: SQLite's path, or PostgreSQL's
// host and database without credentials.
absl::StatusOr<std::string> DescribeTarget(const JisrdOptions& options) {
  if (options.postgres.url.empty()) return absl::StrCat("SQLite at ", options.sqlite.path);
  auto described = jisr::storage::postgres::DescribeConnectionUrl(options.postgres.url);
  if (!described.ok()) return described.status();
  return absl::StrCat("PostgreSQL at ", *described);
}

void LogServing(const JisrdOptions& options, const jisr::api::JisrServer& server,
                const jisr::storage::Storage& storage, const jisr::articles::Newsroom& newsroom) {
  std::vector<std::string> codes;
  for (const auto& language : newsroom.config().languages) codes.push_back(language.code());
  jisr::Log(
      jisr::LogLevel::kInfo, "serving",
      absl::StrCat("jisrd serving on port ", server.port(), " (", options.server.listen_address,
                   "), storage ", storage.Describe(), ", languages ", absl::StrJoin(codes, ",")),
      jisr::LogFields()
          .Add("port", server.port())
          .Add("health_port", server.health_port())
          .Add("storage", storage.Describe()));
}

// The metrics endpoint, when --metrics_listen asks for one (null otherwise).
absl::StatusOr<std::unique_ptr<jisr::metrics::MetricsServer>> StartMetrics(
    const std::string& listen, const jisr::metrics::Registry& registry) {
  JISR_RETURN_IF_ERROR(registry.status());
  if (listen.empty()) return nullptr;
  JISR_ASSIGN_OR_RETURN(auto server, jisr::metrics::MetricsServer::Start(listen, &registry));
  jisr::Log(jisr::LogLevel::kInfo, "metrics",
            absl::StrCat("serving Prometheus metrics on ", listen, " (GET /metrics)"),
            jisr::LogFields().Add("metrics_port", server->port()));
  return server;
}

// Reloads the access policy and keys on each SIGHUP; on SIGINT or SIGTERM lets calls in flight
// finish (for at most the grace period) and stops the server.
void StopOnSignal(const sigset_t& stop_signals, absl::Duration grace,
                  std::unique_ptr<jisr::api::JisrServer>& server,
                  std::unique_ptr<jisr::metrics::MetricsServer>& metrics_server) {
  int signal_number = 0;
  while (sigwait(&stop_signals, &signal_number) == 0 && signal_number == SIGHUP) {
    jisr::Log(jisr::LogLevel::kInfo, "reload", absl::StrCat("SIGHUP: ", server->ReloadAccess()));
  }
  jisr::Log(jisr::LogLevel::kInfo, "shutdown",
            absl::StrCat("signal ", signal_number, ": finishing calls in flight, then stopping"),
            jisr::LogFields().Add("signal", signal_number));
  server->Shutdown(grace);
  jisr::Log(jisr::LogLevel::kInfo, "shutdown", "calls finished");
  // Scrapes read the server's pools and streams: they stop first.
  metrics_server.reset();
  server.reset();
  jisr::Log(jisr::LogLevel::kInfo, "shutdown", "stopped");
}

// Serves until a stop signal: the newsroom, its change feed, the scheduler, the pruner and the
// gRPC server.
// The server starts whether or not storage answers yet (StorageConnector); what needs storage
// starts once it does.
int Serve(const JisrdOptions& options, const sigset_t& stop_signals) {
  absl::StatusOr<std::string> target = DescribeTarget(options);
  if (!target.ok()) return Fail(target.status());
  jisr::metrics::Registry registry;
  jisr::metrics::AddProcessMetrics(&registry);
  jisr::api::CallMetrics call_metrics(registry);
  jisr::jisrd::StorageMetrics storage_metrics(registry);
  jisr::storage::DeferredStorage storage(*target);
  jisr::articles::Newsroom newsroom(options.newsroom, &storage);
  jisr::articles::ChangeFeed feed(&storage, {});
  // Other replicas write to shared storage: follow their writes in the published-view cache.
  if (!options.postgres.url.empty()) newsroom.FollowFeed(feed);
  jisr::articles::Scheduler scheduler(&newsroom, options.schedule_interval);
  jisr::articles::Retention retention(&storage, options.newsroom.retention, options.newsroom.clock,
                                      &feed);
  jisr::jisrd::StorageConnector::Options connecting;
  connecting.retry_unavailable = !options.postgres.url.empty();
  jisr::jisrd::StorageConnector connector(
      [&]() -> absl::StatusOr<std::unique_ptr<jisr::storage::Storage>> {
        JISR_ASSIGN_OR_RETURN(std::unique_ptr<jisr::storage::Storage> opened, OpenStorage(options));
        return std::make_unique<jisr::storage::MeteredStorage>(std::move(opened), &storage_metrics);
      },
      [&]() -> absl::Status {
        JISR_RETURN_IF_ERROR(feed.Start());
        scheduler.Start();
        retention.Start();
        auto schema = storage.SchemaVersion();
        jisr::Log(jisr::LogLevel::kInfo, "storage",
                  absl::StrCat("storage ready: ", storage.Describe(), ", schema v",
                               schema.ok() ? absl::StrCat(*schema) : "unknown"),
                  jisr::LogFields().Add("schema_version", schema.ok() ? *schema : 0));
        return absl::OkStatus();
      },
      &storage, connecting);
  if (absl::Status connected = connector.Start(); !connected.ok()) return Fail(connected);

  jisr::api::ServerOptions server_options = options.server;
  server_options.call_observer = &call_metrics;
  auto server = jisr::api::JisrServer::Start(server_options, &newsroom, &feed, &storage);
  if (!server.ok()) return Fail(server.status());
  (*server)->RegisterMetrics(registry);
  jisr::jisrd::RegisterDomainMetrics(registry, {&newsroom, &feed, &scheduler, &retention, &storage},
                                     options.postgres.url.empty() ? options.sqlite.path : "");
  auto metrics_server = StartMetrics(options.operations.metrics_listen, registry);
  if (!metrics_server.ok()) return Fail(metrics_server.status());
  LogServing(options, **server, storage, newsroom);
  if (!options.port_file.empty()) WritePortFile(options.port_file, (*server)->port());

  StopOnSignal(stop_signals, options.shutdown_grace, *server, *metrics_server);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "the Jisr article server.\n"
      "  jisrd [flags]           serve\n"
      "  jisrd migrate [flags]   apply schema migrations to the database and exit\n"
      "  jisrd backup --data_path=PATH --to=FILE   copy the SQLite file while jisrd runs\n"
      "  jisrd restore --from=FILE --data_path=PATH [--force]   with jisrd stopped");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
#if !defined(ABSL_HAVE_ADDRESS_SANITIZER) && !defined(ABSL_HAVE_THREAD_SANITIZER)
  // Debian's Abseil checks every Mutex acquisition for lock-order cycles (about 5% of jisrd's
  // CPU under a Watch fan-out, measured with perf). The sanitizer builds of the tests keep the
  // check; the server people run does not pay for it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
#endif
  if (jisr::jisrd::IsBackupCommand(args)) return jisr::jisrd::RunBackupCommand(args);
  const bool migrate_only = args.size() > 1 && std::string(args[1]) == "migrate";
  if (args.size() > (migrate_only ? 2u : 1u)) {
    std::fprintf(stderr, "jisrd: unexpected argument \"%s\"; see jisrd --help\n",
                 args[migrate_only ? 2 : 1]);
    return 2;
  }
  const sigset_t stop_signals = BlockStopSignals();
  absl::StatusOr<JisrdOptions> options = jisr::jisrd::OptionsFromFlags(migrate_only);
  if (!options.ok()) return Fail(options.status());
  jisr::ConfigureLog(options->operations.log_format, options->operations.log_level);

  if (options->migrate_only) {
    auto storage = OpenStorage(*options);
    if (!storage.ok()) return Fail(storage.status());
    auto schema = (*storage)->SchemaVersion();
    if (!schema.ok()) return Fail(schema.status());
    std::printf("%s is at schema version %d\n", (*storage)->Describe().c_str(), *schema);
    return 0;
  }
  jisr::Log(jisr::LogLevel::kInfo, "start", "jisrd starting", jisr::jisrd::EffectiveFlags());
  const int exit_code = Serve(*options, stop_signals);
  jisr::FlushLog();
  return exit_code;
}
