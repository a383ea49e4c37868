// The column lists the engine selects, how a statement's row becomes a storage row, and running
// a query for its rows; shared by the storage's single reads and its transactions.
#ifndef JISR_SERVICES_STORAGE_SQLITE_ROWS_H_
#define JISR_SERVICES_STORAGE_SQLITE_ROWS_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/status_macros.h"
#include "services/storage/published_chain.h"
#include "services/storage/revision_chain.h"
#include "services/storage/sqlite/connection.h"
#include "services/storage/storage.h"

namespace jisr::storage::sqlite {

inline constexpr char kStoryColumns[] = "id, version, modify_micros, deleted, data";
inline constexpr char kVariantColumns[] =
    "id, story_id, language, slug, state, section, version, modify_micros, deleted,"
    " translation_state, stale_since_micros, data, headline_key";
inline constexpr char kScheduleColumns[] = "id, due_micros, state, variant_ids, data";
inline constexpr char kPublishedColumns[] =
    "variant_id, language, slug, version, data, base_revision";

StoryRow ReadStory(const Statement& s);
// Variants and published views store `data` encoded (blob_codec.h): their readers decode it,
// DATA_LOSS when it is damaged.
absl::StatusOr<VariantRow> ReadVariant(const Statement& s);
RevisionRow ReadRevision(const Statement& s);  // `data` as stored: revision_chain.h decodes it
ScheduleRow ReadSchedule(const Statement& s);
EventRow ReadEvent(const Statement& s);

// Variant ids are stored as "|a|b|" so a LIKE '%|a|%' finds the schedules of one variant.
std::string JoinIds(const std::vector<std::string>& ids);

// Runs `sql` with `bind` and collects every row with `read` (which returns a Row or a
// StatusOr<Row>).
template <typename Row, typename Read>
absl::StatusOr<std::vector<Row>> QueryRows(Connection& c, absl::string_view sql,
                                           const std::function<void(Statement&)>& bind, Read read) {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Statement> stmt, c.Prepare(sql));
  bind(*stmt);
  std::vector<Row> rows;
  while (true) {
    JISR_ASSIGN_OR_RETURN(bool has_row, stmt->Step());
    if (!has_row) break;
    JISR_ASSIGN_OR_RETURN(Row row, absl::StatusOr<Row>(read(*stmt)));
    rows.push_back(std::move(row));
  }
  return rows;
}

template <typename Row, typename Read>
absl::StatusOr<std::optional<Row>> QueryOne(Connection& c, absl::string_view sql,
                                            const std::function<void(Statement&)>& bind,
                                            Read read) {
  JISR_ASSIGN_OR_RETURN(std::vector<Row> rows, QueryRows<Row>(c, sql, bind, read));
  if (rows.empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(rows.front()));
}

// A variant's revisions as stored, read on `c` (which must outlive the function).
StoredRevisionRange StoredRevisionsOn(Connection& c);

// The published view of `variant_id`, or of (language, slug), decoded: read the same way in and
// out of a transaction.
absl::StatusOr<std::optional<PublishedRow>> SelectPublished(Connection& c,
                                                            absl::string_view variant_id);
absl::StatusOr<std::optional<PublishedRow>> SelectPublishedBySlug(Connection& c,
                                                                  absl::string_view language,
                                                                  absl::string_view slug);

}  // namespace jisr::storage::sqlite

#endif  // JISR_SERVICES_STORAGE_SQLITE_ROWS_H_
