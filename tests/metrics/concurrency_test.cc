// Many threads updating the same metrics while Prometheus scrapes: no update is lost.
#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/metrics/registry.h"

namespace jisr::metrics {
namespace {

using ::testing::HasSubstr;

constexpr int kThreads = 8;
constexpr int kUpdatesPerThread = 50000;

TEST(ConcurrencyTest, EveryUpdateFromEveryThreadIsCounted) {
  Registry registry;
  Counter& calls = registry.AddCounter("jisr_calls_total", "Calls.", {}).Get({});
  Gauge& in_flight = registry.AddGauge("jisr_in_flight", "In flight.", {}).Get({});
  Histogram& latency =
      registry.AddHistogram("jisr_latency_seconds", "Latency.", {}, {0.5, 1, 2}).Get({});
  Family<Counter>& by_worker = registry.AddCounter("jisr_by_worker_total", "By worker.", {"w"});

  std::atomic<bool> done{false};
  std::atomic<int> scrapes{0};
  std::thread scraper([&] {
    while (!done.load()) {
      registry.Expose();
      scrapes.fetch_add(1);
    }
  });
  std::vector<std::thread> workers;
  for (int t = 0; t < kThreads; ++t) {
    workers.emplace_back([&, t] {
      // Two workers share each child, so creating children races too.
      Counter& mine = by_worker.Get({std::to_string(t % (kThreads / 2))});
      for (int i = 0; i < kUpdatesPerThread; ++i) {
        calls.Increment();
        in_flight.Add(1);
        latency.Observe(i % 2 == 0 ? 0.25 : 1.5);
        mine.Increment(0.5);
        in_flight.Add(-1);
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  done = true;
  scraper.join();

  constexpr uint64_t kTotal = kThreads * kUpdatesPerThread;
  EXPECT_EQ(calls.value(), static_cast<double>(kTotal));
  EXPECT_EQ(in_flight.value(), 0);
  const std::vector<uint64_t> buckets = latency.CumulativeCounts();
  EXPECT_EQ(buckets, (std::vector<uint64_t>{kTotal / 2, kTotal / 2, kTotal, kTotal}));
  EXPECT_EQ(latency.sum(), (kTotal / 2) * 0.25 + (kTotal / 2) * 1.5);
  const std::string text = registry.Expose();
  for (int w = 0; w < kThreads / 2; ++w) {
    EXPECT_THAT(text, HasSubstr("jisr_by_worker_total{w=\"" + std::to_string(w) + "\"} 50000\n"));
  }
  EXPECT_THAT(text, HasSubstr("jisr_calls_total 400000\n"));
  EXPECT_GT(scrapes.load(), 0);
}

}  // namespace
}  // namespace jisr::metrics
