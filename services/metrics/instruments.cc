#include "services/metrics/instruments.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "absl/base/casts.h"
#include "services/metrics/exposition.h"

namespace jisr::metrics {

void AtomicDouble::Add(double by) {
  uint64_t expected = bits_.load(std::memory_order_relaxed);
  // compare_exchange_weak refreshes `expected` when another thread got there first.
  while (!bits_.compare_exchange_weak(
      expected, absl::bit_cast<uint64_t>(absl::bit_cast<double>(expected) + by),
      std::memory_order_relaxed)) {
  }
}

void AtomicDouble::Store(double value) {
  bits_.store(absl::bit_cast<uint64_t>(value), std::memory_order_relaxed);
}

double AtomicDouble::Load() const {
  return absl::bit_cast<double>(bits_.load(std::memory_order_relaxed));
}

void Counter::Increment(double by) {
  if (!(by >= 0)) return;  // negative or NaN
  value_.Add(by);
}

void SingleValue::AppendSamples(const std::string& name, const LabelPairs& labels,
                                std::vector<Sample>* out) const {
  out->push_back(Sample{name, labels, value()});
}

Histogram::Histogram(std::shared_ptr<const std::vector<double>> upper_bounds)
    : upper_bounds_(std::move(upper_bounds)),
      counts_(new std::atomic<uint64_t>[upper_bounds_->size() + 1]) {
  for (size_t i = 0; i <= upper_bounds_->size(); ++i) counts_[i].store(0);
}

void Histogram::Observe(double value) {
  if (std::isnan(value)) return;
  const std::vector<double>& bounds = *upper_bounds_;
  const size_t bucket = std::lower_bound(bounds.begin(), bounds.end(), value) - bounds.begin();
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_.Add(value);
}

std::vector<uint64_t> Histogram::CumulativeCounts() const {
  std::vector<uint64_t> cumulative(upper_bounds_->size() + 1);
  uint64_t total = 0;
  for (size_t i = 0; i < cumulative.size(); ++i) {
    total += counts_[i].load(std::memory_order_relaxed);
    cumulative[i] = total;
  }
  return cumulative;
}

void Histogram::AppendSamples(const std::string& name, const LabelPairs& labels,
                              std::vector<Sample>* out) const {
  const std::vector<uint64_t> cumulative = CumulativeCounts();
  for (size_t i = 0; i < cumulative.size(); ++i) {
    LabelPairs with_le = labels;
    const double bound =
        i < upper_bounds_->size() ? (*upper_bounds_)[i] : std::numeric_limits<double>::infinity();
    with_le.emplace_back("le", FormatValue(bound));
    out->push_back(
        Sample{name + "_bucket", std::move(with_le), static_cast<double>(cumulative[i])});
  }
  out->push_back(Sample{name + "_sum", labels, sum()});
  out->push_back(Sample{name + "_count", labels, static_cast<double>(cumulative.back())});
}

}  // namespace jisr::metrics
