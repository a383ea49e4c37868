#include "tests/testing/process_stats.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>

namespace jisr::testing {

double ProcessCpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  const std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  size_t start = stat.rfind(')');
  if (start == std::string::npos) return 0;
  start += 2;
  std::vector<std::string> fields;
  while (start < stat.size()) {
    const size_t space = stat.find(' ', start);
    fields.push_back(stat.substr(start, space - start));
    if (space == std::string::npos) break;
    start = space + 1;
  }
  if (fields.size() < 13) return 0;
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  return (std::stod(fields[11]) + std::stod(fields[12])) / sysconf(_SC_CLK_TCK);
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<size_t>(p * values.size()))];
}

}  // namespace jisr::testing
