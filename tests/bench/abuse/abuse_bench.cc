// The renderer's GetVariant latency alone and under each abuse of tests/abuse, side by side in
// one run against one jisrd: p50 and p99, calls, failures, and p99 as a multiple of p99 alone.
//   bench_abuse [--seconds=10] [--jisrd_flags=--text_threads=1,...] [--abuser_nice=19]
// tests/bench/abuse/run builds it and runs it; the figures are in docs/performance.md.
//
// Each abuser runs in a process of its own (this program, --abuser=NAME) at a lower priority:
// on a 2-core machine, an abuser in the renderer's process or at jisrd's priority spends the
// cores on building its own requests and reading its own answers, and the figures would say
// more about the test rig than about jisrd. A real abuser is on another machine.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <climits>
#include <cstdio>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tests/abuse/abusers.h"
#include "tests/abuse/token_mangler.h"
#include "tests/security/security_support.h"
#include "tests/testing/test_credentials.h"

ABSL_FLAG(int, seconds, 10, "how long the renderer is timed in each phase");
ABSL_FLAG(std::vector<std::string>, jisrd_flags, {},
          "more flags for jisrd, comma-separated (--jisrd_flags=--text_threads=1,--text_queue=2)");
ABSL_FLAG(int, abuser_nice, 19, "the abusers' nice value (0: jisrd's own priority)");
// Set by the bench for the processes it starts.
ABSL_FLAG(std::string, abuser, "", "internal: run this abuser against --target and print a line");
ABSL_FLAG(std::string, target, "", "internal: the jisrd an abuser calls");
ABSL_FLAG(std::string, variant, "", "internal: the published seed variant");

extern char** environ;

namespace jisr::abuse {
namespace {

// jisrd's message limit in this run: its default, so a 1 MiB Analyze is answered whole and an
// over-limit write is as large as a request can be.
constexpr int kMessageBytes = 8 << 20;

// `threads` clients, each on its own connection, making `call` in a loop until stopped, counting
// the status codes they get.
class Loop {
 public:
  using Call = std::function<grpc::Status(v1::ArticleService::Stub&, int thread)>;
  Loop(const std::string& target, int threads, Call call) {
    for (int i = 0; i < threads; ++i) {
      threads_.emplace_back([this, target, i, call] {
        auto stub = v1::ArticleService::NewStub(OwnConnection(target, 7000 + i));
        while (!stop_) {
          const grpc::Status status = call(*stub, i);
          absl::MutexLock lock(&mu_);
          ++codes_[status.error_code()];
        }
      });
    }
  }
  ~Loop() { Stop(); }
  std::string Stop() {
    stop_ = true;
    for (auto& thread : threads_) thread.join();
    threads_.clear();
    absl::MutexLock lock(&mu_);
    std::string out;
    for (const auto& [code, n] : codes_) {
      absl::StrAppend(&out, out.empty() ? "" : ", ", n, " ", security::CodeName(code));
    }
    return out;
  }

