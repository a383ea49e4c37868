#include "services/api/call_metrics.h"

#include <memory>

#include "services/api/rpc_table.h"

namespace jisr::api {
namespace {

constexpr char kArticleService[] = "jisr.v1.ArticleService";
constexpr char kTextService[] = "jisr.v1.TextService";

// From half a millisecond (a published read from memory) to ten seconds (a 1 MiB analysis).
std::vector<double> LatencyBuckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

}  // namespace

CallMetrics::CallMetrics(metrics::Registry& registry)
    : handled_(registry.AddCounter("jisr_rpc_server_handled_total",
                                   "Calls finished, by service, method and gRPC status code.",
                                   {"service", "method", "code"})),
      seconds_(
          registry.AddHistogram("jisr_rpc_server_handling_seconds",
                                "Time from a call's arrival to its status, by service and method.",
                                {"service", "method"}, LatencyBuckets())),
      received_bytes_(registry.AddCounter("jisr_rpc_server_received_bytes_total",
                                          "Bytes of request messages received (unary calls).",
                                          {"service", "method"})),
      sent_bytes_(registry.AddCounter("jisr_rpc_server_sent_bytes_total",
                                      "Bytes of response messages sent (unary calls).",
                                      {"service", "method"})) {
#define JISR_ARTICLE_METHOD(Method, ...) MakeMethod(kArticleService, #Method);
#define JISR_TEXT_METHOD(Method, ...) MakeMethod(kTextService, #Method);
  JISR_ARTICLE_SERVICE_UNARY_RPCS(JISR_ARTICLE_METHOD)
  JISR_ARTICLE_SERVICE_STREAMING_RPCS(JISR_ARTICLE_METHOD)
  JISR_TEXT_SERVICE_RPCS(JISR_TEXT_METHOD)
#undef JISR_ARTICLE_METHOD
#undef JISR_TEXT_METHOD
}

CallMetrics::Method& CallMetrics::MakeMethod(absl::string_view service, absl::string_view name) {
  auto method = std::make_unique<Method>();
  method->service = std::string(service);
  method->name = std::string(name);
  method->seconds = &seconds_.Get({method->service, method->name});
  method->received_bytes = &received_bytes_.Get({method->service, method->name});
  method->sent_bytes = &sent_bytes_.Get({method->service, method->name});
  Method& made = *method;
  methods_[name] = std::move(method);
  return made;
}

metrics::Counter& CallMetrics::Handled(Method& method, int code) {
  metrics::Counter* counter = method.handled[code].load(std::memory_order_acquire);
  if (counter == nullptr) {
    // Two threads may both get here: Get hands both the same child.
    counter = &handled_.Get({method.service, method.name,
                             std::string(StatusCodeName(static_cast<grpc::StatusCode>(code)))});
    method.handled[code].store(counter, std::memory_order_release);
  }
  return *counter;
}

void CallMetrics::Observe(const FinishedCall& call) {
  auto it = methods_.find(call.method);
  if (it == methods_.end() || it->second->service != call.service) return;
  Method& method = *it->second;
  const int code = static_cast<int>(call.code);
  Handled(method, code >= 0 && code < kCodes ? code : 2).Increment();
  method.seconds->Observe(absl::ToDoubleSeconds(call.latency));
  method.received_bytes->Increment(static_cast<double>(call.request_bytes));
  method.sent_bytes->Increment(static_cast<double>(call.response_bytes));
}

}  // namespace jisr::api
