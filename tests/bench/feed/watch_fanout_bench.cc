// Watch fan-out: many watchers on one real jisrd process while one writer edits at a steady
// rate. It measures the writer alone, then the same writer beside the watchers, and prints: how
// many events every watcher got of those committed, the server CPU per delivered event (jisrd's
// utime+stime from /proc over the run with watchers), delivery latency from commit (the
// event's time) at p50/p99, and the writer's p99 with and without watchers:
//   build/tests/bench/feed/bench_watch_fanout [watchers=1000] [writes_per_s=50] [seconds=20]
//                                             [connections=100]
// Watchers share `connections` loopback connections (a newsroom's screens come from many hosts;
// one connection for all would understate the server's per-connection work). Every watcher and
// the writer are the test policy's editor, so each watcher is sent every change. When the run
// with watchers starts it prints jisrd's pid on stderr, for perf or a syscall count to attach.
#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "jisr/v1/article_service.grpc.pb.h"
#include "tests/testing/jisrd_process.h"
#include "tests/testing/process_stats.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_credentials.h"

namespace jisr {
namespace {

namespace v1 = ::jisr::v1;

// Delivery latencies of every watcher, in milliseconds.
struct Deliveries {
  absl::Mutex mu;
  std::vector<double> latencies_ms ABSL_GUARDED_BY(mu);
  std::atomic<int64_t> events{0};
  std::atomic<int> open{0};
};

class Watcher final : public grpc::ClientReadReactor<v1::ChangeEvent> {
 public:
  Watcher(v1::ArticleService::Stub* stub, Deliveries* deliveries) : deliveries_(deliveries) {
    testing::TestCredentials::Get().Authorize(context_, testing::kTestEditor);
    stub->async()->Watch(&context_, &request_, this);
    StartRead(&event_);
    StartCall();
  }
  void OnReadInitialMetadataDone(bool ok) override {
    if (ok) deliveries_->open.fetch_add(1);
  }
  void OnReadDone(bool ok) override {
    if (!ok) return;
    const absl::Time commit =
        absl::FromUnixSeconds(event_.time().seconds()) + absl::Nanoseconds(event_.time().nanos());
    const double ms = absl::ToDoubleMilliseconds(absl::Now() - commit);
    latencies_.push_back(ms);
    deliveries_->events.fetch_add(1, std::memory_order_relaxed);
    StartRead(&event_);
  }
  void OnDone(const grpc::Status&) override {
    absl::MutexLock lock(&deliveries_->mu);
    deliveries_->latencies_ms.insert(deliveries_->latencies_ms.end(), latencies_.begin(),
                                     latencies_.end());
    done_.Notify();
  }
  void Cancel() { context_.TryCancel(); }
  void Wait() { done_.WaitForNotification(); }

