// Minimal logging to stderr (this Abseil has no absl/log): one line per message, with a UTC
// timestamp, written whole even when threads log at once.
#ifndef JISR_SERVICES_COMMON_LOG_H_
#define JISR_SERVICES_COMMON_LOG_H_

#include "absl/strings/string_view.h"

namespace jisr {

void LogInfo(absl::string_view message);
void LogWarning(absl::string_view message);
void LogError(absl::string_view message);

}  // namespace jisr

#endif  // JISR_SERVICES_COMMON_LOG_H_
