#include "services/metrics/registry.h"

#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/metrics/exposition.h"
#include "services/metrics/names.h"

namespace jisr::metrics {
namespace {

// Drops a last +Inf bound (the exposition adds its own), then checks the rest.
absl::Status CheckBuckets(absl::string_view name, std::vector<double>* buckets) {
  if (!buckets->empty() && std::isinf(buckets->back()) && buckets->back() > 0) buckets->pop_back();
  for (size_t i = 0; i < buckets->size(); ++i) {
    const double bound = (*buckets)[i];
    if (!std::isfinite(bound) || (i > 0 && !((*buckets)[i - 1] < bound))) {
      return absl::InvalidArgumentError(absl::StrCat(
          "histogram ", name, ": bucket bounds must be finite and strictly increasing"));
    }
  }
  return absl::OkStatus();
}

LabelledValues Unlabelled(const std::function<double()>& read) { return {{{}, read()}}; }

}  // namespace

template <typename C>
C& Registry::Register(std::string name, std::string help, const char* type,
                      const std::vector<std::string>& label_names, absl::Status problem,
                      std::unique_ptr<C> collector) {
  C& result = *collector;
  if (problem.ok()) problem = CheckFamilyNames(name, label_names);
  absl::MutexLock lock(&mu_);
  if (problem.ok() && families_.count(name) > 0) {
    problem = absl::InvalidArgumentError(
        absl::StrCat("metric ", name, " is registered twice: register it once and share it"));
  }
  if (!problem.ok()) {
    if (status_.ok()) status_ = std::move(problem);
    refused_.push_back(std::move(collector));
    return result;
  }
  families_.emplace(std::move(name), Entry{std::move(help), type, std::move(collector)});
  return result;
}

template <typename M>
Family<M>& Registry::AddFamily(std::string name, std::string help,
                               std::vector<std::string> label_names,
                               typename Family<M>::MakeChild make_child, absl::Status problem) {
  auto family = std::make_unique<Family<M>>(label_names, std::move(make_child));
  return Register(std::move(name), std::move(help), M::kType, label_names, std::move(problem),
                  std::move(family));
}

Family<Counter>& Registry::AddCounter(std::string name, std::string help,
                                      std::vector<std::string> label_names) {
  return AddFamily<Counter>(
      std::move(name), std::move(help), std::move(label_names),
      [] { return std::make_unique<Counter>(); }, absl::OkStatus());
}

Family<Gauge>& Registry::AddGauge(std::string name, std::string help,
                                  std::vector<std::string> label_names) {
  return AddFamily<Gauge>(
      std::move(name), std::move(help), std::move(label_names),
      [] { return std::make_unique<Gauge>(); }, absl::OkStatus());
}

Family<Histogram>& Registry::AddHistogram(std::string name, std::string help,
                                          std::vector<std::string> label_names,
                                          std::vector<double> buckets) {
  absl::Status problem = CheckFamilyNames(name, label_names, /*reserved=*/{"le"});
  if (problem.ok()) problem = CheckBuckets(name, &buckets);
  auto bounds = std::make_shared<const std::vector<double>>(std::move(buckets));
  return AddFamily<Histogram>(
      std::move(name), std::move(help), std::move(label_names),
      [bounds] { return std::make_unique<Histogram>(bounds); }, std::move(problem));
}

void Registry::AddCallback(std::string name, std::string help, const char* type,
                           std::vector<std::string> label_names,
                           std::function<LabelledValues()> read) {
  auto collector = std::make_unique<CallbackCollector>(label_names, std::move(read));
  Register(std::move(name), std::move(help), type, label_names, absl::OkStatus(),
           std::move(collector));
}

void Registry::AddGaugeCallback(std::string name, std::string help, std::function<double()> read) {
  AddCallback(std::move(name), std::move(help), Gauge::kType, {},
              [read = std::move(read)] { return Unlabelled(read); });
}

void Registry::AddGaugeFamilyCallback(std::string name, std::string help,
                                      std::vector<std::string> label_names,
                                      std::function<LabelledValues()> read) {
  AddCallback(std::move(name), std::move(help), Gauge::kType, std::move(label_names),
              std::move(read));
}

void Registry::AddCounterCallback(std::string name, std::string help,
                                  std::function<double()> read) {
  AddCallback(std::move(name), std::move(help), Counter::kType, {},
              [read = std::move(read)] { return Unlabelled(read); });
}

void Registry::AddCounterFamilyCallback(std::string name, std::string help,
                                        std::vector<std::string> label_names,
                                        std::function<LabelledValues()> read) {
  AddCallback(std::move(name), std::move(help), Counter::kType, std::move(label_names),
              std::move(read));
}

absl::Status Registry::status() const {
  absl::MutexLock lock(&mu_);
  return status_;
}

std::string Registry::Expose() const {
  // Read the callbacks without the lock, so a slow one never holds up registration.
  std::vector<std::pair<const std::string*, const Entry*>> entries;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [name, entry] : families_) entries.emplace_back(&name, &entry);
  }
  std::string out;
  std::vector<Sample> samples;
  for (const auto& [name, entry] : entries) {
    samples.clear();
    entry->collector->Collect(*name, &samples);
    AppendFamily(*name, entry->help, entry->type, samples, &out);
  }
  return out;
}

}  // namespace jisr::metrics
