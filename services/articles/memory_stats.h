// What an operator watches of one of a newsroom's bounded memories (the published cache, the
// analysis memo, the recent variants): what it holds, its bytes, and how lookups fared.
#ifndef JISR_SERVICES_ARTICLES_MEMORY_STATS_H_
#define JISR_SERVICES_ARTICLES_MEMORY_STATS_H_

#include <cstddef>
#include <cstdint>

namespace jisr::articles {

struct MemoryStats {
  size_t entries = 0;
  size_t bytes = 0;
  int64_t hits = 0;
  int64_t misses = 0;
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_MEMORY_STATS_H_
