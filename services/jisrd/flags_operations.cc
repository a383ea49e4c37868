// The flags an operator watches jisrd with: its log, its metrics endpoint and its health
// listener for probes.
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "services/jisrd/options.h"

ABSL_FLAG(std::string, log_format, "text",
          "text (for people) or json (one JSON object per line, for log pipelines)");
ABSL_FLAG(std::string, log_level, "info",
          "the lowest level logged: debug, info (one line per call, and lifecycle events), "
          "warning or error");
ABSL_FLAG(std::string, metrics_listen, "",
          "host:port to serve Prometheus metrics on (GET /metrics), such as 127.0.0.1:9464 or "
          "0.0.0.0:9464 in a pod; empty: no metrics endpoint");
ABSL_FLAG(std::string, health_listen, "",
          "host:port of a plaintext listener that serves only gRPC health checking, for probes "
          "that cannot use TLS (Kubernetes gRPC probes); empty: none");

namespace jisr::jisrd {

absl::Status OperationsOptionsFromFlags(JisrdOptions& options) {
  const std::string format = absl::GetFlag(FLAGS_log_format);
  if (format != "text" && format != "json") {
    return absl::InvalidArgumentError(
        absl::StrCat("--log_format=", format, " is not a log format: use text or json"));
  }
  options.operations.log_format = format == "json" ? LogFormat::kJson : LogFormat::kText;
  const std::string level = absl::GetFlag(FLAGS_log_level);
  if (level == "debug") {
    options.operations.log_level = LogLevel::kDebug;
  } else if (level == "info") {
    options.operations.log_level = LogLevel::kInfo;
  } else if (level == "warning") {
    options.operations.log_level = LogLevel::kWarning;
  } else if (level == "error") {
    options.operations.log_level = LogLevel::kError;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("--log_level=", level, " is not a level: use debug, info, warning or error"));
  }
  options.operations.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  options.server.health_listen_address = absl::GetFlag(FLAGS_health_listen);
  return absl::OkStatus();
}

}  // namespace jisr::jisrd
