// jisrd keeps serving a renderer while other clients misbehave: thousands of streams held open,
// a flood of 1 MiB TextService calls, Watch streams opened until refused. Each test runs a real
// jisrd on loopback with its default limits and asserts what the renderer and the abuser get;
// how fast the renderer is meanwhile is the abuse benchmark's business (tests/bench/abuse).
#include <thread>

#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/abuse/abusers.h"
#include "tests/security/security_support.h"
#include "tests/testing/test_credentials.h"

namespace jisr::abuse {
namespace {

// The most resident memory jisrd may use while one client holds 5,000 streams open
// (docs/security.md; about 100 MiB measured): well under its gRPC resource quota
// (--grpc_memory_mb, 1 GiB). Under AddressSanitizer the shadow memory and the quarantine of
// freed blocks count too, so the bound there is the quota's.
//
// The renderer's deadline: every call must be answered within a second. Under the sanitizers
// every instruction costs two to three times as much (the suite's other tests share the two
// cores too), so the deadline there is three seconds.
#ifdef JISR_SANITIZED
constexpr int64_t kRssBoundBytes = int64_t{1024} << 20;
constexpr absl::Duration kRendererDeadline = absl::Seconds(3);
#else
constexpr int64_t kRssBoundBytes = int64_t{256} << 20;
constexpr absl::Duration kRendererDeadline = absl::Seconds(1);
#endif

// Watch streams one principal may hold open (--max_watch_streams_per_caller's default).
constexpr int kWatchStreamsPerCaller = 32;

class HostileLoadTest : public ::testing::Test {
 protected:
  void Start(const std::vector<std::string>& flags = {}) {
    absl::StatusOr<ServedSeed> served = StartWithSeed(dir_, flags);
    ASSERT_TRUE(served.ok()) << served.status();
    served_ = std::make_unique<ServedSeed>(*std::move(served));
  }
  std::string target() const { return served_->process.target(); }

  static void ExpectServed(const RendererReport& report) {
    EXPECT_GT(report.calls, 0);
    EXPECT_EQ(report.failed, 0) << "of " << report.calls << " GetVariant calls, " << report.failed
                                << " failed: " << absl::StrJoin(report.failures, "; ");
  }

  testing::TempDir dir_;
  std::unique_ptr<ServedSeed> served_;
};

TEST_F(HostileLoadTest, RendererIsServedWhileOneClientHoldsFiveThousandStreams) {
  Start();
  Renderer renderer(target(), served_->seed, /*threads=*/2, kRendererDeadline);
  renderer.Start();

  StreamHog hog(target());
  // 50 connections of 100 streams each: jisrd allows 100 calls in flight per connection.
  EXPECT_EQ(hog.Open(5000, 50), 5000);
  int64_t peak = 0;
  for (int i = 0; i < 50; ++i) {
    peak = std::max(peak, ResidentBytes(served_->process.pid()));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const RendererReport during = renderer.Stop();
  hog.Close();

  ExpectServed(during);
  EXPECT_GT(peak, 0) << "could not read jisrd's resident memory from /proc";
  EXPECT_LT(peak, kRssBoundBytes) << "jisrd's resident memory reached " << (peak >> 20)
                                  << " MiB with 5,000 streams open";
  std::fprintf(stderr, "hostile load: 5,000 held streams: jisrd's peak RSS %lld MiB\n",
               static_cast<long long>(peak >> 20));

  // And once the abuser is gone, everything is as before.
  renderer.Start();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ExpectServed(renderer.Stop());
}

TEST_F(HostileLoadTest, AnalyzeFloodIsRefusedAtOnceAndRendererIsServed) {
  Start();
  const std::string text = MebibyteOfArabic();
  ASSERT_GE(text.size(), (1u << 20) - 4);
  Renderer renderer(target(), served_->seed, /*threads=*/2, kRendererDeadline);
  renderer.Start();
  // 64 clients each sending a 1 MiB Analyze three times, all at once. jisrd runs two at a time
  // and queues eight (--text_threads, --text_queue): the rest are refused at once, with a time
  // to retry after, never left to time out.
  const FloodReport flood = FloodAnalyze(target(), text, /*callers=*/64, /*rounds=*/3);
  ExpectServed(renderer.Stop());

  EXPECT_EQ(flood.other_count, 0) << absl::StrJoin(flood.other, "; ");
  EXPECT_GT(flood.ok, 0);
  EXPECT_GT(flood.refused, 0);
  EXPECT_EQ(flood.refused_with_retry_info, flood.refused);
  EXPECT_EQ(flood.ok + flood.refused + flood.other_count, 64 * 3);
  std::fprintf(stderr, "hostile load: Analyze flood: %d answered, %d refused\n", flood.ok,
               flood.refused);
}

TEST_F(HostileLoadTest, WatchStreamsStopAtTheCapForOneCallerOnly) {
  Start();
  WatchHog hog(target(), testing::kTestEditor);
  EXPECT_EQ(hog.OpenUntilRefused(1000), kWatchStreamsPerCaller);
  EXPECT_EQ(hog.refusal().error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << security::Describe(hog.refusal());
  EXPECT_EQ(security::ErrorInfoOf(hog.refusal()).reason(), "TOO_MANY_WATCH_STREAMS_FOR_CALLER");

  // Other principals still watch, and so does the renderer read.
  EXPECT_TRUE(hog.TryOne(testing::kTestAdmin).ok());
  EXPECT_TRUE(hog.TryOne(testing::kTestReader).ok());
  Renderer renderer(target(), served_->seed, /*threads=*/2, kRendererDeadline);
  renderer.Start();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ExpectServed(renderer.Stop());

  // A stream closed is a stream the caller may open again, once jisrd has seen it close.
  hog.Close();
  grpc::Status again = hog.TryOne(testing::kTestEditor);
  for (int i = 0; i < 50 && !again.ok(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    again = hog.TryOne(testing::kTestEditor);
  }
  EXPECT_TRUE(again.ok()) << security::Describe(again);
}

TEST_F(HostileLoadTest, WatchStreamsStopAtTheServersCap) {
  Start({"--max_watch_streams=40"});
  WatchHog editor(target(), testing::kTestEditor);
  EXPECT_EQ(editor.OpenUntilRefused(1000), kWatchStreamsPerCaller);
  WatchHog admin(target(), testing::kTestAdmin);
  EXPECT_EQ(admin.OpenUntilRefused(1000), 40 - kWatchStreamsPerCaller);
  EXPECT_EQ(admin.refusal().error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(security::ErrorInfoOf(admin.refusal()).reason(), "TOO_MANY_WATCH_STREAMS");
}

}  // namespace
}  // namespace jisr::abuse
