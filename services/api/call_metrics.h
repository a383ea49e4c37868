// The calls' metrics: jisr_rpc_server_* by service, method and code, observed as calls finish.
// Every method's instruments are made at start, so a call only updates atomics.
#ifndef JISR_SERVICES_API_CALL_METRICS_H_
#define JISR_SERVICES_API_CALL_METRICS_H_

#include <array>
#include <atomic>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "services/api/call_observer.h"
#include "services/metrics/registry.h"

namespace jisr::api {

class CallMetrics final : public CallObserver {
 public:
  // Registers the families in `registry` (which must outlive this), with the instruments of
  // every method of jisr.v1.ArticleService and jisr.v1.TextService.
  explicit CallMetrics(metrics::Registry& registry);

  void Observe(const FinishedCall& call) override;

 private:
  static constexpr int kCodes = 17;  // OK .. UNAUTHENTICATED
  struct Method {
    std::string service;
    std::string name;
    metrics::Histogram* seconds = nullptr;
    metrics::Counter* received_bytes = nullptr;
    metrics::Counter* sent_bytes = nullptr;
    // By code, made on first use: most methods only ever see a few codes.
    std::array<std::atomic<metrics::Counter*>, kCodes> handled{};
  };
  Method& MakeMethod(absl::string_view service, absl::string_view name);
  metrics::Counter& Handled(Method& method, int code);

  metrics::Family<metrics::Counter>& handled_;
  metrics::Family<metrics::Histogram>& seconds_;
  metrics::Family<metrics::Counter>& received_bytes_;
  metrics::Family<metrics::Counter>& sent_bytes_;
  // Filled in the constructor, read-only after: keyed by method name (unique across both).
  absl::flat_hash_map<std::string, std::unique_ptr<Method>> methods_;
};

}  // namespace jisr::api

#endif  // JISR_SERVICES_API_CALL_METRICS_H_
