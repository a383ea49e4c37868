// jisrctl's help: an overview, and each command's syntax, flags and examples.
#ifndef JISR_CLIENTS_JISRCTL_USAGE_H_
#define JISR_CLIENTS_JISRCTL_USAGE_H_

#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace jisr::jisrctl {

// The overview: every command in one line, the global flags, the output and exit codes.
void PrintOverview(std::ostream& out);

// Help for `command` ("variant", "import", ...); false when there is no such command.
bool PrintCommandHelp(std::ostream& out, absl::string_view command);

// The command-specific flags (underscore names) `command` accepts ("variant create"; a command
// without subcommands is named alone). Empty for an unknown command.
std::vector<std::string> AllowedFlags(absl::string_view command);

// Every command-specific flag name, for checking that none is given where it means nothing.
std::vector<std::string> AllCommandFlags();

// True for a command ("languages") or command and subcommand ("variant get") that exists.
bool IsKnownCommand(absl::string_view command);

// True for the commands that take a subcommand ("story", "variant", ...).
bool HasSubcommands(absl::string_view command);

}  // namespace jisr::jisrctl

#endif  // JISR_CLIENTS_JISRCTL_USAGE_H_
