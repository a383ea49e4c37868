// How jisrctl reports a failure on stderr: "jisrctl: <CODE>: <message>", the server's reason
// and each bad field on its own line, then a hint of what to do next.
#ifndef JISR_CLIENTS_JISRCTL_ERROR_REPORT_H_
#define JISR_CLIENTS_JISRCTL_ERROR_REPORT_H_

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace jisr::jisrctl {

// What the hints mention.
struct ReportContext {
  std::string server;
  absl::Duration deadline;
};

// Exit codes: 1 for an error from the server or the system, 2 for a usage mistake.
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// Marks `status` as a mistake in the connection options (--server, --token-file, the --tls
// flags), found before any call: its hint points at those flags.
absl::Status ConnectionSetupError(absl::Status status);

// Prints `status` (not OK) to `err` and returns the exit code.
int ReportError(std::ostream& err, const absl::Status& status, const ReportContext& context);

}  // namespace jisr::jisrctl

#endif  // JISR_CLIENTS_JISRCTL_ERROR_REPORT_H_
