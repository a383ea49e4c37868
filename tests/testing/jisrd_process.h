// A real jisrd in a child process, on a loopback port it picks itself, for end-to-end tests.
#ifndef JISR_TESTS_TESTING_JISRD_PROCESS_H_
#define JISR_TESTS_TESTING_JISRD_PROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace jisr::testing {

// The jisrd binary built alongside the tests.
std::string JisrdPath();

class JisrdProcess {
 public:
  // Starts jisrd with `flags` (plus --listen=127.0.0.1:0, a port file, and the test credentials'
  // JWKS and access policy unless `flags` name their own) and waits until it serves. Its stderr
  // goes to `log_path`.
  static absl::StatusOr<JisrdProcess> Start(const std::vector<std::string>& flags,
                                            const std::string& work_dir,
                                            absl::Duration timeout = absl::Seconds(30));
  JisrdProcess(JisrdProcess&& other) noexcept;
  JisrdProcess& operator=(JisrdProcess&& other) noexcept;
  ~JisrdProcess();

  int port() const { return port_; }
  std::string target() const { return "127.0.0.1:" + std::to_string(port_); }
  pid_t pid() const { return pid_; }
  const std::string& log_path() const { return log_path_; }

  // Sends `signal` and waits for the process to end; returns its wait status.
  int Signal(int signal);

 private:
  JisrdProcess() = default;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_path_;
};

}  // namespace jisr::testing

#endif  // JISR_TESTS_TESTING_JISRD_PROCESS_H_
