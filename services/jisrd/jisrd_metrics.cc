#include "services/jisrd/jisrd_metrics.h"

#include <sys/stat.h>
#include <sys/statvfs.h>

#include <string>

#include "absl/time/clock.h"

namespace jisr::jisrd {
namespace {

constexpr const char* kKinds[] = {"read", "write"};
constexpr const char* kOutcomes[] = {"committed", "conflict", "error", "rolled_back"};

double FileBytes(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0 ? static_cast<double>(info.st_size) : 0;
}

std::string DirectoryOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

// Seconds since the oldest committed event the feed has not taken in yet; 0 when caught up (or
// when storage cannot say: jisr_storage_up tells that story).
double FeedLagSeconds(articles::ChangeFeed& feed, storage::Storage& storage) {
  const int64_t head = feed.head();
  absl::StatusOr<int64_t> committed = feed.CommittedHead();
  if (!committed.ok() || *committed <= head) return 0;
  absl::StatusOr<std::vector<storage::EventRow>> next = storage.ReadEvents(head, 1);
  if (!next.ok() || next->empty()) return 0;
  const absl::Duration lag = absl::Now() - absl::FromUnixMicros(next->front().time_micros);
  return std::max(0.0, absl::ToDoubleSeconds(lag));
}

}  // namespace

StorageMetrics::StorageMetrics(metrics::Registry& registry) {
  auto& transactions = registry.AddCounter(
      "jisr_storage_transactions_total",
      "Storage transactions ended, by kind (read, write) and outcome (committed, conflict, "
      "error, rolled_back).",
      {"kind", "outcome"});
  auto& seconds = registry.AddHistogram(
      "jisr_storage_transaction_seconds", "Time from a transaction's start to its end, by kind.",
      {"kind"}, {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1});
  for (int kind = 0; kind < 2; ++kind) {
    for (int outcome = 0; outcome < 4; ++outcome) {
      transactions_[kind][outcome] = &transactions.Get({kKinds[kind], kOutcomes[outcome]});
    }
    seconds_[kind] = &seconds.Get({kKinds[kind]});
  }
}

void StorageMetrics::TransactionEnded(Kind kind, Outcome outcome, absl::Duration duration) {
  const int k = kind == Kind::kWrite ? 1 : 0;
  transactions_[k][static_cast<int>(outcome)]->Increment();
  seconds_[k]->Observe(absl::ToDoubleSeconds(duration));
}

namespace {

void RegisterRetentionMetrics(metrics::Registry& registry, const articles::Retention* retention) {
  registry.AddCounterFamilyCallback(
      "jisr_retention_pruned_total", "Rows deleted by retention, by table (requests, events).",
      {"table"}, [retention] {
        const articles::Retention::Pruned pruned = retention->pruned_total();
        return metrics::LabelledValues{{{"requests"}, double(pruned.requests)},
                                       {{"events"}, double(pruned.events)}};
      });
  registry.AddGaugeCallback("jisr_storage_request_records",
                            "Recorded request_id answers, as the last retention round left them.",
                            [retention] { return double(retention->rows().requests); });
  registry.AddGaugeCallback("jisr_storage_events",
                            "Change events kept, as the last retention round left them.",
                            [retention] { return double(retention->rows().events); });
}

}  // namespace

void RegisterDomainMetrics(metrics::Registry& registry, const DomainParts& parts,
                           const std::string& sqlite_path) {
  RegisterRetentionMetrics(registry, parts.retention);
  const articles::Newsroom* n = parts.newsroom;
  registry.AddGaugeCallback("jisr_published_cache_entries", "Published views held in memory.",
                            [n] { return double(n->published_cache_stats().entries); });
  registry.AddGaugeCallback("jisr_published_cache_bytes", "Bytes of published views in memory.",
                            [n] { return double(n->published_cache_stats().bytes); });
  registry.AddCounterCallback("jisr_published_cache_hits_total",
                              "Published-view lookups answered from memory.",
                              [n] { return double(n->published_cache_stats().hits); });
  registry.AddCounterCallback("jisr_published_cache_misses_total",
                              "Published-view lookups that had to read storage.",
                              [n] { return double(n->published_cache_stats().misses); });
  registry.AddCounterCallback("jisr_text_analysis_memo_hits_total",
                              "Text fields a write did not analyse again: their text was "
                              "analysed by a recent write.",
                              [n] { return double(n->analysis_memo_stats().hits); });
  registry.AddCounterCallback("jisr_text_analysis_memo_misses_total",
                              "Text fields a write analysed (new or changed text).",
                              [n] { return double(n->analysis_memo_stats().misses); });
  registry.AddGaugeCallback("jisr_text_analysis_memo_bytes",
                            "Bytes of recent text analyses kept in memory.",
                            [n] { return double(n->analysis_memo_stats().bytes); });
  registry.AddCounterCallback("jisr_recent_variants_hits_total",
                              "Variants a write took as a recent write left them, without "
                              "reading and parsing their latest revision.",
                              [n] { return double(n->recent_variants_stats().hits); });
  registry.AddCounterCallback("jisr_recent_variants_misses_total",
                              "Variants a write looked for in memory and read from storage: "
                              "not written recently here, or written since by another process.",
                              [n] { return double(n->recent_variants_stats().misses); });
  registry.AddGaugeCallback("jisr_recent_variants_bytes",
                            "Bytes of parsed variants kept for the next write of each.",
                            [n] { return double(n->recent_variants_stats().bytes); });
  registry.AddCounterCallback("jisr_storage_transaction_retries_total",
                              "Write transactions started again after a conflict.",
                              [n] { return double(n->write_conflict_retries()); });
  articles::ChangeFeed* f = parts.feed;
  storage::Storage* s = parts.storage;
  registry.AddGaugeCallback("jisr_change_feed_head_sequence",
                            "The newest event sequence this jisrd's change feed has taken in.",
                            [f] { return double(f->head()); });
  registry.AddGaugeCallback(
      "jisr_change_feed_lag_seconds",
      "Age of the oldest committed event the change feed has not taken in; 0 when caught up.",
      [f, s] { return FeedLagSeconds(*f, *s); });
  const articles::Scheduler* sched = parts.scheduler;
  registry.AddCounterCallback("jisr_schedules_run_total", "Schedules carried out.",
                              [sched] { return double(sched->schedules_run()); });
  registry.AddCounterCallback("jisr_schedules_failed_total",
                              "Schedules carried out that ended FAILED.",
                              [sched] { return double(sched->schedules_failed()); });
  if (sqlite_path.empty()) return;
  registry.AddGaugeCallback(
      "jisr_storage_database_bytes", "Bytes of the SQLite data file and its write-ahead log.",
      [sqlite_path] { return FileBytes(sqlite_path) + FileBytes(sqlite_path + "-wal"); });
  const std::string directory = DirectoryOf(sqlite_path);
  auto filesystem = [directory](bool available) {
    return [directory, available] {
      struct statvfs info;
      if (statvfs(directory.c_str(), &info) != 0) return 0.0;
      return double(available ? info.f_bavail : info.f_blocks) * double(info.f_frsize);
    };
  };
  registry.AddGaugeCallback("jisr_storage_filesystem_available_bytes",
                            "Bytes free to jisrd on the file system of the SQLite data file.",
                            filesystem(true));
  registry.AddGaugeCallback("jisr_storage_filesystem_size_bytes",
                            "Size in bytes of the file system of the SQLite data file.",
                            filesystem(false));
}

}  // namespace jisr::jisrd
