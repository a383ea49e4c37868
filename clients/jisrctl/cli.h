// What every jisrctl command receives: its arguments, its options, the clients, and where to
// write. Commands return absl::Status; main() reports errors and picks the exit code.
#ifndef JISR_CLIENTS_JISRCTL_CLI_H_
#define JISR_CLIENTS_JISRCTL_CLI_H_

#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "clients/cpp/article_client.h"
#include "clients/cpp/text_client.h"
#include "clients/jisrctl/command_flags.h"

namespace jisr::jisrctl {

struct Cli {
  // The positional arguments after the command (and its subcommand, when it has one).
  std::vector<std::string> args;
  CommandFlags flags;
  jisr::client::ArticleClient* client = nullptr;
  jisr::client::TextClient* text = nullptr;  // For `text`: the stateless TextService.
  bool json = false;                         // --json: protobuf's JSON mapping instead of text.
  bool quiet = false;                        // --quiet: no progress on stderr.
  std::ostream* out = nullptr;
  std::ostream* progress = nullptr;

  // Writes a progress line to stderr unless --quiet.
  void Progress(const std::string& line) const;

  // The request_id for a mutating call: --request-id when given, else a fresh UUIDv4.
  std::string RequestId() const;
};

// The commands: `command` is the first positional argument, `subcommand` the second for the
// commands that have them ("story", "variant", ...). Each checks its own arguments.
absl::Status RunLanguages(Cli& cli);
absl::Status RunStory(const std::string& subcommand, Cli& cli);
absl::Status RunVariant(const std::string& subcommand, Cli& cli);
absl::Status RunRevisions(const std::string& subcommand, Cli& cli);
absl::Status RunTranslations(const std::string& subcommand, Cli& cli);
absl::Status RunCorrections(const std::string& subcommand, Cli& cli);
absl::Status RunSchedules(const std::string& subcommand, Cli& cli);
absl::Status RunWatch(Cli& cli);
absl::Status RunImport(Cli& cli);
absl::Status RunText(const std::string& subcommand, Cli& cli);

}  // namespace jisr::jisrctl

#endif  // JISR_CLIENTS_JISRCTL_CLI_H_
