// jisrd: the Jisr server. main() turns flags into options; the libraries never read flags.
//
//   jisrd [--listen=127.0.0.1:50051] [--data_path=var/jisr.db] [--languages=en,ar] ...
//   jisrd migrate [--data_path=... | --database_url=...]    apply migrations and exit
#include <signal.h>

#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/api/server.h"
#include "services/articles/change_feed.h"
#include "services/articles/newsroom.h"
#include "services/articles/retention.h"
#include "services/articles/scheduler.h"
#include "services/common/log.h"
#include "services/config/newsroom_config.h"
#include "services/jisrd/options.h"
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

int Fail(const absl::Status& status, absl::string_view hint = "") {
  std::fprintf(stderr, "jisrd: %s%s%s\n", status.ToString().c_str(), hint.empty() ? "" : "\n  ",
               std::string(hint).c_str());
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

void LogServing(const JisrdOptions& options, const jisr::api::JisrServer& server,
                const jisr::storage::Storage& storage, int schema,
                const jisr::articles::Newsroom& newsroom) {
  std::vector<std::string> codes;
  for (const auto& language : newsroom.config().languages) codes.push_back(language.code());
  jisr::LogInfo(absl::StrCat("jisrd serving jisr.v1.ArticleService on port ", server.port(), " (",
                             options.server.listen_address, "), storage ", storage.Describe(),
                             " schema v", schema, ", languages ", absl::StrJoin(codes, ",")));
}

// Reloads the access policy and keys on each SIGHUP; on SIGINT or SIGTERM lets calls in flight
// finish (for at most the grace period) and stops the server.
void StopOnSignal(const sigset_t& stop_signals, absl::Duration grace,
                  std::unique_ptr<jisr::api::JisrServer>& server) {
  int signal_number = 0;
  while (sigwait(&stop_signals, &signal_number) == 0 && signal_number == SIGHUP) {
    jisr::LogInfo(absl::StrCat("SIGHUP: ", server->ReloadAccess()));
  }
  jisr::LogInfo(
      absl::StrCat("signal ", signal_number, ": finishing calls in flight, then stopping"));
  server->Shutdown(grace);
  jisr::LogInfo("calls finished");
  server.reset();
  jisr::LogInfo("stopped");
}

// Serves until a stop signal: the newsroom, its change feed, the scheduler, the pruner and the
// gRPC server.
int Serve(const JisrdOptions& options, jisr::storage::Storage* storage, int schema,
          const sigset_t& stop_signals) {
  jisr::articles::Newsroom newsroom(options.newsroom, storage);
  jisr::articles::ChangeFeed feed(storage, {});
  // Other replicas write to shared storage: follow their writes in the published-view cache.
  if (!options.postgres.url.empty()) newsroom.FollowFeed(feed);
  if (absl::Status started = feed.Start(); !started.ok()) return Fail(started);
  jisr::articles::Scheduler scheduler(&newsroom, options.schedule_interval);
  scheduler.Start();
  jisr::articles::Retention retention(storage, options.newsroom.retention, options.newsroom.clock,
                                      &feed);
  retention.Start();

  auto server = jisr::api::JisrServer::Start(options.server, &newsroom, &feed, storage);
  if (!server.ok()) return Fail(server.status());
  LogServing(options, **server, *storage, schema, newsroom);
  if (!options.port_file.empty()) WritePortFile(options.port_file, (*server)->port());

  StopOnSignal(stop_signals, options.shutdown_grace, *server);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "the Jisr article server.\n"
      "  jisrd [flags]           serve\n"
      "  jisrd migrate [flags]   apply schema migrations to the database and exit");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  const bool migrate_only = args.size() > 1 && std::string(args[1]) == "migrate";
  if (args.size() > (migrate_only ? 2u : 1u)) {
    std::fprintf(stderr, "jisrd: unexpected argument \"%s\"; see jisrd --help\n",
                 args[migrate_only ? 2 : 1]);
    return 2;
  }
  const sigset_t stop_signals = BlockStopSignals();
  absl::StatusOr<JisrdOptions> options = jisr::jisrd::OptionsFromFlags(migrate_only);
  if (!options.ok()) return Fail(options.status());

  auto storage = OpenStorage(*options);
  if (!storage.ok()) return Fail(storage.status());
  auto schema = (*storage)->SchemaVersion();
  if (!schema.ok()) return Fail(schema.status());
  if (options->migrate_only) {
    std::printf("%s is at schema version %d\n", (*storage)->Describe().c_str(), *schema);
    return 0;
  }
  return Serve(*options, storage->get(), *schema, stop_signals);
}
