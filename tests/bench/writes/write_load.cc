#include "tests/bench/writes/write_load.h"

#include <algorithm>
#include <cstdio>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "tests/testing/process_stats.h"
#include "tests/testing/test_credentials.h"

namespace jisr::bench {

namespace v1 = ::jisr::v1;

WriteLoad::WriteLoad(const std::string& target, v1::Variant article, int count)
    : stub_(v1::ArticleService::NewStub(
          grpc::CreateChannel(target, grpc::InsecureChannelCredentials()))),
      article_(std::move(article)),
      names_(count),
      acknowledged_(new std::atomic<int64_t>[count]),
      authorization_("Bearer " + testing::TestCredentials::Get().Token(testing::kTestEditor)) {
  for (int i = 0; i < count; ++i) acknowledged_[i] = 0;
}

absl::Status WriteLoad::CreateVariants() {
  for (size_t i = 0; i < names_.size(); ++i) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", authorization_);
    v1::CreateVariantRequest create;
    *create.mutable_variant() = article_;
    create.mutable_variant()->set_headline(absl::StrCat("Bench article ", i));
    v1::Variant created;
    const grpc::Status status = stub_->CreateVariant(&context, create, &created);
    if (!status.ok()) return absl::UnavailableError(status.error_message());
    names_[i] = created.name();
  }
  return absl::OkStatus();
}

bool WriteLoad::EditOnce(int index) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", authorization_);
  v1::UpdateVariantRequest update;
  update.mutable_variant()->set_name(names_[index]);
  update.mutable_variant()->set_headline(
      absl::StrCat("Bench article ", index, " edit ", next_headline_.fetch_add(1)));
  update.mutable_update_mask()->add_paths("headline");
  v1::Variant out;
  const grpc::Status status = stub_->UpdateVariant(&context, update, &out);
  if (!status.ok()) {
    std::fprintf(stderr, "write failed: %s\n", status.error_message().c_str());
    return false;
  }
  acknowledged_[index].fetch_add(1);
  return true;
}

WriteRate WriteLoad::Write(const std::vector<int>& variants, absl::Duration duration) {
  absl::Mutex mu;
  std::vector<double> latencies;
  const absl::Time start = absl::Now();
  const absl::Time end = start + duration;
  std::vector<std::thread> writers;
  for (int index : variants) {
    writers.emplace_back([&, index] {
      std::vector<double> mine;
      while (absl::Now() < end) {
        const absl::Time sent = absl::Now();
        if (EditOnce(index)) mine.push_back(absl::ToDoubleMilliseconds(absl::Now() - sent));
      }
      absl::MutexLock lock(&mu);
      latencies.insert(latencies.end(), mine.begin(), mine.end());
    });
  }
  for (auto& writer : writers) writer.join();
  const double elapsed = absl::ToDoubleSeconds(absl::Now() - start);
  absl::MutexLock lock(&mu);
  WriteRate rate;
  rate.writes = static_cast<int64_t>(latencies.size());
  rate.per_second = rate.writes / elapsed;
  rate.p50_ms = testing::Percentile(latencies, 0.5);
  rate.p99_ms = testing::Percentile(latencies, 0.99);
  return rate;
}

absl::Status WriteLoad::GrowHistory(int index, int writers, int revisions) {
  std::atomic<bool> failed{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < writers; ++t) {
    threads.emplace_back([&, t] {
      while (!failed && acknowledged_[index].load() + 1 < revisions) {
        if (!EditOnce(index)) failed = true;
        const int64_t done = acknowledged_[index].load();
        if (t == 0 && done % 2000 == 0) {
          std::printf("bench_writes: %lld of %d revisions\n", static_cast<long long>(done),
                      revisions);
          std::fflush(stdout);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  return failed ? absl::UnavailableError("a write failed while growing the history (see above)")
                : absl::OkStatus();
}

int64_t WriteLoad::LatestRevision(int index) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", authorization_);
  v1::GetVariantRequest get;
  get.set_name(names_[index]);
  get.set_view(v1::VARIANT_VIEW_LATEST);
  v1::Variant variant;
  return stub_->GetVariant(&context, get, &variant).ok() ? variant.latest_revision() : 0;
}

absl::Status WriteLoad::CheckEveryWriteIsARevision() {
  for (size_t i = 0; i < names_.size(); ++i) {
    const int64_t latest = LatestRevision(static_cast<int>(i));
    if (latest != 1 + acknowledged_[i].load()) {
      return absl::FailedPreconditionError(
          absl::StrCat(names_[i], " has ", latest, " revisions after ", acknowledged_[i].load(),
                       " acknowledged edits: an acknowledged write was lost"));
    }
  }
  return absl::OkStatus();
}

int64_t WriteLoad::acknowledged() const {
  int64_t total = 0;
  for (size_t i = 0; i < names_.size(); ++i) total += acknowledged_[i].load();
  return total;
}

}  // namespace jisr::bench
