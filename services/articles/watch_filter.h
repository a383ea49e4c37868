// A Watch request, checked like every other request (each bad field named): which events the
// stream sends, where it starts, and how often it sends a heartbeat.
#ifndef JISR_SERVICES_ARTICLES_WATCH_FILTER_H_
#define JISR_SERVICES_ARTICLES_WATCH_FILTER_H_

#include <cstdint>
#include <optional>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "jisr/v1/article_service.pb.h"
#include "services/articles/call_context.h"
#include "services/articles/change_feed.h"
#include "services/config/newsroom_config.h"

namespace jisr::articles {

struct WatchPlan {
  FeedFilter filter;
  // The feed sequence the stream starts after, when the request gave a cursor; otherwise the
  // stream starts now (the feed's head), or at the oldest event with `from_oldest`.
  std::optional<int64_t> resume_after;
  bool from_oldest = false;
  // Zero for no heartbeats.
  absl::Duration heartbeat = absl::ZeroDuration();
  // Events go out without their author and author_name.
  bool redact_authors = false;
};

// INVALID_ARGUMENT naming every bad field: a language the newsroom does not publish in, a kind
// that is not a ChangeKind (or is HEARTBEAT), a heartbeat outside 1s to 1h, a malformed cursor.
// A caller who does not see drafts gets changes to published content only (PUBLISHED and
// UNPUBLISHED, without authors), so its stream never shows that a draft exists; asking it for
// another kind names the field.
absl::StatusOr<WatchPlan> ReadWatchRequest(const jisr::v1::WatchRequest& request,
                                           const config::NewsroomConfig& config,
                                           const CallContext& call);

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_WATCH_FILTER_H_
