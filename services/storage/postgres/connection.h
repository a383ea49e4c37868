// One libpq connection with errors as absl::Status, prepared statements cached per connection,
// and a deadline on every wait so that a dead server or network never blocks a caller forever.
// A connection is used by one thread at a time.
//
// Plain libpq rather than libpqxx: libpqxx reports errors by throwing, which this code base does
// not use, and the few calls needed here (connect, prepare, execute with binary parameters,
// LISTEN) are a small layer over the C API.
#ifndef JISR_SERVICES_STORAGE_POSTGRES_CONNECTION_H_
#define JISR_SERVICES_STORAGE_POSTGRES_CONNECTION_H_

#include <libpq-fe.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"

namespace jisr::storage::postgres {

// Parameters of a statement, all sent in binary format with their types declared, so values
// reach the server byte-exact (BYTEA included) and nothing is quoted or escaped.
class Params {
 public:
  Params& Int64(int64_t value);
  Params& Int32(int32_t value);
  Params& Bool(bool value);
  Params& Text(absl::string_view value);
  Params& Bytes(absl::string_view value);

  int size() const { return static_cast<int>(values_.size()); }
  const std::vector<Oid>& types() const { return types_; }
  const std::vector<std::string>& values() const { return values_; }

 private:
  Params& Add(Oid type, std::string bytes);
  std::vector<Oid> types_;
  std::vector<std::string> values_;
};

// The rows of a statement run with Query, in binary format.
class Result {
 public:
  Result() = default;
  explicit Result(PGresult* result) : result_(result, &PQclear) {}

  // False for a statement skipped after an earlier one failed.
  bool received() const { return result_ != nullptr; }
  int rows() const { return result_ == nullptr ? 0 : PQntuples(result_.get()); }
  // SMALLINT, INTEGER or BIGINT.
  int64_t Int(int row, int column) const;
  bool Bool(int row, int column) const;
  // TEXT or BYTEA, as stored.
  std::string Bytes(int row, int column) const;
  // Rows inserted, updated or deleted by the statement.
  int64_t AffectedRows() const;
  // The command tag, e.g. "COMMIT", or "ROLLBACK" when COMMIT found the transaction failed.
  std::string CommandTag() const;

 private:
  std::unique_ptr<PGresult, decltype(&PQclear)> result_{nullptr, &PQclear};
};

// One statement of a pipeline (Connection::Pipeline).
struct Statement {
  std::string sql;
  Params params;
  // Prepared once per connection and cached by its text. False for transaction control (BEGIN,
  // COMMIT), which is sent as it is.
  bool prepare = true;
};

struct ConnectionSettings {
  std::string url;          // a libpq connection URI or key=value string; may hold a password
  std::string description;  // the URL without secrets, for messages
  absl::Duration connect_timeout = absl::Seconds(5);
  // Set as the session's statement_timeout; the client waits this plus connect_timeout for an
  // answer before it gives the connection up as dead.
  absl::Duration statement_timeout = absl::Seconds(30);
  // When set, every round trip of every connection opened with these settings adds one here
  // (the storage's total, for tests and benchmarks).
  std::shared_ptr<std::atomic<int64_t>> round_trips;
};

class Connection {
 public:
  // Connects within settings.connect_timeout (UNAVAILABLE otherwise) and sets the session up.
  static absl::StatusOr<std::unique_ptr<Connection>> Open(const ConnectionSettings& settings);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements with no parameters (simple protocol). Values in the result are
  // in text format: use it for commands, not for reading rows.
  absl::StatusOr<Result> Exec(absl::string_view sql);
  // Runs one statement, prepared once per connection and cached by its text; a statement not
  // prepared yet is prepared in the same round trip.
  absl::StatusOr<Result> Query(absl::string_view sql, const Params& params);
  // Runs `statements` in order in one round trip (libpq's pipeline mode), preparing those not
  // prepared yet on the way, and returns their results. The first failure is returned and the
  // statements after it are not run; inside a transaction, the transaction is then failed, as
  // with single statements. Outside one, the statements form one implicit transaction: all or
  // nothing.
  absl::StatusOr<std::vector<Result>> Pipeline(absl::Span<const Statement> statements);

  // Times this connection waited for the server: one per Exec, Query or Pipeline that reached
  // it, and the session setup of Open.
  int64_t round_trips() const { return round_trips_; }

  // True once the connection is known to be unusable; the pool then discards it.
  bool broken() const { return broken_; }
  // True between BEGIN and COMMIT/ROLLBACK, failed transactions included.
  bool InTransaction() const {
    PGTransactionStatusType status = PQtransactionStatus(conn_);
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
  }
  // False when an idle connection has heard from the server (a shutdown notice, a reset): a
  // connection in that state would fail its next statement.
  bool IdleAndHealthy();
  // For LISTEN: reads what the server sent without blocking and returns the notification
  // payloads of `channel` received so far.
  absl::StatusOr<std::vector<std::string>> TakeNotifications(absl::string_view channel);

  int socket() const { return PQsocket(conn_); }

 private:
  Connection(PGconn* conn, const ConnectionSettings& settings);
  absl::StatusOr<Result> AwaitResult(absl::string_view sql);
  absl::Status SendFailed(absl::string_view sql);
  // Reads one command's results, up to the null result that ends them; returns the last one that
  // is neither an error nor a skip (none, when there is no such result), and keeps the first
  // error in `error`.
  absl::StatusOr<Result> ReadCommand(absl::Time deadline, absl::string_view sql,
                                     absl::Status& error);
  // Waits until a result can be read without blocking; the connection is broken otherwise.
  absl::Status AwaitReadable(absl::Time deadline, absl::string_view sql);
  // A command sent in pipeline mode: the statement it belongs to, and the name it prepares
  // the statement under ("" for the execution itself).
  struct PipelineCommand {
    size_t statement;
    std::string prepares;
  };
  // Queues statement number `index` in the pipeline, preceded by its Parse when it has not
  // been prepared on this connection, and lists what was sent in `commands`.
  absl::Status SendInPipeline(const Statement& statement, size_t index,
                              std::vector<PipelineCommand>& commands);
  // Reads the results of `commands`, sent in pipeline mode, up to the sync.
  absl::StatusOr<std::vector<Result>> ReadPipelineResults(
      absl::Span<const Statement> statements, const std::vector<PipelineCommand>& commands,
      absl::Time deadline);
  void CountRoundTrip();

  PGconn* conn_;
  std::string description_;
  absl::Duration answer_timeout_;
  bool broken_ = false;
  int64_t round_trips_ = 0;
  int64_t statements_named_ = 0;  // prepared statements are named jisr_1, jisr_2, ...
  std::shared_ptr<std::atomic<int64_t>> shared_round_trips_;
  absl::flat_hash_map<std::string, std::string> prepared_;  // SQL text -> statement name
};

}  // namespace jisr::storage::postgres

#endif  // JISR_SERVICES_STORAGE_POSTGRES_CONNECTION_H_
