// The column lists the engine selects and how a result row becomes a storage row.
#ifndef JISR_SERVICES_STORAGE_POSTGRES_ROWS_H_
#define JISR_SERVICES_STORAGE_POSTGRES_ROWS_H_

#include <optional>
#include <string>
#include <vector>

#include "services/storage/postgres/connection.h"
#include "services/storage/storage.h"

namespace jisr::storage::postgres {

inline constexpr char kStoryColumns[] = "id, version, modify_micros, deleted, data";
inline constexpr char kVariantColumns[] =
    "id, story_id, language, slug, state, section, version, modify_micros, deleted,"
    " translation_state, stale_since_micros, data, headline_key";
inline constexpr char kRevisionColumns[] = "variant_id, number, create_micros, data";
inline constexpr char kPublishedColumns[] = "variant_id, language, slug, version, data";
inline constexpr char kRequestColumns[] =
    "request_id, method, fingerprint, create_micros, response, variant_id";
inline constexpr char kScheduleColumns[] = "id, due_micros, state, variant_ids, data";
inline constexpr char kEventColumns[] =
    "sequence, time_micros, story_id, variant_id, language, revision, kind, data";

StoryRow StoryAt(const Result& r, int row);
VariantRow VariantAt(const Result& r, int row);
RevisionRow RevisionAt(const Result& r, int row);
PublishedRow PublishedAt(const Result& r, int row);
RequestRow RequestAt(const Result& r, int row);
ScheduleRow ScheduleAt(const Result& r, int row);
EventRow EventAt(const Result& r, int row);

// Schedule variant ids are stored as "|a|b|" (as in SQLite) so LIKE '%|a|%' finds one's
// schedules.
std::string JoinVariantIds(const std::vector<std::string>& ids);

// Every row of `r`, read with `at`.
template <typename Row>
std::vector<Row> AllRows(const Result& r, Row (*at)(const Result&, int)) {
  std::vector<Row> rows;
  rows.reserve(r.rows());
  for (int i = 0; i < r.rows(); ++i) rows.push_back(at(r, i));
  return rows;
}

// The first row of `r`, if any.
template <typename Row>
std::optional<Row> FirstRow(const Result& r, Row (*at)(const Result&, int)) {
  if (r.rows() == 0) return std::nullopt;
  return at(r, 0);
}

}  // namespace jisr::storage::postgres

#endif  // JISR_SERVICES_STORAGE_POSTGRES_ROWS_H_
