// The variants recent writes left, parsed, so that the next write of one reads its row but not
// its latest revision, and parses nothing: reading and parsing the revision was a ninth of an
// edit's CPU. An entry is a row and the message parsed from it; it is taken only for exactly
// that row (the same version and the same bytes), so one that another writer, process or
// replica has since overwritten is never taken, only dropped. Bounded: the oldest go first.
#ifndef JISR_SERVICES_ARTICLES_RECENT_VARIANTS_H_
#define JISR_SERVICES_ARTICLES_RECENT_VARIANTS_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "services/articles/memory_stats.h"
#include "services/articles/stored_variant.h"
#include "services/storage/storage.h"

namespace jisr::articles {

class RecentVariants {
 public:
  explicit RecentVariants(size_t max_bytes) : max_bytes_(max_bytes) {}
  RecentVariants(const RecentVariants&) = delete;
  RecentVariants& operator=(const RecentVariants&) = delete;

  // Keeps `v`, a row and its parse, in place of any older one of the same variant. A write
  // puts what it kept once it has committed.
  void Put(StoredVariant v);
  // The variant kept for `row`, if it was parsed from exactly that row; removed either way: the
  // write that takes it changes it, and puts the result back when it commits.
  std::optional<StoredVariant> Take(const storage::VariantRow& row);

  using Stats = MemoryStats;
  Stats stats() const;

 private:
  struct Entry {
    StoredVariant v;
    size_t bytes = 0;
    uint64_t serial = 0;  // matches its place in insertion_order_
  };

  const size_t max_bytes_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
  // (serial, id) oldest first; a pair whose serial no longer matches its entry is skipped.
  std::deque<std::pair<uint64_t, std::string>> insertion_order_ ABSL_GUARDED_BY(mu_);
  uint64_t next_serial_ ABSL_GUARDED_BY(mu_) = 0;
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t hits_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t misses_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_RECENT_VARIANTS_H_
