#include "services/metrics/process_metrics.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

#ifndef JISR_VERSION
#error "JISR_VERSION must be defined (services/metrics/CMakeLists.txt passes the project version)"
#endif

namespace jisr::metrics {
namespace {

// The fields of /proc/self/stat after the command name (which may hold spaces and parentheses,
// hence the last ')'): index 0 is field 3 (state) of proc(5).
std::optional<std::vector<std::string>> ReadStatFields() {
  std::ifstream file("/proc/self/stat");
  std::stringstream text;
  text << file.rdbuf();
  const std::string stat = text.str();
  const size_t end_of_name = stat.rfind(')');
  if (end_of_name == std::string::npos) return std::nullopt;
  std::vector<std::string> fields =
      absl::StrSplit(stat.substr(end_of_name + 1), ' ', absl::SkipEmpty());
  if (fields.size() < 22) return std::nullopt;
  return fields;
}

// The sum of fields `numbers`, in proc(5)'s numbering (utime is 14), read at once.
std::optional<double> StatFields(std::initializer_list<int> numbers) {
  const std::optional<std::vector<std::string>> fields = ReadStatFields();
  if (!fields) return std::nullopt;
  double sum = 0;
  for (int number : numbers) {
    double value = 0;
    if (!absl::SimpleAtod((*fields)[number - 3], &value)) return std::nullopt;
    sum += value;
  }
  return sum;
}

std::optional<double> StatField(int number) { return StatFields({number}); }

std::optional<double> BootTimeSeconds() {
  std::ifstream file("/proc/stat");
  std::string line;
  while (std::getline(file, line)) {
    double seconds = 0;
    if (line.rfind("btime ", 0) == 0 && absl::SimpleAtod(line.substr(6), &seconds)) {
      return seconds;
    }
  }
  return std::nullopt;
}

std::optional<double> OpenFds() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return std::nullopt;
  double count = 0;
  while (const dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  closedir(dir);
  return count - 1;  // the directory being read is open too
}

std::optional<double> MaxFds() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return std::nullopt;
  return static_cast<double>(limit.rlim_cur);
}

const double kTicksPerSecond = static_cast<double>(sysconf(_SC_CLK_TCK));
const double kPageBytes = static_cast<double>(sysconf(_SC_PAGESIZE));

std::optional<double> Scaled(std::optional<double> value, double factor) {
  if (!value) return std::nullopt;
  return *value * factor;
}

// utime and stime.
std::optional<double> CpuSeconds() { return Scaled(StatFields({14, 15}), 1 / kTicksPerSecond); }

std::optional<double> StartTimeSeconds() {
  const std::optional<double> boot = BootTimeSeconds(), ticks = StatField(22);
  if (!boot || !ticks) return std::nullopt;
  return *boot + *ticks / kTicksPerSecond;
}

// A family without labels whose one value may be missing.
std::function<LabelledValues()> Maybe(std::function<std::optional<double>()> read) {
  return [read = std::move(read)]() -> LabelledValues {
    const std::optional<double> value = read();
    if (!value) return {};
    return {{{}, *value}};
  };
}

}  // namespace

absl::string_view BuildVersion() { return JISR_VERSION; }

void AddProcessMetrics(Registry* registry) {
  registry->AddCounterFamilyCallback("process_cpu_seconds_total",
                                     "User and system CPU time spent, in seconds.", {},
                                     Maybe(CpuSeconds));
  registry->AddGaugeFamilyCallback("process_resident_memory_bytes", "Resident memory, in bytes.",
                                   {}, Maybe([] { return Scaled(StatField(24), kPageBytes); }));
  registry->AddGaugeFamilyCallback("process_virtual_memory_bytes", "Virtual memory, in bytes.", {},
                                   Maybe([] { return StatField(23); }));
  registry->AddGaugeFamilyCallback("process_open_fds", "Open file descriptors.", {},
                                   Maybe(OpenFds));
  registry->AddGaugeFamilyCallback("process_max_fds", "The limit on open file descriptors.", {},
                                   Maybe(MaxFds));
  // The start time does not change: read once.
  const std::optional<double> start = StartTimeSeconds();
  registry->AddGaugeFamilyCallback("process_start_time_seconds",
                                   "When the process started, in seconds since the Unix epoch.", {},
                                   Maybe([start] { return start; }));
  registry
      ->AddGauge("jisr_build_info", "Always 1: the version of jisrd this process runs.",
                 {"version"})
      .Get({std::string(BuildVersion())})
      .Set(1);
}

}  // namespace jisr::metrics
