// The values a family holds per label set: Counter, Gauge and Histogram. Updating one is
// lock-free (std::atomic), so the hot paths of jisrd (every RPC, every transaction) can count
// without contending with each other or with a scrape.
#ifndef JISR_SERVICES_METRICS_INSTRUMENTS_H_
#define JISR_SERVICES_METRICS_INSTRUMENTS_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "services/metrics/sample.h"

namespace jisr::metrics {

// A double updated atomically: its bits in a std::atomic<uint64_t>, added to by compare and
// swap (std::atomic<double>::fetch_add is C++20).
class AtomicDouble {
 public:
  void Add(double by);
  void Store(double value);
  double Load() const;

 private:
  std::atomic<uint64_t> bits_{0};  // the bits of 0.0
};

// What Counter and Gauge share: one value, one sample.
class SingleValue {
 public:
  double value() const { return value_.Load(); }

  void AppendSamples(const std::string& name, const LabelPairs& labels,
                     std::vector<Sample>* out) const;

 protected:
  AtomicDouble value_;
};

// A total that only goes up (requests handled, bytes sent). Resets only when the process
// restarts, which Prometheus' rate() expects.
class Counter : public SingleValue {
 public:
  static constexpr char kType[] = "counter";

  // Adds `by`; a negative or NaN `by` is ignored, as a counter never goes down.
  void Increment(double by = 1);
};

// A value that goes up and down (open streams, queue depth).
class Gauge : public SingleValue {
 public:
  static constexpr char kType[] = "gauge";

  void Set(double value) { value_.Store(value); }
  void Add(double by) { value_.Add(by); }
};

// Observations counted into buckets with fixed upper bounds (latencies, sizes), plus their sum
// and count, from which Prometheus computes quantiles (histogram_quantile) and means.
class Histogram {
 public:
  static constexpr char kType[] = "histogram";

  // `upper_bounds` are finite and strictly increasing (the registry checks); the +Inf bucket
  // comes on top of them.
  explicit Histogram(std::shared_ptr<const std::vector<double>> upper_bounds);

  // Counts `value` in the first bucket whose upper bound is >= value (`le` means "less than or
  // equal"), or in +Inf. A NaN is ignored.
  void Observe(double value);

  // Cumulative counts, one per upper bound and the last for +Inf, as the exposition shows them.
  std::vector<uint64_t> CumulativeCounts() const;
  double sum() const { return sum_.Load(); }

  // `name`_bucket{le=...} for every bound and +Inf, `name`_sum, `name`_count (equal to the
  // +Inf bucket, read from the same snapshot).
  void AppendSamples(const std::string& name, const LabelPairs& labels,
                     std::vector<Sample>* out) const;

 private:
  const std::shared_ptr<const std::vector<double>> upper_bounds_;
  // Not cumulative: one per bucket, the last for +Inf.
  const std::unique_ptr<std::atomic<uint64_t>[]> counts_;
  AtomicDouble sum_;
};

}  // namespace jisr::metrics

#endif  // JISR_SERVICES_METRICS_INSTRUMENTS_H_
