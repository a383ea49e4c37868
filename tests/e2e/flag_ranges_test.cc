// jisrd's bounds are flags, and a flag out of range stops jisrd at start with a message naming
// it, rather than meaning "unlimited" (--max_message_bytes=-1) or hanging every call
// (--write_threads=0).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/testing/temp_dir.h"

namespace jisr {
namespace {

struct Exit {
  int code = -1;
  std::string stderr_text;
};

// Runs jisrd with `flag` on a fresh data file; it must stop by itself.
Exit RunJisrd(const testing::TempDir& dir, const std::string& flag) {
  const std::string command =
      absl::StrCat("timeout 20 '", JISR_BINARY_DIR, "/services/jisrd/jisrd' --listen=127.0.0.1:0",
                   " --data_path='", dir.File("jisr.db"), "' '", flag, "' 2>&1 >/dev/null");
  Exit exit;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return exit;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    exit.stderr_text.append(buffer.data(), n);
  const int status = pclose(pipe);
  exit.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return exit;
}

TEST(FlagRangesTest, EachBoundOutOfRangeStopsJisrdNamingTheFlag) {
  testing::TempDir dir;
  const std::vector<std::string> flags = {
      "--max_message_bytes=-1",  "--max_message_bytes=1024",
      "--write_threads=0",       "--read_threads=0",
      "--watch_threads=0",       "--text_threads=0",
      "--text_queue=-1",         "--text_nice=20",
      "--write_queue=-5",        "--grpc_memory_mb=0",
      "--grpc_max_threads=1",    "--max_concurrent_streams=0",
      "--max_watch_streams=0",   "--max_watch_streams_per_caller=0",
      "--watch_max_behind=0",    "--default_deadline=0s",
      "--min_ping_interval=-1s", "--max_connection_idle=0s",
      "--shutdown_grace=-1s",    "--database_pool_size=0",
      "--max_database_mb=-1",    "--max_database_mb=16777217",
      "--max_group_commit=0",    "--max_group_commit=1025",
      "--request_retention=0s",  "--request_retention=721h",
      "--event_retention=30m",   "--retention_interval=2h",
  };
  for (const std::string& flag : flags) {
    SCOPED_TRACE(flag);
    const Exit exit = RunJisrd(dir, flag);
    // 124 is timeout's: jisrd started serving instead of stopping.
    EXPECT_NE(exit.code, 0);
    EXPECT_NE(exit.code, 124) << "jisrd did not stop";
    const std::string name = flag.substr(0, flag.find('='));
    EXPECT_THAT(exit.stderr_text, ::testing::HasSubstr(name + "=")) << exit.stderr_text;
    EXPECT_THAT(exit.stderr_text, ::testing::HasSubstr("out of range")) << exit.stderr_text;
  }
}

}  // namespace
}  // namespace jisr
