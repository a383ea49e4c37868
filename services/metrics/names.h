// The names Prometheus accepts for metrics and labels, checked when a family is registered so
// that a bad name fails jisrd's start rather than every scrape.
#ifndef JISR_SERVICES_METRICS_NAMES_H_
#define JISR_SERVICES_METRICS_NAMES_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace jisr::metrics {

// [a-zA-Z_:][a-zA-Z0-9_:]*
bool IsValidMetricName(absl::string_view name);

// [a-zA-Z_][a-zA-Z0-9_]*, not starting with "__" (reserved for Prometheus' own use).
bool IsValidLabelName(absl::string_view name);

// OK when `name` is a valid metric name and `label_names` are valid, distinct and none of
// `reserved` (such as "le" for a histogram); INVALID_ARGUMENT naming the first one that is not.
absl::Status CheckFamilyNames(absl::string_view name, const std::vector<std::string>& label_names,
                              const std::vector<std::string>& reserved = {});

}  // namespace jisr::metrics

#endif  // JISR_SERVICES_METRICS_NAMES_H_
