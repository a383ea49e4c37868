// jisrd's flags, and the options they make. Flags live here, beside main (jisrd.cc); the
// libraries only ever see the options structs. Every value is checked at start: a flag out of
// range stops jisrd with a message naming it.
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/jisrd/flags_retention.h"
#include "services/jisrd/options.h"

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
ABSL_FLAG(int, max_database_mb, 0,
          "SQLite only: the most the data file may grow to, in MiB (0 for no limit, up to "
          "16777216); past it writes fail with RESOURCE_EXHAUSTED as on a full disk, and reads "
          "go on. The -wal file is not counted");
ABSL_FLAG(int, max_group_commit, 64,
          "SQLite only: the most concurrent write transactions one durable commit may carry "
          "(1 to 1024; 1 syncs every write on its own). Each write is acknowledged only once "
          "its commit is durable");
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
ABSL_FLAG(int, write_threads, 4, "threads for writes (1 to 256)");
ABSL_FLAG(int, write_queue, 64,
          "writes waiting for a thread at most; past it RESOURCE_EXHAUSTED (0 to 100000)");
ABSL_FLAG(int, read_threads, 8,
          "threads for reads that go to storage: editors' views, lists, history, a published "
          "view not in memory (1 to 256)");
ABSL_FLAG(int, read_queue, 256,
          "reads waiting for a thread at most; past it RESOURCE_EXHAUSTED (0 to 100000)");
ABSL_FLAG(int, watch_threads, 4,
          "threads that read the change feed for Watch streams (1 to 256); they run 10 nice "
          "levels below the rest, so calls and writes get a core first");
ABSL_FLAG(int, text_nice, 10,
          "how much lower the TextService's threads run than the rest of jisrd (added to their "
          "nice value, 0 to 19), so analysis yields the cores to published reads");
ABSL_FLAG(int, text_threads, 2, "threads for TextService calls (1 to 256)");
ABSL_FLAG(
    int, text_queue, 8,
    "TextService calls waiting for a thread at most; past it RESOURCE_EXHAUSTED (0 to 10000)");
ABSL_FLAG(int, max_watch_streams, 1000, "open Watch streams at most (1 to 1000000)");
ABSL_FLAG(
    int, max_watch_streams_per_caller, 32,
    "open Watch streams per principal (per host for anonymous callers) at most (1 to 100000)");
ABSL_FLAG(int, max_message_bytes, 8 << 20,
          "the largest request or response in bytes (64 KiB to 64 MiB); a write is refused when "
          "a view of it would pass three quarters of this");
ABSL_FLAG(int, grpc_memory_mb, 1024,
          "memory gRPC may use for connections and calls, in MiB (its resource quota; 64 to "
          "1048576)");
ABSL_FLAG(int, grpc_max_threads, 256, "threads gRPC may start (16 to 10000)");
ABSL_FLAG(int, max_concurrent_streams, 100,
          "calls in flight per connection (1 to 10000); a client opening more waits for them");
ABSL_FLAG(absl::Duration, max_connection_idle, absl::Minutes(10),
          "close a connection with no call for this long (1s to 24h)");
ABSL_FLAG(absl::Duration, max_connection_age, absl::Hours(2),
          "tell a connection this old to go away, so clients rebalance (1m to 720h; Watch "
          "streams resume from their cursor)");
ABSL_FLAG(absl::Duration, max_connection_age_grace, absl::Minutes(1),
          "how long calls may finish on a connection told to go away (0s to 1h)");
ABSL_FLAG(absl::Duration, min_ping_interval, absl::Seconds(30),
          "keepalive pings a client may send at most this often; more and it is disconnected "
          "(1s to 1h)");
ABSL_FLAG(bool, permit_pings_without_calls, false,
          "allow keepalive pings on connections with no call in flight");
ABSL_FLAG(absl::Duration, default_deadline, absl::Seconds(60),
          "the deadline of a unary call that sets none (100ms to 1h)");
ABSL_FLAG(int, published_cache_mb, 256, "memory for cached published views, in MiB");
ABSL_FLAG(int, analysis_memo_mb, 16,
          "memory for the text analyses of recent writes, in MiB, so an edit analyses only the "
          "fields it changes");
ABSL_FLAG(int, recent_variants_mb, 32,
          "memory for the variants recent writes left, parsed, in MiB, so the next write of one "
          "does not read and parse its latest revision (0: keep none)");
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

