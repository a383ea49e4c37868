// What jisrd exposes on /metrics besides the calls (api::CallMetrics) and the server's pools and
// streams (JisrServer::RegisterMetrics): storage transactions, the published cache, the change
// feed, schedules, the data file's disk, and the process.
#ifndef JISR_SERVICES_JISRD_JISRD_METRICS_H_
#define JISR_SERVICES_JISRD_JISRD_METRICS_H_

#include <string>

#include "services/articles/change_feed.h"
#include "services/articles/newsroom.h"
#include "services/articles/retention.h"
#include "services/articles/scheduler.h"
#include "services/metrics/registry.h"
#include "services/storage/metered_storage.h"

namespace jisr::jisrd {

class StorageMetrics final : public storage::StorageObserver {
 public:
  explicit StorageMetrics(metrics::Registry& registry);
  void TransactionEnded(Kind kind, Outcome outcome, absl::Duration duration) override;

 private:
  // [kind][outcome]
  metrics::Counter* transactions_[2][4] = {};
  metrics::Histogram* seconds_[2] = {};
};

// What the domain metrics read at scrape time; every pointer must outlive the registry's scrapes.
struct DomainParts {
  const articles::Newsroom* newsroom;
  articles::ChangeFeed* feed;
  const articles::Scheduler* scheduler;
  const articles::Retention* retention;
  storage::Storage* storage;
};

// Registers the scrape-time readings of the newsroom's cache and retries, the feed, the
// scheduler, retention and (for SQLite, `sqlite_path` set) the data file and its file system.
void RegisterDomainMetrics(metrics::Registry& registry, const DomainParts& parts,
                           const std::string& sqlite_path);

}  // namespace jisr::jisrd

#endif  // JISR_SERVICES_JISRD_JISRD_METRICS_H_
