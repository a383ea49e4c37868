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
#include "services/articles/scheduler.h"
#include "services/common/log.h"
#include "services/config/newsroom_config.h"
#include "services/storage/postgres/postgres_storage.h"
#include "services/storage/sqlite/sqlite_storage.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "host:port to serve gRPC on; 0.0.0.0:50051 for every interface, port 0 for any free "
          "port (printed at start)");
ABSL_FLAG(std::string, data_path, "var/jisr.db",
          "the SQLite data file (created with its directory if missing); ignored with "
          "--database_url");
ABSL_FLAG(std::string, database_url, "",
          "PostgreSQL instead of SQLite: a libpq URL such as "
          "postgresql://jisr@db:5432/jisr?sslmode=require (the password may come from "
          "PGPASSWORD or ~/.pgpass); several jisrd may share one database");
ABSL_FLAG(int, database_pool_size, 16, "PostgreSQL connections per jisrd");
ABSL_FLAG(std::string, languages, "en,ar",
          "the newsroom's languages, default first: code[:date_locale[:time_zone]],... e.g. "
          "en:en-AE:Asia/Dubai,ar:ar-AE:Asia/Dubai");
ABSL_FLAG(std::string, time_zone, "Asia/Dubai",
          "the IANA time zone datelines use when a language does not name its own");
ABSL_FLAG(std::string, wrong_script, "warn",
          "text mostly in another script than its variant's language (Arabic saved into the "
          "English variant): warn (a revision warning) or error (INVALID_ARGUMENT)");
ABSL_FLAG(std::string, non_latin_slugs, "native",
          "slugs of languages not written in Latin: native (e.g. Arabic, percent-encoded in "
          "URLs) or latin (transliterated to ASCII)");
ABSL_FLAG(std::string, dateline_styles, "",
          "dateline digits and calendar per language: code:numbering[:calendar],... with "
          "numbering latn or arab and calendar gregorian or islamic-umalqura, e.g. ar:arab");
ABSL_FLAG(int, worker_threads, 16, "threads for calls that may block on storage");
ABSL_FLAG(int, max_message_bytes, 8 << 20, "the largest request or response in bytes");
ABSL_FLAG(int, published_cache_mb, 256, "memory for cached published views, in MiB");
ABSL_FLAG(absl::Duration, schedule_interval, absl::Seconds(1),
          "how often due schedules are looked for: the most a scheduled publish runs late");
ABSL_FLAG(int64_t, watch_max_behind, 100000,
          "a Watch stream that falls this many events further behind the newest than it was (its "
          "client reads slower than the newsroom writes) is ended and told to resume from its "
          "cursor");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "on SIGTERM, how long calls in flight may take to finish before they are cancelled");
ABSL_FLAG(std::string, tls_cert, "", "PEM certificate chain to serve TLS with (with --tls_key)");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM CA that client certificates must be signed by (mutual TLS); needs --tls_cert");
ABSL_FLAG(bool, allow_insecure, false,
          "serve plaintext on an address that is not loopback (only behind a proxy or mesh "
          "that terminates TLS); jisrd logs a warning");
ABSL_FLAG(std::string, policy_file, "",
          "the access policy: who gets which roles (protobuf text format of "
          "jisr.v1.AccessPolicy, docs/security.md); re-read on SIGHUP");
ABSL_FLAG(std::string, jwks_file, "",
          "accept bearer tokens (JWT) signed by the keys in this JWKS file; re-read on SIGHUP");
ABSL_FLAG(std::string, jwt_issuer, "", "the iss every accepted token must have");
ABSL_FLAG(std::string, jwt_audience, "", "the aud every accepted token must include");
ABSL_FLAG(absl::Duration, jwt_clock_skew, absl::Seconds(60),
          "how far exp and nbf may be off the server's clock");
ABSL_FLAG(std::string, anonymous, "auto",
          "callers with no credentials: reader, refuse, or auto (readers on a loopback "
          "listener, refused on any other)");
ABSL_FLAG(std::string, audit_log, "",
          "append one JSON line per mutating call to this file (- for stderr); empty for none");
ABSL_FLAG(bool, audit_draft_reads, false, "also audit reads of drafts, history and schedules");
ABSL_FLAG(bool, audit_refused, false, "also audit calls refused for credentials or roles");
ABSL_FLAG(std::string, port_file, "",
          "if set, write the port the server listens on to this file once it is serving");

