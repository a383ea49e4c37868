// What jisrd runs with: every option, read once from the flags (flags.cc) and checked.
#ifndef JISR_SERVICES_JISRD_OPTIONS_H_
#define JISR_SERVICES_JISRD_OPTIONS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/api/server.h"
#include "services/articles/newsroom.h"
#include "services/common/log.h"
#include "services/storage/postgres/postgres_storage.h"
#include "services/storage/sqlite/sqlite_storage.h"

namespace jisr::jisrd {

// What an operator watches jisrd with (flags_operations.cc).
struct OperationsOptions {
  LogFormat log_format = LogFormat::kText;
  LogLevel log_level = LogLevel::kInfo;
  // host:port for Prometheus' scrapes of /metrics; empty: no metrics endpoint.
  std::string metrics_listen;
};

struct JisrdOptions {
  // `jisrd migrate`: open the storage (which applies migrations), report its version, exit.
  bool migrate_only = false;
  // PostgreSQL when postgres.url is set (--database_url), else SQLite.
  storage::sqlite::SqliteOptions sqlite;
  storage::postgres::PostgresOptions postgres;
  articles::NewsroomOptions newsroom;
  absl::Duration schedule_interval;
  api::ServerOptions server;
  OperationsOptions operations;
  std::string port_file;
  absl::Duration shutdown_grace;
};

// The options the flags give; INVALID_ARGUMENT naming the flag when one is out of range.
absl::StatusOr<JisrdOptions> OptionsFromFlags(bool migrate_only);
// Fills options.operations and the health listener's address from their flags.
absl::Status OperationsOptionsFromFlags(JisrdOptions& options);

}  // namespace jisr::jisrd

#endif  // JISR_SERVICES_JISRD_OPTIONS_H_
