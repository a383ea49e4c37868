// Write and read throughput of each storage engine, measured side by side in one run.
//
// Write: one write transaction that reads a variant, updates it, inserts a revision, appends an
// event and commits: the shape of every edit the newsroom makes. Read: ReadPublished of an
// existing row, the renderer's path. Each thread edits its own variant, so on PostgreSQL the
// threads' transactions overlap (SQLite runs one writer at a time whatever the thread count).
//
// PostgreSQL comes from $JISR_BENCH_POSTGRES_URL, else the URL the test fixture wrote; each run
// uses a fresh schema on it. Commits are durable on both engines (SQLite synchronous=FULL,
// PostgreSQL fsync on). On PostgreSQL the one-thread runs also report round_trips: round trips
// to the server per write or read (PostgresStorage::round_trips).
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "services/common/status_macros.h"
#include "services/storage/postgres/postgres_storage.h"
#include "services/storage/storage.h"
#include "tests/storage/postgres_test_database.h"
#include "tests/storage/storage_engines.h"

namespace jisr::bench {
namespace {

constexpr int kMaxThreads = 4;
constexpr size_t kPayloadBytes = 4096;  // a typical serialized variant or revision

struct Engine {
  std::string name;
  std::unique_ptr<testing::TestDatabase> database;
  std::unique_ptr<storage::Storage> storage;
};

std::string VariantId(int thread) { return absl::StrCat("v", thread); }

absl::Status Seed(storage::Storage& storage) {
  JISR_ASSIGN_OR_RETURN(auto txn, storage.BeginWrite());
  for (int t = 0; t < kMaxThreads; ++t) {
    std::string story_id = absl::StrCat("s", t);
    JISR_RETURN_IF_ERROR(txn->InsertStory({story_id, 1, 1, false, std::string(512, 's')}));
    storage::VariantRow variant;
    variant.id = VariantId(t);
    variant.story_id = story_id;
    variant.language = t % 2 == 0 ? "ar" : "en";
    variant.slug = absl::StrCat("story-", t);
    variant.state = 2;
    variant.section = "world";
    variant.version = 1;
    variant.modify_micros = 1;
    variant.data = std::string(kPayloadBytes, 'v');
    JISR_RETURN_IF_ERROR(txn->InsertVariant(variant));
    JISR_RETURN_IF_ERROR(txn->PutPublished(
        {variant.id, variant.language, variant.slug, 1, std::string(kPayloadBytes, 'p')}));
  }
  return txn->Commit();
}

absl::Status Edit(storage::Storage& storage, const std::string& variant_id) {
  JISR_ASSIGN_OR_RETURN(auto txn, storage.BeginWrite());
  JISR_ASSIGN_OR_RETURN(auto variant, txn->GetVariant(variant_id));
  if (!variant.has_value()) return absl::NotFoundError(variant_id);
  variant->version += 1;
  variant->modify_micros += 1;
  JISR_RETURN_IF_ERROR(txn->UpdateVariant(*variant));
  JISR_RETURN_IF_ERROR(txn->InsertRevision(
      {variant_id, variant->version, variant->modify_micros, std::string(kPayloadBytes, 'r')}));
  storage::EventRow event;
  event.story_id = variant->story_id;
  event.variant_id = variant_id;
  event.language = variant->language;
  event.revision = variant->version;
  event.kind = 1;
  event.data = std::string(64, 'e');
  JISR_RETURN_IF_ERROR(txn->AppendEvent(event));
  return txn->Commit();
}

// Round trips per iteration on PostgreSQL, in one-thread runs (other threads' would mix in).
class RoundTripCounter {
 public:
  RoundTripCounter(benchmark::State& state, storage::Storage* storage)
      : state_(state),
        postgres_(state.threads() == 1 ? dynamic_cast<storage::postgres::PostgresStorage*>(storage)
                                       : nullptr),
        start_(postgres_ != nullptr ? postgres_->round_trips() : 0) {}
  ~RoundTripCounter() {
    if (postgres_ == nullptr || state_.iterations() == 0) return;
    state_.counters["round_trips"] =
        static_cast<double>(postgres_->round_trips() - start_) / state_.iterations();
  }

 private:
  benchmark::State& state_;
  storage::postgres::PostgresStorage* const postgres_;
  const int64_t start_;
};

void BM_Write(benchmark::State& state, storage::Storage* storage) {
  RoundTripCounter round_trips(state, storage);
  std::string variant_id = VariantId(state.thread_index());
  for (auto _ : state) {
    absl::Status status = Edit(*storage, variant_id);
    if (!status.ok()) {
      state.SkipWithError(std::string(status.message()).c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_ReadPublished(benchmark::State& state, storage::Storage* storage) {
  RoundTripCounter round_trips(state, storage);
  std::string variant_id = VariantId(state.thread_index());
  for (auto _ : state) {
    auto row = storage->ReadPublished(variant_id);
    if (!row.ok() || !row->has_value()) {
      state.SkipWithError("ReadPublished found no row");
      break;
    }
    benchmark::DoNotOptimize(row);
  }
  state.SetItemsProcessed(state.iterations());
}

// A fresh, seeded database of `name`; an error says why the engine is left out of the run.
absl::StatusOr<Engine> OpenEngine(const std::string& name) {
  Engine engine{name, nullptr, nullptr};
  if (name == "postgres") {
    JISR_ASSIGN_OR_RETURN(std::string server, testing::BenchPostgresUrl());
    JISR_ASSIGN_OR_RETURN(engine.database, testing::NewPostgresTestDatabase(server));
  } else {
    JISR_ASSIGN_OR_RETURN(engine.database, testing::NewTestDatabase(name));
  }
  JISR_ASSIGN_OR_RETURN(engine.storage, engine.database->Open());
  JISR_RETURN_IF_ERROR(Seed(*engine.storage));
  return engine;
}

std::vector<Engine> OpenEngines() {
  std::vector<Engine> engines;
  for (const std::string& name : testing::StorageEngineNames()) {
    absl::StatusOr<Engine> engine = OpenEngine(name);
    if (!engine.ok()) {
      std::fprintf(stderr, "bench_storage: leaving %s out: %s\n", name.c_str(),
                   std::string(engine.status().message()).c_str());
      continue;
    }
    std::fprintf(stderr, "bench_storage: %s is %s\n", name.c_str(),
                 engine->storage->Describe().c_str());
    engines.push_back(*std::move(engine));
  }
  return engines;
}

}  // namespace
}  // namespace jisr::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  std::vector<jisr::bench::Engine> engines = jisr::bench::OpenEngines();
  for (auto& engine : engines) {
    for (int threads : {1, jisr::bench::kMaxThreads}) {
      benchmark::RegisterBenchmark(absl::StrCat("BM_Write/", engine.name).c_str(),
                                   jisr::bench::BM_Write, engine.storage.get())
          ->Threads(threads)
          ->UseRealTime();
      benchmark::RegisterBenchmark(absl::StrCat("BM_ReadPublished/", engine.name).c_str(),
                                   jisr::bench::BM_ReadPublished, engine.storage.get())
          ->Threads(threads)
          ->UseRealTime();
    }
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  for (auto& engine : engines) engine.storage.reset();  // before its database goes
  return 0;
}
