#include "tests/testing/jisrd_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "tests/testing/test_credentials.h"

namespace jisr::testing {

std::string JisrdPath() { return absl::StrCat(JISR_BINARY_DIR, "/services/jisrd/jisrd"); }

absl::StatusOr<JisrdProcess> JisrdProcess::Start(const std::vector<std::string>& flags,
                                                 const std::string& work_dir,
                                                 absl::Duration timeout) {
  static std::atomic<int> counter{0};
  const int n = counter++;
  const std::string port_file = absl::StrCat(work_dir, "/jisrd-", getpid(), "-", n, ".port");
  JisrdProcess process;
  process.log_path_ = absl::StrCat(work_dir, "/jisrd-", getpid(), "-", n, ".log");
  std::vector<std::string> args = {JisrdPath(), "--listen=127.0.0.1:0", "--port_file=" + port_file};
  args.insert(args.end(), flags.begin(), flags.end());
  const bool own_access = std::any_of(flags.begin(), flags.end(), [](const std::string& flag) {
    return absl::StartsWith(flag, "--policy_file") || absl::StartsWith(flag, "--jwks_file");
  });
  if (!own_access) {
    for (const std::string& flag : TestCredentials::Get().JisrdFlags()) args.push_back(flag);
  }
  pid_t pid = fork();
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    int log = open(process.log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (log >= 0) dup2(log, STDERR_FILENO);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  process.pid_ = pid;
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    std::ifstream in(port_file);
    std::string text;
    if (in && std::getline(in, text) &&
        absl::SimpleAtoi(absl::StripAsciiWhitespace(text), &process.port_) && process.port_ > 0) {
      return process;
    }
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      process.pid_ = -1;
      return absl::InternalError(
          absl::StrCat("jisrd exited before serving; see ", process.log_path_));
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  return absl::DeadlineExceededError(absl::StrCat("jisrd did not start; see ", process.log_path_));
}

JisrdProcess::JisrdProcess(JisrdProcess&& other) noexcept
    : pid_(other.pid_), port_(other.port_), log_path_(std::move(other.log_path_)) {
  other.pid_ = -1;
}

JisrdProcess& JisrdProcess::operator=(JisrdProcess&& other) noexcept {
  if (this != &other) {
    if (pid_ > 0) Signal(SIGKILL);
    pid_ = other.pid_;
    port_ = other.port_;
    log_path_ = std::move(other.log_path_);
    other.pid_ = -1;
  }
  return *this;
}

JisrdProcess::~JisrdProcess() {
  if (pid_ > 0) Signal(SIGTERM);
}

int JisrdProcess::Signal(int signal) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return status;
}

}  // namespace jisr::testing
