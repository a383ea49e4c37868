// Headline edits through a real jisrd from several writer threads, each acknowledged write
// counted per variant so that the bench can check afterwards that every one is a revision.
#ifndef JISR_TESTS_BENCH_WRITES_WRITE_LOAD_H_
#define JISR_TESTS_BENCH_WRITES_WRITE_LOAD_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "jisr/v1/article_service.grpc.pb.h"

namespace jisr::bench {

// What one measured stretch of writing did.
struct WriteRate {
  int64_t writes = 0;
  double per_second = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double cpu_ms_per_write = 0;  // filled in by the caller, which knows the server's process
};

class WriteLoad {
 public:
  // `count` copies of `article` will be created on the jisrd at `target`.
  WriteLoad(const std::string& target, jisr::v1::Variant article, int count);

  // Creates the copies (headlines "Bench article N"), each with one revision.
  absl::Status CreateVariants();
  // One writer thread per entry of `variants` (indexes of the copies), each editing its
  // variant's headline as fast as it is answered, for `duration`.
  WriteRate Write(const std::vector<int>& variants, absl::Duration duration);
  // `writers` threads edit copy `index` until its latest revision is at least `revisions`.
  absl::Status GrowHistory(int index, int writers, int revisions);
  // FAILED_PRECONDITION unless every copy's latest revision is 1 plus its acknowledged edits.
  absl::Status CheckEveryWriteIsARevision();
  // The latest revision of copy `index` (0 when it cannot be read).
  int64_t LatestRevision(int index);
  int64_t acknowledged() const;

 private:
  // Edits copy `index` once; true when acknowledged. Failures are printed.
  bool EditOnce(int index);

  std::unique_ptr<jisr::v1::ArticleService::Stub> stub_;
  jisr::v1::Variant article_;
  std::vector<std::string> names_;
  std::unique_ptr<std::atomic<int64_t>[]> acknowledged_;
  std::atomic<int64_t> next_headline_{0};
  // One token for every call, as a real client keeps one until it expires.
  const std::string authorization_;
};

}  // namespace jisr::bench

#endif  // JISR_TESTS_BENCH_WRITES_WRITE_LOAD_H_
