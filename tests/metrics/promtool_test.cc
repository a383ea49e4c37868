// Prometheus' own checker on our exposition: `promtool check metrics` parses it and lints it
// (counters end in _total, units are base units, every family has help). Needs Debian's
// prometheus package (deploy/local/install-deps --test).
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/metrics/process_metrics.h"
#include "services/metrics/registry.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace jisr::metrics {
namespace {

using ::testing::HasSubstr;

constexpr char kPromtool[] = "/usr/bin/promtool";

struct CheckResult {
  int exit_code = -1;
  std::string output;
};

// `promtool check metrics` reads the exposition on stdin.
CheckResult CheckMetrics(const std::string& exposition) {
  ::jisr::testing::TempDir dir;
  const std::string input = dir.File("exposition.txt");
  std::ofstream(input) << exposition;
  const std::string command = std::string(kPromtool) + " check metrics < " + input + " 2>&1";
  CheckResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) result.output.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

class PromtoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (access(kPromtool, X_OK) != 0) {
      GTEST_SKIP() << kPromtool << " is missing: deploy/local/install-deps --test installs it "
                   << "(Debian package prometheus)";
    }
  }
};

TEST_F(PromtoolTest, EveryKindOfMetricPassesPromtoolsParserAndLinter) {
  Registry registry;
  AddProcessMetrics(&registry);
  Family<Counter>& handled = registry.AddCounter(
      "jisr_test_handled_total", "Calls handled, by method and code.", {"method", "code"});
  handled.Get({"GetVariant", "OK"}).Increment(12);
  handled.Get({"GetVariant", "NOT_FOUND"}).Increment();
  registry.AddGauge("jisr_test_streams_open", "Open streams.", {}).Get({}).Set(4);
  Histogram& latency = registry
                           .AddHistogram("jisr_test_handling_seconds", "Handling time.", {"method"},
                                         {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                          0.25, 0.5, 1, 2.5, 5, 10})
                           .Get({"GetVariant"});
  for (double seconds : {0.0003, 0.002, 0.7, 30.0}) latency.Observe(seconds);
  registry.AddGaugeCallback("jisr_test_cache_bytes", "Cache size.", [] { return 1 << 20; });
  registry.AddGaugeFamilyCallback("jisr_test_queue_depth", "Queued tasks, by pool.", {"pool"}, [] {
    return LabelledValues{{{"read"}, 2}, {{"write"}, 0}};
  });
  registry.AddCounterCallback("jisr_test_refused_total", "Refused.", [] { return 3; });
  registry.AddCounterFamilyCallback(
      "jisr_test_pool_rejected_total", "Refused, by pool.", {"pool"}, [] {
        return LabelledValues{{{"read"}, 1}, {{"weird \"pool\"\\\n"}, 5}};
      });
  JISR_ASSERT_OK(registry.status());

  const CheckResult result = CheckMetrics(registry.Expose());
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(result.output, "") << registry.Expose();
}

// The check above would pass with a promtool that accepts anything: this one shows it lints.
TEST_F(PromtoolTest, PromtoolReportsACounterWithoutTotal) {
  Registry registry;
  registry.AddCounter("jisr_test_requests", "Requests.", {});
  const CheckResult result = CheckMetrics(registry.Expose());
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.output, HasSubstr("_total"));
}

}  // namespace
}  // namespace jisr::metrics
