// The column lists the engine selects and how a result row becomes a storage row.
#ifndef JISR_SERVICES_STORAGE_POSTGRES_ROWS_H_
#define JISR_SERVICES_STORAGE_POSTGRES_ROWS_H_

#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/status_macros.h"
#include "services/storage/postgres/connection.h"
#include "services/storage/published_chain.h"
#include "services/storage/storage.h"

namespace jisr::storage::postgres {

inline constexpr char kStoryColumns[] = "id, version, modify_micros, deleted, data";
inline constexpr char kVariantColumns[] =
    "id, story_id, language, slug, state, section, version, modify_micros, deleted,"
    " translation_state, stale_since_micros, data, headline_key";
inline constexpr char kRevisionColumns[] = "variant_id, number, create_micros, data";
inline constexpr char kPublishedColumns[] =
    "variant_id, language, slug, version, data, base_revision";
inline constexpr char kRequestColumns[] =
    "request_id, method, fingerprint, create_micros, response, variant_id";
inline constexpr char kScheduleColumns[] = "id, due_micros, state, variant_ids, data";
inline constexpr char kEventColumns[] =
    "sequence, time_micros, story_id, variant_id, language, revision, kind, data";

StoryRow StoryAt(const Result& r, int row);
// Variants store `data` encoded (blob_codec.h): their readers decode it,
// DATA_LOSS when it is damaged.
absl::StatusOr<VariantRow> VariantAt(const Result& r, int row);
RevisionRow RevisionAt(const Result& r, int row);  // `data` as stored: revision_chain.h decodes it
// A row of published_chain.h's SelectPublishedWithRevisions, which decodes it.
StoredViewRow StoredViewRowAt(const Result& r, int row);
RequestRow RequestAt(const Result& r, int row);
ScheduleRow ScheduleAt(const Result& r, int row);
EventRow EventAt(const Result& r, int row);

// Schedule variant ids are stored as "|a|b|" (as in SQLite) so LIKE '%|a|%' finds one's
// schedules.
std::string JoinVariantIds(const std::vector<std::string>& ids);

// The row type a reader returns, whether as is or in a StatusOr.
template <typename T>
struct RowOf {
  using type = T;
};
template <typename T>
struct RowOf<absl::StatusOr<T>> {
  using type = T;
};
template <typename At>
using RowRead = typename RowOf<std::invoke_result_t<At, const Result&, int>>::type;

// Every row of `r`, read with `at`; the first error `at` reports.
template <typename At>
absl::StatusOr<std::vector<RowRead<At>>> AllRows(const Result& r, At at) {
  std::vector<RowRead<At>> rows;
  rows.reserve(r.rows());
  for (int i = 0; i < r.rows(); ++i) {
    JISR_ASSIGN_OR_RETURN(RowRead<At> row, absl::StatusOr<RowRead<At>>(at(r, i)));
    rows.push_back(std::move(row));
  }
  return rows;
}

// The first row of `r`, if any.
template <typename At>
absl::StatusOr<std::optional<RowRead<At>>> FirstRow(const Result& r, At at) {
  if (r.rows() == 0) return std::optional<RowRead<At>>();
  JISR_ASSIGN_OR_RETURN(RowRead<At> row, absl::StatusOr<RowRead<At>>(at(r, 0)));
  return std::optional<RowRead<At>>(std::move(row));
}

}  // namespace jisr::storage::postgres

#endif  // JISR_SERVICES_STORAGE_POSTGRES_ROWS_H_
