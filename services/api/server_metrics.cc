// The metrics the server itself holds: its pools, its Watch streams, and storage's health.
#include "absl/strings/str_cat.h"
#include "services/api/server.h"
#include "services/common/log.h"

namespace jisr::api {

void JisrServer::RegisterMetrics(metrics::Registry& registry) const {
  struct Pool {
    const char* label;
    const WorkerPool* pool;
    int threads;
  };
  const std::vector<Pool> pools = {{"write", writes_.get(), options_.pools.write_threads},
                                   {"read", reads_.get(), options_.pools.read_threads},
                                   {"watch", watch_pulls_.get(), options_.pools.watch_threads},
                                   {"text", &text_service_->pool(), options_.pools.text_threads}};
  auto each_pool = [pools](auto read) {
    return [pools, read] {
      metrics::LabelledValues values;
      for (const Pool& p : pools) values.push_back({{p.label}, read(p)});
      return values;
    };
  };
  registry.AddGaugeFamilyCallback(
      "jisr_pool_queue_depth", "Calls waiting for a thread of the pool.", {"pool"},
      each_pool([](const Pool& p) { return static_cast<double>(p.pool->queued()); }));
  registry.AddCounterFamilyCallback(
      "jisr_pool_rejected_total",
      "Calls refused RESOURCE_EXHAUSTED because the pool's queue was full.", {"pool"},
      each_pool([](const Pool& p) { return static_cast<double>(p.pool->refused()); }));
  registry.AddGaugeFamilyCallback("jisr_pool_threads", "Threads of the pool.", {"pool"},
                                  each_pool([](const Pool& p) { return double(p.threads); }));
  const WatchStreams* streams = &service_->watch_streams();
  registry.AddGaugeCallback("jisr_watch_streams_open", "Watch streams open now.",
                            [streams] { return static_cast<double>(streams->open()); });
  registry.AddCounterCallback("jisr_watch_events_sent_total",
                              "Messages (events and heartbeats) written to Watch streams.",
                              [streams] { return static_cast<double>(streams->sent()); });
  registry.AddCounterCallback(
      "jisr_watch_streams_ended_behind_total",
      "Watch streams ended ABORTED (WATCH_BEHIND) for falling too far behind the feed.",
      [streams] { return static_cast<double>(streams->ended_behind()); });
  registry.AddCounterCallback(
      "jisr_log_records_dropped_total",
      "Call records left out of the log because its queue was full (stderr slower than the "
      "calls); the calls were served and counted.",
      [] { return static_cast<double>(LogRecordsDropped()); });
  registry.AddGaugeCallback(
      "jisr_storage_writable",
      "1 when a write could commit at the last health check; 0 when storage is full, "
      "read-only or down.",
      [this] { return storage_writable_.load(std::memory_order_relaxed) ? 1.0 : 0.0; });
  registry.AddGaugeCallback(
      "jisr_storage_up", "1 when storage answered the last health check, else 0.",
      [this] { return storage_up_.load(std::memory_order_relaxed) ? 1.0 : 0.0; });
}

}  // namespace jisr::api
