#include "services/storage/postgres/postgres_errors.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/storage/storage.h"

namespace jisr::storage::postgres {

absl::Status StatusFromSqlState(absl::string_view sqlstate, absl::string_view message) {
  std::string text = absl::StrCat(message, " (SQLSTATE ", sqlstate, ")");
  if (sqlstate == "40001" || sqlstate == "40P01") return ConflictError(text);
  if (sqlstate == "23505") return absl::AlreadyExistsError(text);
  if (absl::StartsWith(sqlstate, "23")) return absl::FailedPreconditionError(text);
  if (absl::StartsWith(sqlstate, "08") || sqlstate == "57P01" || sqlstate == "57P02" ||
      sqlstate == "57P03") {
    return ConnectionLostError(text);
  }
  if (sqlstate == "53300") {
    return absl::UnavailableError(absl::StrCat(
        text,
        ": the server has no free connection slots; lower pool_size on the replicas or "
        "raise max_connections on the server"));
  }
  if (sqlstate == "53100") {
    // disk_full: the server's text names its data files, which clients must not see.
    return StorageFullError(
        "storage is full: the PostgreSQL server is out of disk space; free space there; "
        "nothing of this write was saved");
  }
  if (absl::StartsWith(sqlstate, "53")) {
    return absl::ResourceExhaustedError(absl::StrCat(
        text,
        ": the PostgreSQL server ran out of a resource (memory, or a configured limit); "
        "nothing of this write was saved: retry later, and check the server's log"));
  }
  if (sqlstate == "57014") {
    return absl::DeadlineExceededError(absl::StrCat(
        text,
        ": the statement ran longer than statement_timeout; look for a long lock wait or "
        "raise PostgresOptions.statement_timeout"));
  }
  if (sqlstate == "25006") return absl::FailedPreconditionError(text);
  return absl::InternalError(text);
}

absl::Status ConnectionLostError(absl::string_view message) {
  return absl::UnavailableError(absl::StrCat(
      "PostgreSQL is unreachable: ", message,
      " (check that the server is running and reachable; calls succeed again once it is)"));
}

}  // namespace jisr::storage::postgres
