#include "services/metrics/family.h"

#include <algorithm>

namespace jisr::metrics {

CallbackCollector::CallbackCollector(std::vector<std::string> label_names,
                                     std::function<LabelledValues()> read)
    : label_names_(std::move(label_names)), read_(std::move(read)) {}

void CallbackCollector::Collect(const std::string& name, std::vector<Sample>* out) const {
  LabelledValues values = read_();
  std::stable_sort(values.begin(), values.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 0; i < values.size(); ++i) {
    const std::vector<std::string>& label_values = values[i].first;
    if (label_values.size() != label_names_.size()) continue;
    if (i > 0 && values[i - 1].first == label_values) continue;
    LabelPairs labels;
    for (size_t j = 0; j < label_values.size(); ++j) {
      labels.emplace_back(label_names_[j], label_values[j]);
    }
    out->push_back(Sample{name, std::move(labels), values[i].second});
  }
}

}  // namespace jisr::metrics
