// The standard process metrics every Prometheus client exposes, read from /proc/self at
// scrape time, and jisr_build_info{version} (the version CMake's project() declares), so
// dashboards can show resources and which build runs where.
#ifndef JISR_SERVICES_METRICS_PROCESS_METRICS_H_
#define JISR_SERVICES_METRICS_PROCESS_METRICS_H_

#include "absl/strings/string_view.h"
#include "services/metrics/registry.h"

namespace jisr::metrics {

// jisr's version, such as "0.1.0".
absl::string_view BuildVersion();

// Registers process_cpu_seconds_total, process_resident_memory_bytes,
// process_virtual_memory_bytes, process_open_fds, process_max_fds,
// process_start_time_seconds and jisr_build_info. A value /proc cannot give (not Linux, /proc
// not mounted) is left out of the scrape rather than reported as 0.
void AddProcessMetrics(Registry* registry);

}  // namespace jisr::metrics

#endif  // JISR_SERVICES_METRICS_PROCESS_METRICS_H_
