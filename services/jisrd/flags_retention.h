// The flags of bounded data: how long request ids and change events are kept, and how often
// the pruner runs (flags_retention.cc).
#ifndef JISR_SERVICES_JISRD_FLAGS_RETENTION_H_
#define JISR_SERVICES_JISRD_FLAGS_RETENTION_H_

#include "absl/status/status.h"
#include "services/articles/retention.h"

namespace jisr::jisrd {

// Fills `retention` from --request_retention, --event_retention and --retention_interval;
// INVALID_ARGUMENT naming the flag and its range when one is out of it.
absl::Status RetentionOptionsFromFlags(articles::RetentionOptions& retention);

}  // namespace jisr::jisrd

#endif  // JISR_SERVICES_JISRD_FLAGS_RETENTION_H_