namespace jisr::jisrd {
namespace {

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

// Checks one flag's value: INVALID_ARGUMENT naming the flag and its range when out of it.
class RangeChecks {
 public:
  template <typename T>
  T Int(const absl::Flag<T>& flag, const char* name, T low, T high) {
    const T value = absl::GetFlag(flag);
    if (value < low || value > high) {
      Fail(absl::StrCat("--", name, "=", value, " is out of range: use ", low, " to ", high));
    }
    return value;
  }
  absl::Duration Duration(const absl::Flag<absl::Duration>& flag, const char* name,
                          absl::Duration low, absl::Duration high) {
    const absl::Duration value = absl::GetFlag(flag);
    if (value < low || value > high) {
      Fail(absl::StrCat("--", name, "=", absl::FormatDuration(value), " is out of range: use ",
                        absl::FormatDuration(low), " to ", absl::FormatDuration(high)));
    }
    return value;
  }
  absl::Status status() const { return status_; }

 private:
  void Fail(const std::string& message) {
    if (status_.ok()) status_ = absl::InvalidArgumentError(message);
  }
  absl::Status status_;
};

jisr::api::PoolOptions PoolOptionsFromFlags(RangeChecks& check) {
  jisr::api::PoolOptions pools;
  pools.write_threads = check.Int(FLAGS_write_threads, "write_threads", 1, 256);
  pools.write_queue = check.Int(FLAGS_write_queue, "write_queue", 0, 100000);
  pools.read_threads = check.Int(FLAGS_read_threads, "read_threads", 1, 256);
  pools.read_queue = check.Int(FLAGS_read_queue, "read_queue", 0, 100000);
  pools.watch_threads = check.Int(FLAGS_watch_threads, "watch_threads", 1, 256);
  pools.text_threads = check.Int(FLAGS_text_threads, "text_threads", 1, 256);
  pools.text_queue = check.Int(FLAGS_text_queue, "text_queue", 0, 10000);
  pools.text_nice = check.Int(FLAGS_text_nice, "text_nice", 0, 19);
  return pools;
}

jisr::api::TransportLimits LimitsFromFlags(RangeChecks& check) {
  jisr::api::TransportLimits limits;
  limits.memory_bytes =
      static_cast<size_t>(check.Int(FLAGS_grpc_memory_mb, "grpc_memory_mb", 64, 1 << 20)) << 20;
  limits.max_threads = check.Int(FLAGS_grpc_max_threads, "grpc_max_threads", 16, 10000);
  limits.max_concurrent_streams =
      check.Int(FLAGS_max_concurrent_streams, "max_concurrent_streams", 1, 10000);
  limits.max_connection_idle = check.Duration(FLAGS_max_connection_idle, "max_connection_idle",
                                              absl::Seconds(1), absl::Hours(24));
  limits.max_connection_age = check.Duration(FLAGS_max_connection_age, "max_connection_age",
                                             absl::Minutes(1), absl::Hours(720));
  limits.max_connection_age_grace =
      check.Duration(FLAGS_max_connection_age_grace, "max_connection_age_grace",
                     absl::ZeroDuration(), absl::Hours(1));
  limits.min_ping_interval = check.Duration(FLAGS_min_ping_interval, "min_ping_interval",
                                            absl::Seconds(1), absl::Hours(1));
  limits.permit_pings_without_calls = absl::GetFlag(FLAGS_permit_pings_without_calls);
  limits.default_deadline = check.Duration(FLAGS_default_deadline, "default_deadline",
                                           absl::Milliseconds(100), absl::Hours(1));
  return limits;
}

jisr::api::AccessOptions AccessOptionsFromFlags() {
  jisr::api::AccessOptions access;
  access.policy_path = absl::GetFlag(FLAGS_policy_file);
  access.jwks_path = absl::GetFlag(FLAGS_jwks_file);
  access.jwt_issuer = absl::GetFlag(FLAGS_jwt_issuer);
  access.jwt_audience = absl::GetFlag(FLAGS_jwt_audience);
  access.jwt_clock_skew = absl::GetFlag(FLAGS_jwt_clock_skew);
  access.anonymous = absl::GetFlag(FLAGS_anonymous);
  access.audit.path = absl::GetFlag(FLAGS_audit_log);
  access.audit.draft_reads = absl::GetFlag(FLAGS_audit_draft_reads);
  access.audit.refused = absl::GetFlag(FLAGS_audit_refused);
  return access;
}

absl::StatusOr<jisr::api::ServerOptions> ServerOptionsFromFlags() {
  RangeChecks check;
  jisr::api::ServerOptions server_options;
  server_options.listen_address = absl::GetFlag(FLAGS_listen);
  server_options.pools = PoolOptionsFromFlags(check);
  server_options.limits = LimitsFromFlags(check);
  server_options.max_message_bytes =
      check.Int(FLAGS_max_message_bytes, "max_message_bytes", 64 << 10, 64 << 20);
  server_options.watch.max_behind =
      check.Int(FLAGS_watch_max_behind, "watch_max_behind", int64_t{1}, int64_t{100000000});
  server_options.watch.max_streams =
      check.Int(FLAGS_max_watch_streams, "max_watch_streams", 1, 1000000);
  server_options.watch.max_streams_per_caller =
      check.Int(FLAGS_max_watch_streams_per_caller, "max_watch_streams_per_caller", 1, 100000);
  server_options.tls_cert_path = absl::GetFlag(FLAGS_tls_cert);
  server_options.tls_key_path = absl::GetFlag(FLAGS_tls_key);
  server_options.tls_client_ca_path = absl::GetFlag(FLAGS_tls_client_ca);
  server_options.allow_insecure = absl::GetFlag(FLAGS_allow_insecure);
  server_options.access = AccessOptionsFromFlags();
  if (!check.status().ok()) return check.status();
  return server_options;
}

}  // namespace

absl::StatusOr<JisrdOptions> OptionsFromFlags(bool migrate_only) {
  JisrdOptions options;
  options.migrate_only = migrate_only;
  auto config = NewsroomConfigFromFlags();
  if (!config.ok()) return config.status();
  options.newsroom.config = *std::move(config);
  RangeChecks check;
  options.newsroom.published_cache_bytes =
      static_cast<size_t>(check.Int(FLAGS_published_cache_mb, "published_cache_mb", 1, 1 << 20))
      << 20;
  options.newsroom.analysis_memo_bytes =
      static_cast<size_t>(check.Int(FLAGS_analysis_memo_mb, "analysis_memo_mb", 1, 1 << 16)) << 20;
  options.newsroom.recent_variants_bytes =
      static_cast<size_t>(check.Int(FLAGS_recent_variants_mb, "recent_variants_mb", 0, 1 << 16))
      << 20;
  options.sqlite.path = absl::GetFlag(FLAGS_data_path);
  // Multiplied, not shifted: an out-of-range value (refused below) may be negative.
  options.sqlite.max_bytes =
      int64_t{check.Int(FLAGS_max_database_mb, "max_database_mb", 0, 1 << 24)} * (int64_t{1} << 20);
  options.sqlite.max_group_commit = check.Int(FLAGS_max_group_commit, "max_group_commit", 1, 1024);
  options.postgres.url = absl::GetFlag(FLAGS_database_url);
  options.postgres.pool_size = check.Int(FLAGS_database_pool_size, "database_pool_size", 1, 1000);
  options.schedule_interval = check.Duration(FLAGS_schedule_interval, "schedule_interval",
                                             absl::Milliseconds(10), absl::Hours(1));
  absl::StatusOr<jisr::api::ServerOptions> server = ServerOptionsFromFlags();
  if (!server.ok()) return server.status();
  options.server = *std::move(server);
  // A write whose views would not fit in a response, with room to spare, is refused.
  options.newsroom.max_view_bytes = static_cast<size_t>(options.server.max_message_bytes) / 4 * 3;
  if (absl::Status retention = RetentionOptionsFromFlags(options.newsroom.retention);
      !retention.ok()) {
    return retention;
  }
  if (absl::Status operations = OperationsOptionsFromFlags(options); !operations.ok()) {
    return operations;
  }
  options.port_file = absl::GetFlag(FLAGS_port_file);
  options.shutdown_grace =
      check.Duration(FLAGS_shutdown_grace, "shutdown_grace", absl::ZeroDuration(), absl::Hours(1));
  if (!check.status().ok()) return check.status();
  return options;
}

}  // namespace jisr::jisrd
