#include "services/storage/postgres/connection.h"

#include <endian.h>
#include <poll.h>

#include <cerrno>
#include <cstring>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "services/common/status_macros.h"
#include "services/storage/postgres/postgres_errors.h"

namespace jisr::storage::postgres {
namespace {

// Type OIDs from PostgreSQL's catalog/pg_type.h, which libpq-dev does not install.
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt4Oid = 23;
constexpr Oid kTextOid = 25;

constexpr int kBinary = 1;

// Waits until `fd` is ready for `events` or `deadline` passes (DEADLINE_EXCEEDED).
absl::Status WaitForSocket(int fd, short events, absl::Time deadline) {
  while (true) {
    absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) return absl::DeadlineExceededError("timed out");
    int64_t ms = absl::ToInt64Milliseconds(absl::Ceil(left, absl::Milliseconds(1)));
    pollfd entry{fd, events, 0};
    int rc = ::poll(&entry, 1, static_cast<int>(std::min<int64_t>(ms, 60'000)));
    if (rc > 0) return absl::OkStatus();
    if (rc < 0 && errno != EINTR) {
      return absl::UnavailableError(absl::StrCat("poll: ", std::strerror(errno)));
    }
  }
}

// libpq's message on one line: it breaks its hints over several, which splits log lines.
std::string LibpqMessage(const PGconn* conn) {
  std::vector<absl::string_view> lines =
      absl::StrSplit(absl::StripAsciiWhitespace(PQerrorMessage(conn)), absl::ByAnyChar("\n\t"),
                     absl::SkipWhitespace());
  return absl::StrJoin(lines, " ");
}

// The statement, cut short enough for a message.
std::string Abbreviate(absl::string_view sql) {
  sql = absl::StripAsciiWhitespace(sql);
  return sql.size() <= 100 ? std::string(sql) : absl::StrCat(sql.substr(0, 100), "...");
}

absl::Status StatementError(const PGresult* result, const PGconn* conn, absl::string_view sql) {
  const char* sqlstate = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  if (sqlstate == nullptr) {
    // libpq made this result itself: the server never answered (lost connection).
    return ConnectionLostError(LibpqMessage(conn));
  }
  const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  const char* detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL);
  std::string message = absl::StrCat(primary != nullptr ? primary : "error",
                                     detail != nullptr ? absl::StrCat(" (", detail, ")") : "",
                                     " in: ", Abbreviate(sql));
  return StatusFromSqlState(sqlstate, message);
}

bool IsError(const PGresult* result) {
  ExecStatusType status = PQresultStatus(result);
  return status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE ||
         status == PGRES_NONFATAL_ERROR;
}

void IgnoreNotice(void*, const char*) {}

}  // namespace

Params& Params::Add(Oid type, std::string bytes) {
  types_.push_back(type);
  values_.push_back(std::move(bytes));
  return *this;
}

Params& Params::Int64(int64_t value) {
  uint64_t wire = htobe64(static_cast<uint64_t>(value));
  return Add(kInt8Oid, std::string(reinterpret_cast<const char*>(&wire), sizeof(wire)));
}

Params& Params::Int32(int32_t value) {
  uint32_t wire = htobe32(static_cast<uint32_t>(value));
  return Add(kInt4Oid, std::string(reinterpret_cast<const char*>(&wire), sizeof(wire)));
}

Params& Params::Bool(bool value) { return Add(kBoolOid, std::string(1, value ? 1 : 0)); }

Params& Params::Text(absl::string_view value) { return Add(kTextOid, std::string(value)); }

Params& Params::Bytes(absl::string_view value) { return Add(kByteaOid, std::string(value)); }

int64_t Result::Int(int row, int column) const {
  const char* bytes = PQgetvalue(result_.get(), row, column);
  switch (PQgetlength(result_.get(), row, column)) {
    case 2: {
      uint16_t v;
      std::memcpy(&v, bytes, sizeof(v));
      return static_cast<int16_t>(be16toh(v));
    }
    case 4: {
      uint32_t v;
      std::memcpy(&v, bytes, sizeof(v));
      return static_cast<int32_t>(be32toh(v));
    }
    case 8: {
      uint64_t v;
      std::memcpy(&v, bytes, sizeof(v));
      return static_cast<int64_t>(be64toh(v));
    }
    default:
      return 0;  // NULL
  }
}

bool Result::Bool(int row, int column) const {
  return PQgetlength(result_.get(), row, column) == 1 &&
         PQgetvalue(result_.get(), row, column)[0] != 0;
}

std::string Result::Bytes(int row, int column) const {
  return std::string(PQgetvalue(result_.get(), row, column),
                     PQgetlength(result_.get(), row, column));
}

int64_t Result::AffectedRows() const {
  if (result_ == nullptr) return 0;
  const char* tuples = PQcmdTuples(result_.get());
  return tuples[0] == '\0' ? 0 : std::strtoll(tuples, nullptr, 10);
}

std::string Result::CommandTag() const {
  return result_ == nullptr ? std::string() : std::string(PQcmdStatus(result_.get()));
}

absl::StatusOr<std::unique_ptr<Connection>> Connection::Open(const ConnectionSettings& settings) {
  // libpq expands the URL in place of "dbname" (expand_dbname): keywords before it are defaults
  // the URL may override, keywords after it override the URL. TCP keepalives find a connection
  // whose peer vanished without a word (a dead host, a NAT forgetting it) within about a minute;
  // the session always speaks UTF-8.
  const char* keywords[] = {
      "keepalives", "keepalives_idle", "keepalives_interval",       "keepalives_count",
      "dbname",     "client_encoding", "fallback_application_name", nullptr};
  const char* values[] = {"1", "30", "10", "3", settings.url.c_str(), "UTF8", "jisrd", nullptr};
  absl::Time deadline = absl::Now() + settings.connect_timeout;
  PGconn* conn = PQconnectStartParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr) return absl::ResourceExhaustedError("libpq could not allocate a connection");
  auto fail = [&](absl::string_view reason) {
    std::string message = absl::StrCat("cannot connect to ", settings.description, ": ", reason);
    PQfinish(conn);
    return ConnectionLostError(message);
  };
  // The asynchronous handshake lets us enforce connect_timeout with sub-second precision
  // (libpq's own connect_timeout counts whole seconds, at least two).
  PostgresPollingStatusType state =
      PQstatus(conn) == CONNECTION_BAD ? PGRES_POLLING_FAILED : PGRES_POLLING_WRITING;
  while (state != PGRES_POLLING_OK) {
    if (state == PGRES_POLLING_FAILED) return fail(LibpqMessage(conn));
    short events = state == PGRES_POLLING_READING ? POLLIN : POLLOUT;
    absl::Status ready = WaitForSocket(PQsocket(conn), events, deadline);
    if (absl::IsDeadlineExceeded(ready)) {
      return fail(absl::StrCat("no answer within connect_timeout (",
                               absl::FormatDuration(settings.connect_timeout), ")"));
    }
    if (!ready.ok()) return fail(ready.message());
    state = PQconnectPoll(conn);
  }
  PQsetNoticeProcessor(conn, &IgnoreNotice, nullptr);  // "already exists, skipping" and the like
  std::unique_ptr<Connection> connection(new Connection(conn, settings));
  JISR_RETURN_IF_ERROR(
      connection
          ->Exec(absl::StrCat("SET statement_timeout = ",
                              absl::ToInt64Milliseconds(settings.statement_timeout)))
          .status());
  return connection;
}

Connection::Connection(PGconn* conn, const ConnectionSettings& settings)
    : conn_(conn),
      description_(settings.description),
      answer_timeout_(settings.statement_timeout + settings.connect_timeout),
      shared_round_trips_(settings.round_trips) {}

Connection::~Connection() { PQfinish(conn_); }

absl::Status Connection::SendFailed(absl::string_view sql) {
  if (PQstatus(conn_) != CONNECTION_OK) broken_ = true;
  return ConnectionLostError(absl::StrCat(LibpqMessage(conn_), " sending: ", Abbreviate(sql)));
}

void Connection::CountRoundTrip() {
  ++round_trips_;
  if (shared_round_trips_ != nullptr) shared_round_trips_->fetch_add(1, std::memory_order_relaxed);
}

absl::Status Connection::AwaitReadable(absl::Time deadline, absl::string_view sql) {
  while (PQisBusy(conn_)) {
    absl::Status ready = WaitForSocket(PQsocket(conn_), POLLIN, deadline);
    if (!ready.ok()) {
      // The server may still be working, but we cannot tell a dead network from a slow
      // server: give the connection up (the server rolls back when it notices).
      broken_ = true;
      return ConnectionLostError(absl::StrCat(description_, " did not answer within ",
                                              absl::FormatDuration(answer_timeout_), " (",
                                              ready.message(), ") running: ", Abbreviate(sql)));
    }
    if (!PQconsumeInput(conn_)) {
      broken_ = true;
      return ConnectionLostError(absl::StrCat(LibpqMessage(conn_), " running: ", Abbreviate(sql)));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Result> Connection::ReadCommand(absl::Time deadline, absl::string_view sql,
                                               absl::Status& error) {
  Result last;
  while (true) {
    JISR_RETURN_IF_ERROR(AwaitReadable(deadline, sql));
    PGresult* raw = PQgetResult(conn_);
    if (raw == nullptr) return last;
    Result result(raw);
    if (IsError(raw)) {
      if (error.ok()) error = StatementError(raw, conn_, sql);
    } else if (PQresultStatus(raw) != PGRES_PIPELINE_ABORTED) {  // not skipped after a failure
      last = std::move(result);
    }
  }
}

absl::StatusOr<Result> Connection::AwaitResult(absl::string_view sql) {
  CountRoundTrip();
  absl::Status error;
  JISR_ASSIGN_OR_RETURN(Result last, ReadCommand(absl::Now() + answer_timeout_, sql, error));
  if (PQstatus(conn_) != CONNECTION_OK) broken_ = true;
  if (!error.ok()) return error;
  return last;
}

absl::StatusOr<Result> Connection::Exec(absl::string_view sql) {
  if (broken_) return ConnectionLostError("the connection was lost earlier");
  std::string owned(sql);
  if (!PQsendQuery(conn_, owned.c_str())) return SendFailed(sql);
  return AwaitResult(sql);
}

absl::StatusOr<Result> Connection::Query(absl::string_view sql, const Params& params) {
  JISR_ASSIGN_OR_RETURN(std::vector<Result> results,
                        Pipeline({Statement{std::string(sql), params}}));
  return std::move(results.front());
}

absl::StatusOr<std::vector<Result>> Connection::Pipeline(absl::Span<const Statement> statements) {
  if (broken_) return ConnectionLostError("the connection was lost earlier");
  if (statements.empty()) return std::vector<Result>();
  // Blocking sends cannot deadlock here: the server reads each message before it answers it,
  // and the answers of all but the last statement are short (the writes batched together).
  if (!PQenterPipelineMode(conn_)) return SendFailed(statements.front().sql);
  // A pipeline that could not be sent whole leaves commands queued: the connection is given up.
  std::vector<PipelineCommand> commands;
  for (size_t i = 0; i < statements.size(); ++i) {
    absl::Status sent = SendInPipeline(statements[i], i, commands);
    if (!sent.ok()) {
      broken_ = true;
      return sent;
    }
  }
  if (!PQpipelineSync(conn_)) {
    broken_ = true;
    return SendFailed(statements.front().sql);
  }
  absl::StatusOr<std::vector<Result>> results =
      ReadPipelineResults(statements, commands, absl::Now() + answer_timeout_);
  if (!broken_ && !PQexitPipelineMode(conn_)) broken_ = true;
  return results;
}

absl::Status Connection::SendInPipeline(const Statement& statement, size_t index,
                                        std::vector<PipelineCommand>& commands) {
  const Params& params = statement.params;
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats(params.size(), kBinary);
  for (const std::string& value : params.values()) {
    values.push_back(value.data());
    lengths.push_back(static_cast<int>(value.size()));
  }
  if (!statement.prepare) {
    if (!PQsendQueryParams(conn_, statement.sql.c_str(), params.size(), params.types().data(),
                           values.data(), lengths.data(), formats.data(), kBinary)) {
      return SendFailed(statement.sql);
    }
    commands.push_back({index, ""});
    return absl::OkStatus();
  }
  std::string name;
  auto it = prepared_.find(statement.sql);
  if (it != prepared_.end()) {
    name = it->second;
  } else {
    name = absl::StrCat("jisr_", ++statements_named_);
    if (!PQsendPrepare(conn_, name.c_str(), statement.sql.c_str(), params.size(),
                       params.types().data())) {
      return SendFailed(statement.sql);
    }
    commands.push_back({index, name});
  }
  if (!PQsendQueryPrepared(conn_, name.c_str(), params.size(), values.data(), lengths.data(),
                           formats.data(), kBinary)) {
    return SendFailed(statement.sql);
  }
  commands.push_back({index, ""});
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Result>> Connection::ReadPipelineResults(
    absl::Span<const Statement> statements, const std::vector<PipelineCommand>& commands,
    absl::Time deadline) {
  CountRoundTrip();
  absl::Status error;
  std::vector<Result> results(statements.size());
  // Each command's results end with a null result; the sync's PGRES_PIPELINE_SYNC comes last.
  for (const PipelineCommand& command : commands) {
    const std::string& sql = statements[command.statement].sql;
    JISR_ASSIGN_OR_RETURN(Result result, ReadCommand(deadline, sql, error));
    if (command.prepares.empty()) {
      results[command.statement] = std::move(result);
    } else if (result.received()) {
      // Prepared statements outlive transactions, so one prepared before a later failure of
      // the pipeline stays prepared.
      prepared_.emplace(sql, command.prepares);
    }
  }
  JISR_RETURN_IF_ERROR(AwaitReadable(deadline, statements.back().sql));
  PGresult* sync = PQgetResult(conn_);
  if (sync == nullptr || PQresultStatus(sync) != PGRES_PIPELINE_SYNC) broken_ = true;
  PQclear(sync);
  if (PQstatus(conn_) != CONNECTION_OK) broken_ = true;
  if (!error.ok()) return error;
  if (broken_) return ConnectionLostError(LibpqMessage(conn_));
  return results;
}

bool Connection::IdleAndHealthy() {
  if (broken_ || PQstatus(conn_) != CONNECTION_OK || PQtransactionStatus(conn_) != PQTRANS_IDLE) {
    return false;
  }
  // An idle connection has nothing to read unless the server spoke first: a FATAL shutdown
  // notice, an EOF after a restart, or an administrator's pg_terminate_backend.
  pollfd entry{PQsocket(conn_), POLLIN, 0};
  return ::poll(&entry, 1, 0) == 0;
}

absl::StatusOr<std::vector<std::string>> Connection::TakeNotifications(absl::string_view channel) {
  if (!PQconsumeInput(conn_)) {
    broken_ = true;
    return ConnectionLostError(LibpqMessage(conn_));
  }
  std::vector<std::string> payloads;
  while (PGnotify* notify = PQnotifies(conn_)) {
    if (channel == notify->relname) payloads.emplace_back(notify->extra);
    PQfreemem(notify);
  }
  if (PQstatus(conn_) != CONNECTION_OK) {
    broken_ = true;
    return ConnectionLostError(LibpqMessage(conn_));
  }
  return payloads;
}

}  // namespace jisr::storage::postgres