 private:
  Deliveries* deliveries_;
  grpc::ClientContext context_;
  v1::WatchRequest request_;
  v1::ChangeEvent event_;
  std::vector<double> latencies_;  // touched by this stream's callbacks only, one at a time
  absl::Notification done_;
};

// Edits the headline of `name` at `rate` per second for `seconds`; returns each call's latency
// in milliseconds.
std::vector<double> Write(v1::ArticleService::Stub& stub, const std::string& name, int rate,
                          int seconds, int64_t& n) {
  std::vector<double> latencies;
  const absl::Time start = absl::Now();
  for (int i = 0; i < rate * seconds; ++i) {
    absl::SleepFor(start + absl::Seconds(1) * i / rate - absl::Now());
    grpc::ClientContext context;
    testing::TestCredentials::Get().Authorize(context, testing::kTestEditor);
    v1::UpdateVariantRequest update;
    update.mutable_variant()->set_name(name);
    update.mutable_variant()->set_headline(absl::StrCat("Fan-out edit ", n++));
    update.mutable_update_mask()->add_paths("headline");
    v1::Variant out;
    const absl::Time sent = absl::Now();
    const grpc::Status status = stub.UpdateVariant(&context, update, &out);
    latencies.push_back(absl::ToDoubleMilliseconds(absl::Now() - sent));
    if (!status.ok()) std::fprintf(stderr, "write failed: %s\n", status.error_message().c_str());
  }
  return latencies;
}

int Run(int watchers, int rate, int seconds, int connections) {
  testing::TempDir dir;
  auto jisrd = testing::JisrdProcess::Start(
      {"--data_path=" + dir.File("jisr.db"), absl::StrCat("--max_watch_streams=", watchers),
       absl::StrCat("--max_watch_streams_per_caller=", watchers)},
      dir.path());
  if (!jisrd.ok()) {
    std::fprintf(stderr, "jisrd did not start: %s\n", jisrd.status().ToString().c_str());
    return 1;
  }
  auto writer = v1::ArticleService::NewStub(
      grpc::CreateChannel(jisrd->target(), grpc::InsecureChannelCredentials()));
  v1::Variant variant;
  {
    grpc::ClientContext context;
    testing::TestCredentials::Get().Authorize(context, testing::kTestEditor);
    v1::CreateVariantRequest create;
    create.mutable_variant()->set_language("en");
    create.mutable_variant()->set_headline("Fan-out");
    if (!writer->CreateVariant(&context, create, &variant).ok()) return 1;
  }
  int64_t n = 0;
  const std::vector<double> alone = Write(*writer, variant.name(), rate, seconds, n);

  std::vector<std::unique_ptr<v1::ArticleService::Stub>> stubs;
  for (int i = 0; i < connections; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("jisr.bench.connection", i);  // distinct arguments: a connection each
    stubs.push_back(v1::ArticleService::NewStub(
        grpc::CreateCustomChannel(jisrd->target(), grpc::InsecureChannelCredentials(), args)));
  }
  Deliveries deliveries;
  std::vector<std::unique_ptr<Watcher>> open;
  for (int i = 0; i < watchers; ++i) {
    open.push_back(std::make_unique<Watcher>(stubs[i % connections].get(), &deliveries));
  }
  while (deliveries.open.load() < watchers) absl::SleepFor(absl::Milliseconds(50));
  absl::SleepFor(absl::Seconds(1));
  // For a profiler or syscall counter attached for the run with watchers (see the docs).
  std::fprintf(stderr, "writing beside the watchers: jisrd pid %d\n",
               static_cast<int>(jisrd->pid()));
  const double cpu_before = testing::ProcessCpuSeconds(jisrd->pid());
  const std::vector<double> beside = Write(*writer, variant.name(), rate, seconds, n);
  const int64_t expected = static_cast<int64_t>(rate) * seconds * watchers;
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (deliveries.events.load() < expected && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  const double cpu = testing::ProcessCpuSeconds(jisrd->pid()) - cpu_before;
  for (auto& w : open) w->Cancel();
  for (auto& w : open) w->Wait();
  const int64_t got = deliveries.events.load();
  absl::MutexLock lock(&deliveries.mu);
  std::printf("watchers %d, connections %d, writer %d writes/s for %d s\n", watchers, connections,
              rate, seconds);
  std::printf("events delivered          %lld of %lld\n", static_cast<long long>(got),
              static_cast<long long>(expected));
  std::printf("server CPU per event      %.2f us (%.2f s of CPU)\n",
              cpu * 1e6 / std::max<int64_t>(got, 1), cpu);
  std::printf("delivery from commit      p50 %.1f ms, p99 %.1f ms\n",
              testing::Percentile(deliveries.latencies_ms, 0.5),
              testing::Percentile(deliveries.latencies_ms, 0.99));
  std::printf("writer p99 alone          %.2f ms (p50 %.2f)\n", testing::Percentile(alone, 0.99),
              testing::Percentile(alone, 0.5));
  std::printf("writer p99 with watchers  %.2f ms (p50 %.2f), ratio %.2f\n",
              testing::Percentile(beside, 0.99), testing::Percentile(beside, 0.5),
              testing::Percentile(beside, 0.99) / testing::Percentile(alone, 0.99));
  return got == expected ? 0 : 2;
}

}  // namespace
}  // namespace jisr

int main(int argc, char** argv) {
  const int watchers = argc > 1 ? std::atoi(argv[1]) : 1000;
  const int rate = argc > 2 ? std::atoi(argv[2]) : 50;
  const int seconds = argc > 3 ? std::atoi(argv[3]) : 20;
  const int connections = argc > 4 ? std::atoi(argv[4]) : 100;
  return jisr::Run(watchers, rate, seconds, std::max(1, connections));
}
