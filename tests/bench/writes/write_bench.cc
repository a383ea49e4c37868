// Write throughput of a real jisrd on SQLite against the disk's own limit, measured in one run:
//   build/tests/bench/writes/bench_writes [seconds=10] [history=20000] [-- jisrd flags...]
// 1. raw: durable single-row commits of a 16 KiB row (SQLite WAL, synchronous=FULL, the
//    settings jisrd uses) on the same disk, one thread: the most a durable write can do here;
// 2. UpdateVariant of the seed article's headline (distinct headlines) from 1 and from 8
//    writers, each on its own copy of the article: writes/s, the ratio to raw, and jisrd's CPU
//    per write (utime+stime from /proc);
// 3. the same single writer once its variant has `history` revisions, beside one with few.
// Every acknowledged write is checked afterwards: each variant's latest revision must be its
// first plus the writes acknowledged on it. raw runs again at the end; the ratios use the mean.
#include <grpcpp/grpcpp.h>
#include <sqlite3.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "clients/import/scraped_article.h"
#include "jisr/v1/article_service.grpc.pb.h"
#include "tests/bench/writes/write_load.h"
#include "tests/testing/fixtures.h"
#include "tests/testing/jisrd_process.h"
#include "tests/testing/process_stats.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_credentials.h"

namespace jisr {
namespace {

namespace v1 = ::jisr::v1;

// Durable single-row commits per second of a 16 KiB row, for `seconds`.
double RawCommitsPerSecond(const std::string& path, double seconds) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return 0;
  sqlite3_exec(db,
               "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
               "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, data BLOB)",
               nullptr, nullptr, nullptr);
  std::string row(16384, '\0');
  std::mt19937_64 random(42);
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO t (data) VALUES (?)", -1, &insert, nullptr);
  int64_t commits = 0;
  const absl::Time end = absl::Now() + absl::Seconds(seconds);
  const absl::Time start = absl::Now();
  while (absl::Now() < end) {
    for (char& c : row) c = static_cast<char>(random());  // incompressible, as a page would be
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    sqlite3_bind_blob(insert, 1, row.data(), static_cast<int>(row.size()), SQLITE_STATIC);
    sqlite3_step(insert);
    sqlite3_reset(insert);
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK) ++commits;
  }
  const double elapsed = absl::ToDoubleSeconds(absl::Now() - start);
  sqlite3_finalize(insert);
  sqlite3_close(db);
  return commits / elapsed;
}

int Run(double seconds, int history, const std::vector<std::string>& extra_flags) {
  testing::TempDir dir;
  std::printf("bench_writes: raw durable commits for %.0f s\n", seconds);
  std::fflush(stdout);
  const double raw_before = RawCommitsPerSecond(dir.File("raw.db"), seconds);
  std::vector<std::string> flags = {"--data_path=" + dir.File("jisr.db")};
  flags.insert(flags.end(), extra_flags.begin(), extra_flags.end());
  auto jisrd = testing::JisrdProcess::Start(flags, dir.path());
  if (!jisrd.ok()) {
    std::fprintf(stderr, "jisrd did not start: %s\n", jisrd.status().ToString().c_str());
    return 1;
  }
  absl::StatusOr<import::ImportedArticle> seed = import::ParseScrapedArticle(
      testing::ReadFileOrDie(testing::FixturePath("seed-article-en.txt")), "en");
  if (!seed.ok()) return 1;
  bench::WriteLoad load(jisrd->target(), seed->variant, 11);
  if (absl::Status made = load.CreateVariants(); !made.ok()) {
    std::fprintf(stderr, "could not create the articles: %s\n", made.ToString().c_str());
    return 1;
  }
  const auto measure = [&](const char* label, std::vector<int> variants) {
    std::printf("bench_writes: %s for %.0f s\n", label, seconds);
    std::fflush(stdout);
    const double cpu_before = testing::ProcessCpuSeconds(jisrd->pid());
    bench::WriteRate rate = load.Write(variants, absl::Seconds(seconds));
    rate.cpu_ms_per_write = (testing::ProcessCpuSeconds(jisrd->pid()) - cpu_before) * 1e3 /
                            std::max<int64_t>(rate.writes, 1);
    return rate;
  };
  const bench::WriteRate one = measure("1 writer", {0});
  const bench::WriteRate eight = measure("8 writers", {1, 2, 3, 4, 5, 6, 7, 8});
  std::printf("bench_writes: growing one variant's history to %d revisions\n", history);
  std::fflush(stdout);
  if (absl::Status grown = load.GrowHistory(9, 8, history); !grown.ok()) {
    std::fprintf(stderr, "could not grow the history: %s\n", grown.ToString().c_str());
    return 1;
  }
  const bench::WriteRate deep = measure("1 writer, long history", {9});
  const bench::WriteRate shallow = measure("1 writer, short history", {10});
  const double raw_after = RawCommitsPerSecond(dir.File("raw.db"), seconds);
  const double raw = (raw_before + raw_after) / 2;
  if (absl::Status checked = load.CheckEveryWriteIsARevision(); !checked.ok()) {
    std::fprintf(stderr, "an acknowledged write is missing: %s\n", checked.ToString().c_str());
    return 2;
  }
  std::printf("\n| measure | writes/s | of raw | server CPU per write | p50 / p99 |\n");
  std::printf("|---|---|---|---|---|\n");
  std::printf("| raw durable 16 KiB commits, 1 thread | %.0f (%.0f, %.0f) | 1.00 | | |\n", raw,
              raw_before, raw_after);
  const auto row = [&](const char* label, const bench::WriteRate& r) {
    std::printf("| %s | %.0f | %.2f | %.3f ms | %.2f / %.2f ms |\n", label, r.per_second,
                r.per_second / raw, r.cpu_ms_per_write, r.p50_ms, r.p99_ms);
  };
  row("UpdateVariant, 1 writer", one);
  row("UpdateVariant, 8 writers", eight);
  row(absl::StrCat("1 writer at revision ", load.LatestRevision(9)).c_str(), deep);
  row(absl::StrCat("1 writer at revision ", load.LatestRevision(10)).c_str(), shallow);
  std::printf("every acknowledged write is a revision: yes (%lld writes)\n",
              static_cast<long long>(load.acknowledged()));
  return 0;
}

}  // namespace
}  // namespace jisr

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 10;
  const int history = argc > 2 ? std::atoi(argv[2]) : 20000;
  std::vector<std::string> flags;
  for (int i = 3; i < argc; ++i) {
    if (std::string(argv[i]) != "--") flags.push_back(argv[i]);
  }
  if (seconds <= 0 || history < 1) {
    std::fprintf(stderr, "usage: bench_writes [seconds>0] [history>=1] [-- jisrd flags]\n");
    return 64;
  }
  return jisr::Run(seconds, history, flags);
}