namespace {

// What jisrd runs with, read from the flags once.
struct JisrdOptions {
  // `jisrd migrate`: open the storage (which applies migrations), report its version, exit.
  bool migrate_only = false;
  // PostgreSQL when postgres.url is set (--database_url), else SQLite.
  jisr::storage::sqlite::SqliteOptions sqlite;
  jisr::storage::postgres::PostgresOptions postgres;
  jisr::articles::NewsroomOptions newsroom;
  absl::Duration schedule_interval;
  jisr::api::ServerOptions server;
  std::string port_file;
  absl::Duration shutdown_grace;
};

// The newsroom's languages, scripts, slugs and datelines from the flags that describe them.
absl::StatusOr<jisr::config::NewsroomConfig> NewsroomConfigFromFlags() {
  auto config =
      jisr::config::ParseLanguages(absl::GetFlag(FLAGS_languages), absl::GetFlag(FLAGS_time_zone));
  if (!config.ok()) return config.status();
  const std::string wrong_script = absl::GetFlag(FLAGS_wrong_script);
  if (wrong_script != "warn" && wrong_script != "error") {
    return absl::InvalidArgumentError("--wrong_script is warn or error");
  }
  config->wrong_script_is_error = wrong_script == "error";
  const std::string slugs = absl::GetFlag(FLAGS_non_latin_slugs);
  if (slugs != "native" && slugs != "latin") {
    return absl::InvalidArgumentError("--non_latin_slugs is native or latin");
  }
  config->non_latin_slugs =
      slugs == "latin" ? jisr::text::SlugScript::kLatin : jisr::text::SlugScript::kNative;
  if (absl::Status styles =
          jisr::config::ParseDatelineStyles(absl::GetFlag(FLAGS_dateline_styles), *config);
      !styles.ok()) {
    return styles;
  }
  return config;
}

jisr::api::ServerOptions ServerOptionsFromFlags() {
  jisr::api::ServerOptions server_options;
  server_options.listen_address = absl::GetFlag(FLAGS_listen);
  server_options.worker_threads = absl::GetFlag(FLAGS_worker_threads);
  server_options.max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  server_options.watch.max_behind = absl::GetFlag(FLAGS_watch_max_behind);
  server_options.tls_cert_path = absl::GetFlag(FLAGS_tls_cert);
  server_options.tls_key_path = absl::GetFlag(FLAGS_tls_key);
  server_options.tls_client_ca_path = absl::GetFlag(FLAGS_tls_client_ca);
  server_options.allow_insecure = absl::GetFlag(FLAGS_allow_insecure);
  jisr::api::AccessOptions& access = server_options.access;
  access.policy_path = absl::GetFlag(FLAGS_policy_file);
  access.jwks_path = absl::GetFlag(FLAGS_jwks_file);
  access.jwt_issuer = absl::GetFlag(FLAGS_jwt_issuer);
  access.jwt_audience = absl::GetFlag(FLAGS_jwt_audience);
  access.jwt_clock_skew = absl::GetFlag(FLAGS_jwt_clock_skew);
  access.anonymous = absl::GetFlag(FLAGS_anonymous);
  access.audit.path = absl::GetFlag(FLAGS_audit_log);
  access.audit.draft_reads = absl::GetFlag(FLAGS_audit_draft_reads);
  access.audit.refused = absl::GetFlag(FLAGS_audit_refused);
  return server_options;
}

absl::StatusOr<JisrdOptions> OptionsFromFlags(bool migrate_only) {
  JisrdOptions options;
  options.migrate_only = migrate_only;
  auto config = NewsroomConfigFromFlags();
  if (!config.ok()) return config.status();
  options.newsroom.config = *std::move(config);
  options.newsroom.published_cache_bytes =
      static_cast<size_t>(absl::GetFlag(FLAGS_published_cache_mb)) << 20;
  options.sqlite.path = absl::GetFlag(FLAGS_data_path);
  options.postgres.url = absl::GetFlag(FLAGS_database_url);
  options.postgres.pool_size = absl::GetFlag(FLAGS_database_pool_size);
  options.schedule_interval = absl::GetFlag(FLAGS_schedule_interval);
  options.server = ServerOptionsFromFlags();
  options.port_file = absl::GetFlag(FLAGS_port_file);
  options.shutdown_grace = absl::GetFlag(FLAGS_shutdown_grace);
  return options;
}

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

// Serves until a stop signal: the newsroom, its change feed, the scheduler and the gRPC server.
int Serve(const JisrdOptions& options, jisr::storage::Storage* storage, int schema,
          const sigset_t& stop_signals) {
  jisr::articles::Newsroom newsroom(options.newsroom, storage);
  jisr::articles::ChangeFeed feed(storage, {});
  // Other replicas write to shared storage: follow their writes in the published-view cache.
  if (!options.postgres.url.empty()) newsroom.FollowFeed(feed);
  if (absl::Status started = feed.Start(); !started.ok()) return Fail(started);
  jisr::articles::Scheduler scheduler(&newsroom, options.schedule_interval);
  scheduler.Start();

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
  absl::StatusOr<JisrdOptions> options = OptionsFromFlags(migrate_only);
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
