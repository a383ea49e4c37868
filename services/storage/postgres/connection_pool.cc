#include "services/storage/postgres/connection_pool.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace jisr::storage::postgres {

ConnectionPool::Lease::~Lease() {
  if (connection_ != nullptr) pool_->Release(std::move(connection_));
}

ConnectionPool::~ConnectionPool() {
  absl::MutexLock lock(&mu_);
  idle_.clear();
}

absl::StatusOr<ConnectionPool::Lease> ConnectionPool::Acquire() {
  std::unique_ptr<Connection> stale;  // closed outside the lock
  {
    absl::MutexLock lock(&mu_);
    auto can_proceed = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return !idle_.empty() || open_ < options_.size;
    };
    if (!mu_.AwaitWithTimeout(absl::Condition(&can_proceed), options_.acquire_timeout)) {
      return absl::UnavailableError(
          absl::StrCat("all ", options_.size, " connections to ", options_.settings.description,
                       " stayed busy for ", absl::FormatDuration(options_.acquire_timeout),
                       ": raise PostgresOptions.pool_size, or look for slow transactions"));
    }
    while (!idle_.empty()) {
      std::unique_ptr<Connection> candidate = std::move(idle_.back());
      idle_.pop_back();
      if (candidate->IdleAndHealthy()) return Lease(this, std::move(candidate));
      stale = std::move(candidate);
      --open_;
    }
    if (absl::Now() < retry_after_) return last_connect_failure_;
    ++open_;
  }
  stale.reset();
  absl::StatusOr<std::unique_ptr<Connection>> fresh = Connection::Open(options_.settings);
  absl::MutexLock lock(&mu_);
  if (!fresh.ok()) {
    --open_;
    retry_after_ = absl::Now() + options_.reconnect_interval;
    last_connect_failure_ = fresh.status();
    return fresh.status();
  }
  retry_after_ = absl::InfinitePast();
  return Lease(this, *std::move(fresh));
}

void ConnectionPool::Release(std::unique_ptr<Connection> connection) {
  bool reusable = connection->IdleAndHealthy();
  if (!reusable) connection.reset();
  absl::MutexLock lock(&mu_);
  if (reusable) {
    idle_.push_back(std::move(connection));
  } else {
    --open_;
  }
}

}  // namespace jisr::storage::postgres
