// Variant lists at scale: fills N variants through the storage interface (big transactions),
// then times the first and the 100th page of 50 for each filter the API offers and prints one
// table. The 100th page (or a shorter list's last full one) is reached by keyset, as
// ListVariants' page tokens reach it; each time is the median of several runs of that page. Times
// are the storage's: a read transaction and the list statement.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/status_macros.h"
#include "services/storage/storage.h"
#include "tests/storage/storage_engines.h"

ABSL_FLAG(int, variants, 10000, "how many variants to load: 1,000 to 10,000,000");
ABSL_FLAG(std::string, engine, "sqlite", "sqlite, or postgres (the test fixture's server)");

namespace jisr::bench {
namespace {

constexpr int kBatch = 10000;  // variants per load transaction
constexpr int kPageSize = 50;
constexpr int kTimedRuns = 15;
const char* const kSections[] = {"world",   "sport",  "culture", "business", "science",
                                 "opinion", "health", "travel",  "tech",     "local"};

// Variant i: two per story (en and ar), a tenth drafts, a twentieth unpublished, a
// fiftieth deleted, a tenth of the Arabic ones stale, ten sections.
storage::VariantRow NthVariant(int i) {
  storage::VariantRow v;
  v.id = absl::StrCat("v", i);
  v.story_id = absl::StrCat("s", i / 2);
  v.language = i % 2 == 0 ? "en" : "ar";
  v.slug = absl::StrCat("article-", i);
  v.state = i % 10 == 3 ? 1 : i % 20 == 7 ? 3 : 2;
  v.section = kSections[(i / 2) % 10];
  v.version = 1;
  v.modify_micros = 1'600'000'000'000'000 + int64_t{i} * 1000;
  v.deleted = i % 50 == 11;
  v.translation_state = v.language == "ar" && (i / 2) % 10 == 5 ? 3 : 2;
  v.stale_since_micros = v.translation_state == 3 ? v.modify_micros : 0;
  v.headline_key = absl::StrCat(std::string(1, static_cast<char>('a' + (i * 7919) % 26)), i % 9973);
  v.data = std::string(600, 'x');  // a list entry's size: headline, standfirst, metadata
  return v;
}

absl::Status Load(storage::Storage& storage, int count) {
  for (int start = 0; start < count; start += kBatch) {
    JISR_ASSIGN_OR_RETURN(auto txn, storage.BeginWrite());
    for (int i = start; i < std::min(count, start + kBatch); ++i) {
      storage::VariantRow v = NthVariant(i);
      if (i % 2 == 0) JISR_RETURN_IF_ERROR(txn->InsertStory({v.story_id, 1, 1, false, "story"}));
      JISR_RETURN_IF_ERROR(txn->InsertVariant(v));
    }
    JISR_RETURN_IF_ERROR(txn->Commit());
    const int loaded = std::min(count, start + kBatch);
    if (loaded % 100'000 == 0 || loaded == count) {
      std::fprintf(stderr, "bench_lists: loaded %d of %d variants\n", loaded, count);
    }
  }
  return absl::OkStatus();
}

struct Filter {
  std::string name;
  storage::VariantQuery query;
};

std::vector<Filter> Filters() {
  std::vector<Filter> out;
  auto add = [&](std::string name, auto set) {
    storage::VariantQuery q;
    set(q);
    out.push_back({std::move(name), q});
  };
  add("none", [](auto&) {});
  add("none, deleted too", [](auto& q) { q.include_deleted = true; });
  add("language=en", [](auto& q) { q.language = "en"; });
  add("state=draft", [](auto& q) { q.state = 1; });
  add("section=sport", [](auto& q) { q.section = "sport"; });
  add("story", [](auto& q) { q.story_id = "s1000"; });
  add("language=en state=published", [](auto& q) { q.language = "en", q.state = 2; });
  add("language=ar section=sport", [](auto& q) { q.language = "ar", q.section = "sport"; });
  add("section=sport state=draft", [](auto& q) { q.section = "sport", q.state = 1; });
  add("en sport published", [](auto& q) { q.language = "en", q.section = "sport", q.state = 2; });
  add("headline: en", [](auto& q) { q.language = "en", q.by_headline = true; });
  add("headline: en published",
      [](auto& q) { q.language = "en", q.state = 2, q.by_headline = true; });
  add("headline: en sport",
      [](auto& q) { q.language = "en", q.section = "sport", q.by_headline = true; });
  add("stale translations: ar",
      [](auto& q) { q.language = "ar", q.translation_state = 3, q.stale_first = true; });
  return out;
}

// One page: a read transaction and the list. Sets `rows` and returns the time it took.
absl::StatusOr<absl::Duration> TimePage(storage::Storage& storage,
                                        const storage::VariantQuery& query,
                                        std::vector<storage::VariantRow>& rows) {
  const absl::Time start = absl::Now();
  JISR_ASSIGN_OR_RETURN(auto txn, storage.BeginRead());
  JISR_ASSIGN_OR_RETURN(rows, txn->ListVariants(query));
  return absl::Now() - start;
}

void Advance(storage::VariantQuery& query, const storage::VariantRow& last) {
  if (query.by_headline) {
    query.after_key.emplace(last.headline_key, last.id);
  } else {
    query.after.emplace(query.stale_first ? last.stale_since_micros : last.modify_micros, last.id);
  }
}

struct PageTime {
  int page = 0;  // the page timed: `page`, or the list's last full page when it is shorter
  double millis = 0;
};

// The median time of page `page` (1-based), reached by keyset, or of the last full page.
absl::StatusOr<PageTime> TimePageNumber(storage::Storage& storage, storage::VariantQuery query,
                                        int page) {
  query.limit = kPageSize;
  std::vector<storage::VariantRow> rows;
  PageTime out{1, 0};
  while (out.page < page) {
    JISR_RETURN_IF_ERROR(TimePage(storage, query, rows).status());
    if (rows.size() < kPageSize) break;
    storage::VariantQuery next = query;
    Advance(next, rows.back());
    JISR_RETURN_IF_ERROR(TimePage(storage, next, rows).status());
    if (rows.size() < kPageSize) break;  // the current page is the last full one
    query = next;
    ++out.page;
  }
  std::vector<double> millis;
  for (int run = 0; run < kTimedRuns; ++run) {
    JISR_ASSIGN_OR_RETURN(absl::Duration took, TimePage(storage, query, rows));
    millis.push_back(absl::ToDoubleMilliseconds(took));
  }
  std::sort(millis.begin(), millis.end());
  out.millis = millis[millis.size() / 2];
  return out;
}

absl::Status Run(const std::string& engine, int count) {
  JISR_ASSIGN_OR_RETURN(auto database, testing::NewTestDatabase(engine));
  JISR_ASSIGN_OR_RETURN(auto storage, database->Open());
  const absl::Time start = absl::Now();
  JISR_RETURN_IF_ERROR(Load(*storage, count));
  std::printf("%s: %d variants loaded in %.1f s\n", engine.c_str(), count,
              absl::ToDoubleSeconds(absl::Now() - start));
  std::printf("%-30s %10s %10s %10s\n", "filter", "page 1 ms", "page", "its ms");
  for (const Filter& filter : Filters()) {
    JISR_ASSIGN_OR_RETURN(PageTime first, TimePageNumber(*storage, filter.query, 1));
    JISR_ASSIGN_OR_RETURN(PageTime later, TimePageNumber(*storage, filter.query, 100));
    std::printf("%-30s %10.3f %10d %10.3f\n", filter.name.c_str(), first.millis, later.page,
                later.millis);
  }
  storage.reset();
  return absl::OkStatus();
}

}  // namespace
}  // namespace jisr::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const int count = absl::GetFlag(FLAGS_variants);
  const std::string engine = absl::GetFlag(FLAGS_engine);
  if (count < 1000 || count > 10'000'000) {
    std::fprintf(stderr, "--variants must be 1,000 to 10,000,000\n");
    return 2;
  }
  if (engine != "sqlite" && engine != "postgres") {
    std::fprintf(stderr, "--engine must be sqlite or postgres\n");
    return 2;
  }
  const absl::Status status = jisr::bench::Run(engine, count);
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", std::string(status.message()).c_str());
    return 1;
  }
  return 0;
}
