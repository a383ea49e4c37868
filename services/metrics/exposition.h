// Prometheus' text exposition format, version 0.0.4: what GET /metrics answers.
//   # HELP name help text
//   # TYPE name counter
//   name{label="value"} 42
// https://prometheus.io/docs/instrumenting/exposition_formats/
#ifndef JISR_SERVICES_METRICS_EXPOSITION_H_
#define JISR_SERVICES_METRICS_EXPOSITION_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/metrics/sample.h"

namespace jisr::metrics {

// The Content-Type of the format.
inline constexpr char kExpositionContentType[] = "text/plain; version=0.0.4; charset=utf-8";

// A value as the format writes it: an integer below 1e15 in full ("1234567"), otherwise the
// shortest text that reads back as the same double ("0.25", "1e-05", "1e+21"); or "+Inf",
// "-Inf", "NaN".
std::string FormatValue(double value);

// A label value with `\`, `"` and newline escaped.
std::string EscapeLabelValue(absl::string_view value);

// HELP text with `\` and newline escaped.
std::string EscapeHelp(absl::string_view help);

// Appends one family: its HELP and TYPE lines, then a line per sample.
void AppendFamily(absl::string_view name, absl::string_view help, absl::string_view type,
                  const std::vector<Sample>& samples, std::string* out);

}  // namespace jisr::metrics

#endif  // JISR_SERVICES_METRICS_EXPOSITION_H_
