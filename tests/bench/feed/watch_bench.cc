// Writers beside watchers: the write throughput of UpdateVariant through the real server with
// no watcher, with a watcher that keeps up, and with one that reads nothing at all. A watcher
// that stalls must not slow the writers (the feed never waits for a watcher); compare the
// three in one run:
//   build/tests/bench/feed/bench_watch --benchmark_min_time=3
// The server checks bearer tokens against the test credentials (tests/testing/
// test_credentials.h): the writer and the watcher are the test policy's editor, so the watcher
// is sent every change, drafts included, as an editor's screen would be.
#include <grpcpp/grpcpp.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "services/api/server.h"
#include "services/articles/change_feed.h"
#include "services/articles/newsroom.h"
#include "services/storage/sqlite/sqlite_storage.h"
#include "tests/testing/test_credentials.h"

namespace jisr {
namespace {

namespace v1 = ::jisr::v1;

enum class Watcher { kNone, kReading, kStalled };

// The variant the writers edit; false when it could not be created.
bool CreateVariant(v1::ArticleService::Stub& stub, const std::string& authorization,
                   v1::Variant* variant) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", authorization);
  v1::CreateVariantRequest create;
  create.mutable_variant()->set_language("en");
  create.mutable_variant()->set_headline("Benchmark");
  return stub.CreateVariant(&context, create, variant).ok();
}

// One writer's edit: the n-th headline.
grpc::Status UpdateHeadline(v1::ArticleService::Stub& stub, const std::string& authorization,
                            const std::string& name, int64_t n) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", authorization);
  v1::UpdateVariantRequest update;
  update.mutable_variant()->set_name(name);
  update.mutable_variant()->set_headline(absl::StrCat("Benchmark edit ", n));
  update.mutable_update_mask()->add_paths("headline");
  v1::Variant out;
  return stub.UpdateVariant(&context, update, &out);
}

void BM_UpdateVariantBesideAWatcher(benchmark::State& state) {
  const auto watcher_kind = static_cast<Watcher>(state.range(0));
  std::string dir = std::filesystem::temp_directory_path() / "jisr-bench-XXXXXX";
  if (mkdtemp(dir.data()) == nullptr) {
    state.SkipWithError("mkdtemp failed");
    return;
  }
  {
    auto storage = storage::sqlite::SqliteStorage::Open({dir + "/jisr.db", 8});
    articles::NewsroomOptions options;
    options.config = *config::ParseLanguages("en,ar", "Asia/Dubai");
    articles::Newsroom newsroom(options, storage->get());
    articles::ChangeFeed feed(storage->get(), {});
    if (!feed.Start().ok()) {
      state.SkipWithError("the feed did not start");
      return;
    }
    const testing::TestCredentials& credentials = testing::TestCredentials::Get();
    api::ServerOptions server_options;
    server_options.listen_address = "127.0.0.1:0";
    server_options.access = credentials.Access();
    auto server = api::JisrServer::Start(server_options, &newsroom, &feed, storage->get());
    if (!server.ok()) {
      state.SkipWithError(std::string(server.status().message()).c_str());
      return;
    }
    auto stub = v1::ArticleService::NewStub((*server)->InProcessChannel());
    // One token for every call: minted once, verified once (jisrd remembers verified tokens).
    const std::string authorization = "Bearer " + credentials.Token(testing::kTestEditor);

    v1::Variant variant;
    if (!CreateVariant(*stub, authorization, &variant)) {
      state.SkipWithError("CreateVariant failed");
      return;
    }

    // The watcher: over a real loopback connection, as a remote consumer would be.
    auto remote = v1::ArticleService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", (*server)->port()), grpc::InsecureChannelCredentials()));
    grpc::ClientContext watch_context;
    std::unique_ptr<grpc::ClientReader<v1::ChangeEvent>> reader;
    std::atomic<int64_t> received{0};
    std::thread reading;
    if (watcher_kind != Watcher::kNone) {
      v1::WatchRequest watch;
      watch.set_from_oldest(true);
      watch_context.AddMetadata("authorization", authorization);
      reader = remote->Watch(&watch_context, watch);
      if (watcher_kind == Watcher::kReading) {
        reading = std::thread([&] {
          v1::ChangeEvent event;
          while (reader->Read(&event)) ++received;
        });
      }
    }

    int64_t n = 0;
    for (auto _ : state) {
      const grpc::Status status = UpdateHeadline(*stub, authorization, variant.name(), n++);
      if (!status.ok()) state.SkipWithError(status.error_message().c_str());
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["feed_head"] = static_cast<double>(feed.head());
    if (watcher_kind == Watcher::kReading) {
      state.counters["events_read"] = static_cast<double>(received.load());
    }
    if (watcher_kind != Watcher::kNone) {
      watch_context.TryCancel();
      if (reading.joinable()) reading.join();
      reader->Finish().IgnoreError();
    }
    (*server)->Shutdown(absl::ZeroDuration());
  }
  std::filesystem::remove_all(dir);
}

BENCHMARK(BM_UpdateVariantBesideAWatcher)
    ->ArgName("watcher(0=none,1=reading,2=stalled)")
    ->Arg(static_cast<int>(Watcher::kNone))
    ->Arg(static_cast<int>(Watcher::kReading))
    ->Arg(static_cast<int>(Watcher::kStalled))
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

}  // namespace
}  // namespace jisr

BENCHMARK_MAIN();
