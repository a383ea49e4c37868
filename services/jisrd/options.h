// What jisrd runs with: every option, read once from the flags (flags.cc) and checked.
#ifndef JISR_SERVICES_JISRD_OPTIONS_H_
#define JISR_SERVICES_JISRD_OPTIONS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/api/server.h"
#include "services/articles/newsroom.h"
#include "services/storage/postgres/postgres_storage.h"
#include "services/storage/sqlite/sqlite_storage.h"

namespace jisr::jisrd {

struct JisrdOptions {
  // `jisrd migrate`: open the storage (which applies migrations), report its version, exit.
  bool migrate_only = false;
  // PostgreSQL when postgres.url is set (--database_url), else SQLite.
  storage::sqlite::SqliteOptions sqlite;
  storage::postgres::PostgresOptions postgres;
  articles::NewsroomOptions newsroom;
  absl::Duration schedule_interval;
  api::ServerOptions server;
  std::string port_file;
  absl::Duration shutdown_grace;
};

// The options the flags give; INVALID_ARGUMENT naming the flag when one is out of range.
absl::StatusOr<JisrdOptions> OptionsFromFlags(bool migrate_only);

}  // namespace jisr::jisrd

#endif  // JISR_SERVICES_JISRD_OPTIONS_H_
