// The process metrics against what the kernel says of this test process.
#include "services/metrics/process_metrics.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <ctime>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/metrics/registry.h"
#include "tests/testing/status_matchers.h"

namespace jisr::metrics {
namespace {

// Sample lines ("name{labels} value") by everything before the value.
std::map<std::string, double> Samples(const Registry& registry) {
  std::map<std::string, double> samples;
  for (absl::string_view line : absl::StrSplit(registry.Expose(), '\n', absl::SkipEmpty())) {
    if (line[0] == '#') continue;
    const size_t space = line.rfind(' ');
    double value = 0;
    EXPECT_TRUE(absl::SimpleAtod(line.substr(space + 1), &value)) << line;
    samples[std::string(line.substr(0, space))] = value;
  }
  return samples;
}

double RusageCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

class ProcessMetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    AddProcessMetrics(&registry_);
    JISR_ASSERT_OK(registry_.status());
  }
  Registry registry_;
};

TEST_F(ProcessMetricsTest, OpenFdsFollowsTheFilesThisProcessOpens) {
  const double before = Samples(registry_).at("process_open_fds");
  std::vector<int> fds;
  for (int i = 0; i < 3; ++i) fds.push_back(open("/dev/null", O_RDONLY | O_CLOEXEC));
  EXPECT_EQ(Samples(registry_).at("process_open_fds"), before + 3);
  for (int fd : fds) close(fd);
  EXPECT_EQ(Samples(registry_).at("process_open_fds"), before);
}

TEST_F(ProcessMetricsTest, MaxFdsIsTheSoftLimit) {
  rlimit limit{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
  EXPECT_EQ(Samples(registry_).at("process_max_fds"), static_cast<double>(limit.rlim_cur));
}

TEST_F(ProcessMetricsTest, CpuSecondsGrowsWithTheCpuThisProcessUses) {
  const double before = Samples(registry_).at("process_cpu_seconds_total");
  const double rusage_before = RusageCpuSeconds();
  volatile double sink = 0;
  while (RusageCpuSeconds() < rusage_before + 0.2) {
    for (int i = 0; i < 100000; ++i) sink = sink + i;
  }
  // /proc counts in clock ticks (10 ms), getrusage in microseconds.
  EXPECT_GE(Samples(registry_).at("process_cpu_seconds_total"), before + 0.1);
}

TEST_F(ProcessMetricsTest, MemoryAndStartTimeAreThisProcesss) {
  std::map<std::string, double> samples = Samples(registry_);
  EXPECT_GT(samples.at("process_resident_memory_bytes"), 1 << 20);
  EXPECT_GT(samples.at("process_virtual_memory_bytes"),
            samples.at("process_resident_memory_bytes"));
  const double now = static_cast<double>(std::time(nullptr));
  EXPECT_LE(samples.at("process_start_time_seconds"), now + 1);
  EXPECT_GT(samples.at("process_start_time_seconds"), now - 24 * 3600);
}

TEST_F(ProcessMetricsTest, BuildInfoCarriesTheProjectVersion) {
  EXPECT_EQ(BuildVersion(), JISR_EXPECTED_VERSION);
  EXPECT_EQ(Samples(registry_).at("jisr_build_info{version=\"" JISR_EXPECTED_VERSION "\"}"), 1);
}

}  // namespace
}  // namespace jisr::metrics
