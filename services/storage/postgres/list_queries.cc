#include "services/storage/postgres/list_queries.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/storage/list_indexes.h"
#include "services/storage/postgres/rows.h"

namespace jisr::storage::postgres {
namespace {

// "$n" for the parameter about to be added to `params`.
std::string Next(const Params& params) { return absl::StrCat("$", params.size() + 1); }

}  // namespace

SqlStatement ListStoriesStatement(const StoryQuery& query, absl::string_view row_lock) {
  Params params;
  std::string sql = absl::StrCat("SELECT ", kStoryColumns, " FROM stories WHERE TRUE");
  if (!query.include_deleted) absl::StrAppend(&sql, " AND NOT deleted");
  if (query.after) {
    absl::StrAppend(&sql, " AND (modify_micros, id) < (", Next(params));
    params.Int64(query.after->first);
    absl::StrAppend(&sql, ", ", Next(params), ")");
    params.Text(query.after->second);
  }
  absl::StrAppend(&sql, " ORDER BY modify_micros DESC, id DESC LIMIT ", Next(params), row_lock);
  params.Int64(query.limit);
  return SqlStatement{std::move(sql), std::move(params)};
}

SqlStatement ListVariantsStatement(const VariantQuery& query, absl::string_view row_lock) {
  Params params;
  std::string where = " WHERE TRUE";
  if (!query.include_deleted) absl::StrAppend(&where, " AND NOT deleted");
  if (!query.language.empty()) {
    absl::StrAppend(&where, " AND language = ", Next(params));
    params.Text(query.language);
  }
  if (query.state != 0) {
    absl::StrAppend(&where, " AND state = ", Next(params));
    params.Int32(query.state);
  }
  if (!query.section.empty()) {
    absl::StrAppend(&where, " AND section = ", Next(params));
    params.Text(query.section);
  }
  if (!query.story_id.empty()) {
    absl::StrAppend(&where, " AND story_id = ", Next(params));
    params.Text(query.story_id);
  }
  if (query.translation_state != 0) {
    absl::StrAppend(&where, " AND translation_state = ", Next(params));
    params.Int32(query.translation_state);
  }
  std::string order;
  if (query.by_headline) {
    if (query.after_key) {
      absl::StrAppend(&where, " AND (headline_key, id) > (", Next(params));
      params.Bytes(query.after_key->first);
      absl::StrAppend(&where, ", ", Next(params), ")");
      params.Text(query.after_key->second);
    }
    order = " ORDER BY headline_key, id";
  } else {
    const char* key = query.stale_first ? "(stale_since_micros, id)" : "(modify_micros, id)";
    if (query.after) {
      absl::StrAppend(&where, " AND ", key, query.stale_first ? " > (" : " < (", Next(params));
      params.Int64(query.after->first);
      absl::StrAppend(&where, ", ", Next(params), ")");
      params.Text(query.after->second);
    }
    order = query.stale_first ? " ORDER BY stale_since_micros, id"
                              : " ORDER BY modify_micros DESC, id DESC";
  }
  const std::string limit = absl::StrCat(" LIMIT ", Next(params));
  params.Int64(query.limit);
  std::string sql;
  // Row locks do not combine with UNION, and a list in a write transaction is not served by
  // merged ranges: it reads the one statement, sorted if it must be.
  if (!MergesStateRanges(query) || !row_lock.empty()) {
    sql = absl::StrCat("SELECT ", kVariantColumns, " FROM variants", where, order, limit, row_lock);
  } else {
    // One ordered range per state, each read up to the limit; the planner merges them in the
    // ORDER BY's order (Merge Append). Each arm carries its own ORDER BY and LIMIT so that it
    // is planned on its own, where its state is a constant that the index's order skips.
    std::string ranges;
    for (int32_t state : kVariantRowStates) {
      if (!ranges.empty()) absl::StrAppend(&ranges, " UNION ALL ");
      absl::StrAppend(&ranges, "(SELECT ", kVariantColumns, " FROM variants", where,
                      " AND state = ", state, order, limit, ")");
    }
    sql = absl::StrCat("SELECT ", kVariantColumns, " FROM (", ranges, ") AS listed", order, limit);
  }
  return SqlStatement{std::move(sql), std::move(params)};
}

SqlStatement ListSchedulesStatement(const ScheduleQuery& query, absl::string_view row_lock) {
  Params params;
  std::string sql = absl::StrCat("SELECT ", kScheduleColumns, " FROM schedules WHERE TRUE");
  if (query.state != 0) {
    absl::StrAppend(&sql, " AND state = ", Next(params));
    params.Int32(query.state);
  }
  if (!query.variant_id.empty()) {
    absl::StrAppend(&sql, " AND variant_ids LIKE ", Next(params));
    params.Text(absl::StrCat("%|", query.variant_id, "|%"));
  }
  if (query.after) {
    absl::StrAppend(&sql, " AND (due_micros, id) > (", Next(params));
    params.Int64(query.after->first);
    absl::StrAppend(&sql, ", ", Next(params), ")");
    params.Text(query.after->second);
  }
  absl::StrAppend(&sql, " ORDER BY due_micros, id LIMIT ", Next(params), row_lock);
  params.Int64(query.limit);
  return SqlStatement{std::move(sql), std::move(params)};
}

}  // namespace jisr::storage::postgres