 private:
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
  absl::Mutex mu_;
  std::map<grpc::StatusCode, int> codes_ ABSL_GUARDED_BY(mu_);
};

// The principals abusers call as, and the variables that carry their tokens to them.
constexpr const char* kAbusers[] = {testing::kTestAdmin, testing::kTestEditor};
std::string TokenVariable(const std::string& principal) {
  return principal == testing::kTestAdmin ? "JISR_BENCH_ADMIN_TOKEN" : "JISR_BENCH_EDITOR_TOKEN";
}

// One abuser, for `phase_time`: returns what it got, in a few words.
std::string RunAbuser(const std::string& name, const std::string& target,
                      const std::string& variant, absl::Duration phase_time) {
  for (const char* principal : kAbusers) {
    const char* token = getenv(TokenVariable(principal).c_str());
    if (token != nullptr) security::RememberToken(principal, token);
  }
  security::Client client(target);
  security::Admin admin(client);
  if (name == "streams") {
    StreamHog hog(target);
    const int open = hog.Open(5000, 50);
    absl::SleepFor(phase_time);
    hog.Close();
    return absl::StrCat(open, " streams open");
  }
  if (name == "analyze") {
    std::atomic<bool> stop{false};
    std::thread timer([&] {
      absl::SleepFor(phase_time);
      stop = true;
    });
    const FloodReport flood = FloodAnalyze(
        target, MebibyteOfArabic(), 64, std::numeric_limits<int>::max(), absl::Seconds(60), &stop);
    timer.join();
    // What the other answers were (the first 20), for whoever reads the bench's log.
    for (const std::string& other : flood.other) {
      std::fprintf(stderr, "bench: an Analyze call got %s\n", other.c_str());
    }
    return absl::StrCat(flood.ok, " OK, ", flood.refused, " RESOURCE_EXHAUSTED, ",
                        flood.other_count, " other");
  }
  if (name == "watch") {
    WatchHog hog(target, testing::kTestEditor);
    const int open = hog.OpenUntilRefused(1000);
    absl::SleepFor(phase_time);
    return absl::StrCat(open, " open, then ", security::CodeName(hog.refusal().error_code()));
  }
  if (name == "oversize") {
    absl::StatusOr<v1::Variant> current = admin.GetLatest(variant);
    if (!current.ok()) return absl::StrCat("no variant to write: ", current.status().ToString());
    const v1::UpdateVariantRequest oversize = OversizeUpdate(*current, kMessageBytes);
    Loop writers(target, 4, [&](v1::ArticleService::Stub& stub, int) {
      v1::Variant updated;
      return stub.UpdateVariant(security::CallAs(testing::kTestAdmin).get(), oversize, &updated);
    });
    absl::SleepFor(phase_time);
    return writers.Stop();
  }
  if (name == "tokens") {
    v1::ListVariantsRequest list;
    list.set_page_size(1);
    v1::ListVariantsResponse first;
    grpc::Status listed =
        client.articles().ListVariants(security::CallAs(testing::kTestAdmin).get(), list, &first);
    if (!listed.ok() || first.next_page_token().empty()) return "no page token to corrupt";
    std::vector<TokenMangler> manglers;
    for (int i = 0; i < 4; ++i) manglers.emplace_back(1000 + i);
    Loop corrupters(target, 4, [&](v1::ArticleService::Stub& stub, int thread) {
      v1::ListVariantsRequest request = list;
      request.set_page_token(manglers[thread].Alter(first.next_page_token()));
      v1::ListVariantsResponse page;
      return stub.ListVariants(security::CallAs(testing::kTestAdmin).get(), request, &page);
    });
    absl::SleepFor(phase_time);
    return corrupters.Stop();
  }
  return absl::StrCat("no abuser called ", name);
}

// Runs this program as abuser `name` at the abusers' priority; returns the line it prints.
std::string SpawnAbuser(const std::string& name, const std::string& target,
                        const std::string& variant, absl::Duration phase_time) {
  char self[PATH_MAX];
  const ssize_t length = readlink("/proc/self/exe", self, sizeof(self) - 1);
  if (length <= 0) return "could not find this program to start the abuser";
  self[length] = '\0';
  std::vector<std::string> args = {"/usr/bin/nice",
                                   "-n",
                                   absl::StrCat(absl::GetFlag(FLAGS_abuser_nice)),
                                   self,
                                   "--abuser=" + name,
                                   "--target=" + target,
                                   "--variant=" + variant,
                                   absl::StrCat("--seconds=", absl::ToInt64Seconds(phase_time))};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  int out[2];
  if (pipe(out) != 0) return "could not make a pipe for the abuser";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  // The abuser's tokens: the keys that sign them are this process's.
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
  for (const char* principal : kAbusers) {
    env.push_back(absl::StrCat(TokenVariable(principal), "=", security::TokenFor(principal)));
  }
  std::vector<char*> envp;
  for (std::string& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  std::string line;
  char buffer[4096];
  ssize_t n;
  while ((n = read(out[0], buffer, sizeof(buffer))) > 0) line.append(buffer, n);
  close(out[0]);
  if (spawned != 0) return absl::StrCat("could not start the abuser (error ", spawned, ")");
  int status = 0;
  waitpid(pid, &status, 0);
  return std::string(absl::StripTrailingAsciiWhitespace(line));
}

struct Phase {
  std::string name;
  RendererReport report;
  std::string abuser;  // what the abuser got
};

void Print(const std::vector<Phase>& phases) {
  const double alone = absl::ToDoubleMilliseconds(phases.front().report.Percentile(0.99));
  std::printf("\n%-36s %8s %8s %8s %7s %9s  %s\n", "renderer GetVariant (2 threads)", "calls",
              "p50 ms", "p99 ms", "failed", "p99/alone", "the abuser got");
  for (const Phase& phase : phases) {
    const double p99 = absl::ToDoubleMilliseconds(phase.report.Percentile(0.99));
    std::printf("%-36s %8d %8.3f %8.3f %7d %8.2fx  %s\n", phase.name.c_str(), phase.report.calls,
                absl::ToDoubleMilliseconds(phase.report.Percentile(0.5)), p99, phase.report.failed,
                alone > 0 ? p99 / alone : 0.0, phase.abuser.c_str());
  }
}

int Bench() {
  const absl::Duration phase_time = absl::Seconds(absl::GetFlag(FLAGS_seconds));
  testing::TempDir dir;
  std::fprintf(stderr, "bench: starting jisrd with the seed article published\n");
  std::vector<std::string> flags = {absl::StrCat("--max_message_bytes=", kMessageBytes)};
  for (const std::string& flag : absl::GetFlag(FLAGS_jisrd_flags)) flags.push_back(flag);
  auto served = StartWithSeed(dir, flags);
  if (!served.ok()) {
    std::fprintf(stderr, "bench: %s\n", served.status().ToString().c_str());
    return 1;
  }
  const std::string target = served->process.target();
  security::Client client(target);
  security::Admin admin(client);
  // A second variant, so a list of one has a next page whose token the abuser can corrupt.
  if (!admin.CreateVariant("en", "A second page").ok()) {
    std::fprintf(stderr, "bench: could not create a second variant\n");
    return 1;
  }
  const std::vector<std::pair<std::string, std::string>> abusers = {
      {"", "alone"},
      {"streams", "5,000 held streams"},
      {"analyze", "64 x 1 MiB Analyze in a loop"},
      {"watch", "Watch streams until refused"},
      {"oversize", "4 writers of over-limit views"},
      {"tokens", "4 clients of corrupted page tokens"},
      {"", "alone, again"},
  };
  std::vector<Phase> phases;
  for (const auto& [abuser, title] : abusers) {
    std::fprintf(stderr, "bench: %s (%lld s)\n", title.c_str(),
                 static_cast<long long>(absl::ToInt64Seconds(phase_time)));
    Renderer renderer(target, served->seed);
    renderer.Start();
    std::string got = "-";
    if (abuser.empty()) {
      absl::SleepFor(phase_time);
    } else {
      got = SpawnAbuser(abuser, target, served->seed, phase_time);
    }
    phases.push_back({title, renderer.Stop(), got});
  }
  Print(phases);
  return 0;
}

}  // namespace
}  // namespace jisr::abuse

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::string abuser = absl::GetFlag(FLAGS_abuser);
  if (!abuser.empty()) {
    std::printf("%s\n", jisr::abuse::RunAbuser(abuser, absl::GetFlag(FLAGS_target),
                                               absl::GetFlag(FLAGS_variant),
                                               absl::Seconds(absl::GetFlag(FLAGS_seconds)))
                            .c_str());
    return 0;
  }
  return jisr::abuse::Bench();
}
