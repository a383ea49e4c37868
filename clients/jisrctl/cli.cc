#include "clients/jisrctl/cli.h"

#include "clients/cpp/request_id.h"

namespace jisr::jisrctl {

void Cli::Progress(const std::string& line) const {
  if (!quiet && progress != nullptr) *progress << "jisrctl: " << line << std::endl;
}

std::string Cli::RequestId() const {
  return flags.request_id.empty() ? jisr::client::NewRequestId() : flags.request_id;
}

}  // namespace jisr::jisrctl
