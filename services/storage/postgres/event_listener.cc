#include "services/storage/postgres/event_listener.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "services/common/log.h"
#include "services/common/status_macros.h"

namespace jisr::storage::postgres {
namespace {

// With no notification for this long the listener asks the server anyway: that finds a
// connection that died silently (no FIN from a vanished host) and anything it missed.
constexpr absl::Duration kHeartbeat = absl::Seconds(10);

}  // namespace

EventListener::EventListener(ConnectionSettings settings, EventWatermark* watermark,
                             absl::Duration reconnect_interval)
    : settings_(std::move(settings)),
      watermark_(watermark),
      reconnect_interval_(reconnect_interval),
      wake_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)),
      thread_([this] { Run(); }) {}

EventListener::~EventListener() {
  stopping_ = true;
  uint64_t one = 1;
  while (::write(wake_fd_, &one, sizeof(one)) < 0 && errno == EINTR) {
  }
  thread_.join();
  ::close(wake_fd_);
}

void EventListener::Run() {
  while (!stopping_) {
    absl::StatusOr<std::unique_ptr<Connection>> connection = Connection::Open(settings_);
    absl::Status status = connection.ok() ? ListenOn(**connection) : connection.status();
    if (stopping_) return;
    if (!status.ok() && !outage_reported_) {
      LogError(absl::StrCat("storage event listener: ", status.message(),
                            "; other replicas' commits wake waiters late until it reconnects"));
      outage_reported_ = true;
    }
    if (SleepUnlessStopped(reconnect_interval_)) return;
  }
}

absl::Status EventListener::ListenOn(Connection& connection) {
  JISR_RETURN_IF_ERROR(connection.Exec(absl::StrCat("LISTEN ", kEventChannel)).status());
  // Commits made while no connection listened are found here.
  JISR_RETURN_IF_ERROR(Refresh(connection));
  if (outage_reported_) {
    LogInfo(absl::StrCat("storage event listener: listening again on ", settings_.description));
    outage_reported_ = false;
  }
  while (!stopping_) {
    pollfd fds[2] = {{connection.socket(), POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    int rc = ::poll(fds, 2, static_cast<int>(absl::ToInt64Milliseconds(kHeartbeat)));
    if (stopping_) return absl::OkStatus();
    if (rc < 0) {
      if (errno == EINTR) continue;
      return absl::UnavailableError(absl::StrCat("poll failed: ", std::strerror(errno)));
    }
    bool refresh = rc == 0;
    if (rc > 0 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      JISR_ASSIGN_OR_RETURN(std::vector<std::string> payloads,
                            connection.TakeNotifications(kEventChannel));
      refresh = !payloads.empty();
    }
    // Notifications that arrive while Refresh runs are buffered by libpq, not left on the
    // socket, so drain them before polling again.
    while (refresh) {
      JISR_RETURN_IF_ERROR(Refresh(connection));
      JISR_ASSIGN_OR_RETURN(std::vector<std::string> payloads,
                            connection.TakeNotifications(kEventChannel));
      refresh = !payloads.empty();
    }
  }
  return absl::OkStatus();
}

absl::Status EventListener::Refresh(Connection& connection) {
  JISR_ASSIGN_OR_RETURN(Result result,
                        connection.Query("SELECT COALESCE(MAX(sequence), 0) FROM events", {}));
  if (result.rows() == 1) watermark_->Advance(result.Int(0, 0));
  return absl::OkStatus();
}

bool EventListener::SleepUnlessStopped(absl::Duration duration) {
  pollfd wake{wake_fd_, POLLIN, 0};
  ::poll(&wake, 1, static_cast<int>(absl::ToInt64Milliseconds(duration)));
  return stopping_;
}

}  // namespace jisr::storage::postgres
