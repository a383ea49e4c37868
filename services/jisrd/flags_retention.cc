// Flags of bounded data. The defaults: request ids for 24 hours (far longer than any client
// retries a call, and a day of writes is a small table), events for 7 days (a watcher may be
// down over a long weekend and still resume where it stopped), and a pruning round a minute (a
// minute's worth of rows is a few small batches).
#include "services/jisrd/flags_retention.h"

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

ABSL_FLAG(absl::Duration, request_retention, absl::Hours(24),
          "how long a request_id is remembered: a call repeated with it within this long gets "
          "the first response, one repeated later is a new call (1m to 720h)");
ABSL_FLAG(absl::Duration, event_retention, absl::Hours(24 * 7),
          "how long change events are kept (the newest always is): a Watch resuming from a "
          "cursor whose next events are older gets OUT_OF_RANGE (CURSOR_EXPIRED) and must "
          "re-sync (1h to 87600h; 168h is 7 days)");
ABSL_FLAG(absl::Duration, retention_interval, absl::Minutes(1),
          "how often request ids and events past their retention are deleted, in small "
          "batches (1s to 1h)");

namespace jisr::jisrd {
namespace {

absl::Status CheckRange(const absl::Flag<absl::Duration>& flag, const char* name,
                        absl::Duration low, absl::Duration high, absl::Duration& out) {
  out = absl::GetFlag(flag);
  if (out >= low && out <= high) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("--", name, "=", absl::FormatDuration(out), " is out of range: use ",
                   absl::FormatDuration(low), " to ", absl::FormatDuration(high)));
}

}  // namespace

absl::Status RetentionOptionsFromFlags(articles::RetentionOptions& retention) {
  absl::Status status = CheckRange(FLAGS_request_retention, "request_retention", absl::Minutes(1),
                                   absl::Hours(720), retention.requests);
  if (status.ok()) {
    status = CheckRange(FLAGS_event_retention, "event_retention", absl::Hours(1),
                        absl::Hours(87600), retention.events);
  }
  if (status.ok()) {
    status = CheckRange(FLAGS_retention_interval, "retention_interval", absl::Seconds(1),
                        absl::Hours(1), retention.interval);
  }
  return status;
}

}  // namespace jisr::jisrd
