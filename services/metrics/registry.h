// jisrd's metrics: the families every part registers at start, and their rendering in
// Prometheus' text format for GET /metrics (metrics_server.h).
//
//   Registry registry;
//   Counter& handled = registry.AddCounter("jisr_x_total", "What it counts.", {"code"})
//                          .Get({"OK"});   // cache the reference
//   handled.Increment();                   // lock-free
//   registry.AddGaugeCallback("jisr_y", "Read at scrape time.", [&] { return y.size(); });
//
// Registration checks names; a bad or duplicate one makes status() an error (check it once
// the families are registered, and refuse to start on it) and the family is not exposed,
// though the reference returned stays usable.
#ifndef JISR_SERVICES_METRICS_REGISTRY_H_
#define JISR_SERVICES_METRICS_REGISTRY_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "services/metrics/family.h"
#include "services/metrics/instruments.h"
#include "services/metrics/sample.h"

namespace jisr::metrics {

class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Families of values jisrd updates itself. Counter names should end in `_total` and carry
  // a unit (`_seconds`, `_bytes`) where they have one, as Prometheus' conventions ask.
  Family<Counter>& AddCounter(std::string name, std::string help,
                              std::vector<std::string> label_names);
  Family<Gauge>& AddGauge(std::string name, std::string help, std::vector<std::string> label_names);
  // `buckets` are the upper bounds, finite and strictly increasing; +Inf is added.
  Family<Histogram>& AddHistogram(std::string name, std::string help,
                                  std::vector<std::string> label_names,
                                  std::vector<double> buckets);

  // Values read at scrape time from where they live. `read` runs on the metrics server's
  // thread: it must be thread-safe and quick, and must not register metrics. The Family
  // variants return a value per set of label values (one per label name).
  void AddGaugeCallback(std::string name, std::string help, std::function<double()> read);
  void AddGaugeFamilyCallback(std::string name, std::string help,
                              std::vector<std::string> label_names,
                              std::function<LabelledValues()> read);
  // For totals counted elsewhere (a pool's refusals): `read` must never go down.
  void AddCounterCallback(std::string name, std::string help, std::function<double()> read);
  void AddCounterFamilyCallback(std::string name, std::string help,
                                std::vector<std::string> label_names,
                                std::function<LabelledValues()> read);

  // OK, or the first registration error (INVALID_ARGUMENT naming the metric and what to fix).
  absl::Status status() const;

  // Every family in Prometheus' text format 0.0.4, sorted by name.
  std::string Expose() const;

 private:
  struct Entry {
    std::string help;
    const char* type;
    std::unique_ptr<Collector> collector;
  };

  // Keeps `collector` and returns it; exposes it under `name` only when the names check out
  // and `name` is new, and records the error otherwise.
  template <typename C>
  C& Register(std::string name, std::string help, const char* type,
              const std::vector<std::string>& label_names, absl::Status problem,
              std::unique_ptr<C> collector);
  template <typename M>
  Family<M>& AddFamily(std::string name, std::string help, std::vector<std::string> label_names,
                       typename Family<M>::MakeChild make_child, absl::Status problem);
  void AddCallback(std::string name, std::string help, const char* type,
                   std::vector<std::string> label_names, std::function<LabelledValues()> read);

  mutable absl::Mutex mu_;
  // Entries are never removed, so pointers to them stay valid.
  std::map<std::string, Entry> families_ ABSL_GUARDED_BY(mu_);
  // Families refused at registration, kept so the references handed out stay valid.
  std::vector<std::unique_ptr<Collector>> refused_ ABSL_GUARDED_BY(mu_);
  absl::Status status_ ABSL_GUARDED_BY(mu_);
};

}  // namespace jisr::metrics

#endif  // JISR_SERVICES_METRICS_REGISTRY_H_
