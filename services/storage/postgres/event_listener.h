// A background thread that LISTENs for commits of every process sharing the database and
// raises the event watermark, so WaitForEvents wakes for them as for this process's own.
// It owns a dedicated connection and reconnects by itself when the server goes away.
#ifndef JISR_SERVICES_STORAGE_POSTGRES_EVENT_LISTENER_H_
#define JISR_SERVICES_STORAGE_POSTGRES_EVENT_LISTENER_H_

#include <atomic>
#include <thread>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/storage/postgres/connection.h"
#include "services/storage/postgres/event_watermark.h"

namespace jisr::storage::postgres {

// The channel every commit that appends events notifies (see postgres_transaction.cc).
inline constexpr char kEventChannel[] = "jisr_events";

class EventListener {
 public:
  // Starts listening at once; `watermark` must outlive the listener.
  EventListener(ConnectionSettings settings, EventWatermark* watermark,
                absl::Duration reconnect_interval);
  // Stops the thread; waits at most for a connection attempt or query already under way.
  ~EventListener();
  EventListener(const EventListener&) = delete;
  EventListener& operator=(const EventListener&) = delete;

 private:
  void Run();
  // Listens on `connection` until it fails or the listener stops.
  absl::Status ListenOn(Connection& connection);
  // Reads the committed high-water mark. The payloads are not trusted for it: a notification
  // may come from another schema of the same database, and some may be lost while reconnecting.
  absl::Status Refresh(Connection& connection);
  // Sleeps for `duration` unless woken to stop; true when stopping.
  bool SleepUnlessStopped(absl::Duration duration);

  const ConnectionSettings settings_;
  EventWatermark* const watermark_;
  const absl::Duration reconnect_interval_;
  const int wake_fd_;  // an eventfd written once to stop the thread
  std::atomic<bool> stopping_{false};
  bool outage_reported_ = false;  // used by the thread only: log an outage once, not per attempt
  std::thread thread_;
};

}  // namespace jisr::storage::postgres

#endif  // JISR_SERVICES_STORAGE_POSTGRES_EVENT_LISTENER_H_
