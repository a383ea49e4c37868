// Runs a program to completion, as a user at a shell would, and keeps what it printed.
#ifndef JISR_TESTS_CLIENTS_COMMAND_RUNNER_H_
#define JISR_TESTS_CLIENTS_COMMAND_RUNNER_H_

#include <string>
#include <vector>

namespace jisr::testing {

struct CommandResult {
  // The exit status, or -1 when the program could not be started or was killed by a signal.
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs argv[0] (a path) with `argv`, stdin from /dev/null, stdout and stderr captured through
// files in `work_dir`, and waits for it to end.
CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& work_dir);

}  // namespace jisr::testing

#endif  // JISR_TESTS_CLIENTS_COMMAND_RUNNER_H_
