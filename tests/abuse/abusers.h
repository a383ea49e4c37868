// Misbehaving clients of a real jisrd, and the well-behaved renderer that must keep being served
// while they run. The hostile-load tests (tests/abuse) assert what the renderer and the abusers
// get; the abuse benchmark (tests/bench/abuse) times the renderer alone and under each abuser.
#ifndef JISR_TESTS_ABUSE_ABUSERS_H_
#define JISR_TESTS_ABUSE_ABUSERS_H_

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "jisr/v1/article_service.grpc.pb.h"
#include "jisr/v1/text_service.grpc.pb.h"
#include "tests/testing/jisrd_process.h"
#include "tests/testing/temp_dir.h"

namespace jisr::abuse {

namespace v1 = ::jisr::v1;

// A channel on a connection of its own: channels with equal arguments share one connection, and
// an abuser that wants many connections must not share the renderer's.
std::shared_ptr<grpc::Channel> OwnConnection(const std::string& target, int index,
                                             int max_receive_bytes = 64 << 20);

// jisrd on a fresh SQLite file in `dir` with `flags`, the seed article (tests/fixtures) imported
// and published by the test administrator. `seed` is the published variant's name.
struct ServedSeed {
  testing::JisrdProcess process;
  std::string seed;
};
absl::StatusOr<ServedSeed> StartWithSeed(const testing::TempDir& dir,
                                         const std::vector<std::string>& flags = {});

// jisrd's resident memory now, from /proc; 0 when it cannot be read.
int64_t ResidentBytes(pid_t pid);

// What a renderer saw: every call's status code and latency.
struct RendererReport {
  int calls = 0;
  // "DEADLINE_EXCEEDED: ..." for each call that was not OK (the first 20).
  std::vector<std::string> failures;
  int failed = 0;
  std::vector<absl::Duration> latencies;

  absl::Duration Percentile(double fraction) const;
};

// A renderer (the test reader's token, its own connection) fetching the published view of one
// variant in a loop, each call with a deadline, `threads` at a time, until stopped.
class Renderer {
 public:
  Renderer(const std::string& target, std::string variant, int threads = 2,
           absl::Duration deadline = absl::Seconds(1));
  ~Renderer();
  void Start();
  RendererReport Stop();

 private:
  void Run();

  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::ArticleService::Stub> stub_;
  std::string variant_;
  int threads_;
  absl::Duration deadline_;
  std::atomic<bool> stop_{false};
  std::vector<std::thread> workers_;
  absl::Mutex mu_;
  RendererReport report_ ABSL_GUARDED_BY(mu_);
};

// Opens `streams` calls spread over `connections` connections, each sending its headers and
// then nothing: a unary call whose request never comes, held open until Close. This is the
// cheapest way for one client to make a server keep state per stream.
class StreamHog {
 public:
  explicit StreamHog(const std::string& target) : target_(target) {}
  ~StreamHog() { Close(); }
  // Returns how many streams the client managed to start.
  int Open(int streams, int connections);
  void Close();

 private:
  struct HeldCall {
    grpc::ClientContext context;
    std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call;
    grpc::Status finish;
  };
  std::string target_;
  std::vector<std::shared_ptr<grpc::Channel>> channels_;
  std::vector<std::unique_ptr<grpc::GenericStub>> stubs_;
  std::vector<std::unique_ptr<HeldCall>> calls_;
  std::unique_ptr<grpc::CompletionQueue> queue_;
  std::thread drainer_;
};

// What a flood of TextService calls got back.
struct FloodReport {
  int ok = 0;
  // RESOURCE_EXHAUSTED answers, and how many of them carried a google.rpc.RetryInfo.
  int refused = 0;
  int refused_with_retry_info = 0;
  // Any other answer: "CODE: message" (the first 20), and how many there were.
  std::vector<std::string> other;
  int other_count = 0;
};

// `callers` threads each sending Analyze of `text` (on connections of their own, as a crowd of
// clients would), `rounds` times each or until `stop` is set, all calls with `deadline`.
FloodReport FloodAnalyze(const std::string& target, const std::string& text, int callers,
                         int rounds, absl::Duration deadline = absl::Seconds(60),
                         const std::atomic<bool>* stop = nullptr);

// About `bytes` of real Arabic (1 MiB unless told): the UDHR fixture's text repeated, cut at a
// character boundary.
std::string ArabicOfBytes(size_t bytes);
inline std::string MebibyteOfArabic() { return ArabicOfBytes(size_t{1} << 20); }

// An update of `current` (its name and etag) replacing its body with paragraphs of the UDHR's
// Arabic, each as long as the contract allows and each sentence opened by a Latin agency name,
// together just under `max_message_bytes`: the largest view one request can make, over three
// times the request once analysed.
v1::UpdateVariantRequest OversizeUpdate(const v1::Variant& current, size_t max_message_bytes);

// Watch streams opened one after another as one principal until jisrd refuses one.
class WatchHog {
 public:
  WatchHog(const std::string& target, std::string principal);
  ~WatchHog() { Close(); }
  // Opens streams (at most `limit`) until one is refused; returns how many are open. The refusal
  // is in refusal().
  int OpenUntilRefused(int limit);
  // Opens one more stream as `principal`: OK when jisrd accepted it (it is closed at once).
  grpc::Status TryOne(const std::string& principal);
  const grpc::Status& refusal() const { return refusal_; }
  void Close();

 private:
  struct OpenWatch {
    grpc::ClientContext context;
    std::unique_ptr<grpc::ClientReader<v1::ChangeEvent>> reader;
  };
  // Starts a Watch; its status when jisrd ended it at once, nullopt while it is open.
  static std::optional<grpc::Status> Begin(v1::ArticleService::Stub& stub, OpenWatch& watch,
                                           const std::string& principal);

  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::ArticleService::Stub> stub_;
  std::string principal_;
  std::vector<std::unique_ptr<OpenWatch>> open_;
  grpc::Status refusal_;
};

}  // namespace jisr::abuse

#endif  // JISR_TESTS_ABUSE_ABUSERS_H_
