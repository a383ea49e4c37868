// What a scrape reads from a metric: one line of the exposition each, before it is rendered.
#ifndef JISR_SERVICES_METRICS_SAMPLE_H_
#define JISR_SERVICES_METRICS_SAMPLE_H_

#include <string>
#include <utility>
#include <vector>

namespace jisr::metrics {

// Label name and value pairs, in the order the family declared its label names.
using LabelPairs = std::vector<std::pair<std::string, std::string>>;

// One sample: `name` is the family's name with the suffix of its kind (`_bucket`, `_sum`,
// `_count` for histograms), `labels` include `le` for a histogram bucket.
struct Sample {
  std::string name;
  LabelPairs labels;
  double value = 0;
};

// Label values and the value read for them, as scrape-time callbacks return them.
using LabelledValues = std::vector<std::pair<std::vector<std::string>, double>>;

}  // namespace jisr::metrics

#endif  // JISR_SERVICES_METRICS_SAMPLE_H_
