// A family: one metric name, its label names, and a child value (Counter, Gauge, Histogram) per
// set of label values. Collector is what the registry reads at scrape time.
#ifndef JISR_SERVICES_METRICS_FAMILY_H_
#define JISR_SERVICES_METRICS_FAMILY_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "services/metrics/sample.h"

namespace jisr::metrics {

// Reads a family's samples when Prometheus scrapes. Implementations are thread-safe.
class Collector {
 public:
  virtual ~Collector() = default;
  // Appends the samples of family `name`, in a deterministic order.
  virtual void Collect(const std::string& name, std::vector<Sample>* out) const = 0;
};

// The children of one metric, by label values. M is Counter, Gauge or Histogram.
template <typename M>
class Family final : public Collector {
 public:
  using MakeChild = std::function<std::unique_ptr<M>()>;

  // A family without labels has its one child from the start, so it is exposed (as 0) before
  // the first update.
  Family(std::vector<std::string> label_names, MakeChild make_child)
      : label_names_(std::move(label_names)),
        make_child_(std::move(make_child)),
        invalid_(make_child_()) {
    if (label_names_.empty()) Get({});
  }

  // The child for `label_values`, one per label name in the order registered, created on first
  // use. The reference stays valid as long as the registry: cache it on hot paths rather than
  // calling Get per update (Get takes a lock; updating the child does not).
  // A wrong number of values is a programming error: the call gets a child of its own that is
  // never exposed, so updates to it are lost rather than crashing jisrd.
  M& Get(std::vector<std::string> label_values) {
    if (label_values.size() != label_names_.size()) return *invalid_;
    absl::MutexLock lock(&mu_);
    std::unique_ptr<M>& child = children_[std::move(label_values)];
    if (child == nullptr) child = make_child_();
    return *child;
  }

  const std::vector<std::string>& label_names() const { return label_names_; }

  // Children in the order of their label values.
  void Collect(const std::string& name, std::vector<Sample>* out) const override {
    absl::MutexLock lock(&mu_);
    for (const auto& [values, child] : children_) {
      LabelPairs labels;
      for (size_t i = 0; i < values.size(); ++i) labels.emplace_back(label_names_[i], values[i]);
      child->AppendSamples(name, labels, out);
    }
  }

 private:
  const std::vector<std::string> label_names_;
  const MakeChild make_child_;
  const std::unique_ptr<M> invalid_;
  mutable absl::Mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<M>> children_ ABSL_GUARDED_BY(mu_);
};

// A family whose values live elsewhere (a cache's size, a pool's queue, a table's row count),
// read by `read` at each scrape. `read` runs on the metrics server's thread: it must be
// thread-safe, quick, and must not register metrics.
class CallbackCollector final : public Collector {
 public:
  CallbackCollector(std::vector<std::string> label_names, std::function<LabelledValues()> read);

  // Samples in the order of their label values; a value with the wrong number of label values,
  // or a second value for the same ones, is left out.
  void Collect(const std::string& name, std::vector<Sample>* out) const override;

 private:
  const std::vector<std::string> label_names_;
  const std::function<LabelledValues()> read_;
};

}  // namespace jisr::metrics

#endif  // JISR_SERVICES_METRICS_FAMILY_H_
