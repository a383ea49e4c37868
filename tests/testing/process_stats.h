// Figures benchmarks take of a process they started: its CPU time so far, and percentiles.
#ifndef JISR_TESTS_TESTING_PROCESS_STATS_H_
#define JISR_TESTS_TESTING_PROCESS_STATS_H_

#include <sys/types.h>

#include <vector>

namespace jisr::testing {

// The process's user+system CPU so far, in seconds (fields 14 and 15 of /proc/<pid>/stat); 0 when
// it cannot be read.
double ProcessCpuSeconds(pid_t pid);

// The value at fraction `p` (0.5, 0.99) of `values`, sorted; 0 for none.
double Percentile(std::vector<double> values, double p);

}  // namespace jisr::testing

#endif  // JISR_TESTS_TESTING_PROCESS_STATS_H_
