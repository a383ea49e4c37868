// A bounded set of connections shared by transactions and single reads. Connections the server
// dropped are replaced on the next Acquire, so calls succeed again by themselves once PostgreSQL
// is back; while it is unreachable Acquire fails fast with UNAVAILABLE instead of queueing.
#ifndef JISR_SERVICES_STORAGE_POSTGRES_CONNECTION_POOL_H_
#define JISR_SERVICES_STORAGE_POSTGRES_CONNECTION_POOL_H_

#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/storage/postgres/connection.h"

namespace jisr::storage::postgres {

struct ConnectionPoolOptions {
  ConnectionSettings settings;
  int size = 8;                                                 // connections at most
  absl::Duration acquire_timeout = absl::Seconds(5);            // wait for a busy pool, then fail
  absl::Duration reconnect_interval = absl::Milliseconds(500);  // fail fast this long after a
                                                                // failed connect
};

class ConnectionPool {
 public:
  // A connection on loan; it goes back to the pool (or is closed, if broken) when destroyed.
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = default;
    ~Lease();
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  explicit ConnectionPool(ConnectionPoolOptions options) : options_(std::move(options)) {}
  ~ConnectionPool();

  // An idle healthy connection, or a new one while fewer than `size` are open. UNAVAILABLE when
  // every connection stays busy for acquire_timeout, or when PostgreSQL cannot be reached (that
  // failure is remembered for reconnect_interval so that callers do not each wait on it).
  absl::StatusOr<Lease> Acquire();

 private:
  void Release(std::unique_ptr<Connection> connection);

  const ConnectionPoolOptions options_;
  absl::Mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;  // idle, lent out, or being connected
  absl::Time retry_after_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  absl::Status last_connect_failure_ ABSL_GUARDED_BY(mu_);
};

}  // namespace jisr::storage::postgres

#endif  // JISR_SERVICES_STORAGE_POSTGRES_CONNECTION_POOL_H_
