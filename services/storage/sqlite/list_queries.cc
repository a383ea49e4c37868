#include "services/storage/sqlite/list_queries.h"

#include "absl/strings/str_cat.h"
#include "services/storage/list_indexes.h"
#include "services/storage/sqlite/rows.h"

namespace jisr::storage::sqlite {

std::string ListVariantsSql(const VariantQuery& query) {
  // Numbered parameters (?1, ?2...), in BindListVariants' order, so the merged ranges share them.
  int parameters = 0;
  auto next = [&parameters] { return absl::StrCat("?", ++parameters); };
  std::string where = " WHERE 1";
  if (!query.include_deleted) absl::StrAppend(&where, " AND deleted = 0");
  // A story has a handful of variants: its index serves every filter, and the unary + keeps
  // the planner from walking a language's or a section's index instead.
  const char* checked = query.story_id.empty() ? " AND " : " AND +";
  if (!query.language.empty()) absl::StrAppend(&where, checked, "language = ", next());
  if (query.state != 0) absl::StrAppend(&where, checked, "state = ", next());
  if (!query.section.empty()) absl::StrAppend(&where, checked, "section = ", next());
  if (!query.story_id.empty()) absl::StrAppend(&where, " AND story_id = ", next());
  if (query.translation_state != 0) {
    absl::StrAppend(&where, checked, "translation_state = ", next());
  }
  const char* order = " ORDER BY modify_micros DESC, id DESC";
  if (query.by_headline) {
    if (query.after_key) absl::StrAppend(&where, " AND (headline_key, id) > (", next(), ", ");
    if (query.after_key) absl::StrAppend(&where, next(), ")");
    order = " ORDER BY headline_key, id";
  } else if (query.stale_first) {
    if (query.after) absl::StrAppend(&where, " AND (stale_since_micros, id) > (", next(), ", ");
    if (query.after) absl::StrAppend(&where, next(), ")");
    order = " ORDER BY stale_since_micros, id";
  } else if (query.after) {
    absl::StrAppend(&where, " AND (modify_micros, id) < (", next(), ", ");
    absl::StrAppend(&where, next(), ")");
  }
  const std::string limit = absl::StrCat(" LIMIT ", next());
  const std::string select = absl::StrCat("SELECT ", kVariantColumns, " FROM variants", where);
  if (!MergesStateRanges(query)) return absl::StrCat(select, order, limit);
  // One ordered range per state; SQLite merges the compound's arms in the ORDER BY's order
  // (EXPLAIN QUERY PLAN: MERGE (UNION ALL)) and stops at the LIMIT.
  std::string sql;
  for (int32_t state : kVariantRowStates) {
    if (!sql.empty()) absl::StrAppend(&sql, " UNION ALL ");
    absl::StrAppend(&sql, select, " AND state = ", state);
  }
  return absl::StrCat(sql, order, limit);
}

void BindListVariants(Statement& s, const VariantQuery& query) {
  int i = 1;
  if (!query.language.empty()) s.Bind(i++, query.language);
  if (query.state != 0) s.Bind(i++, int64_t{query.state});
  if (!query.section.empty()) s.Bind(i++, query.section);
  if (!query.story_id.empty()) s.Bind(i++, query.story_id);
  if (query.translation_state != 0) s.Bind(i++, int64_t{query.translation_state});
  if (query.by_headline && query.after_key) {
    s.BindBlob(i++, query.after_key->first);
    s.Bind(i++, query.after_key->second);
  } else if (!query.by_headline && query.after) {
    s.Bind(i++, query.after->first);
    s.Bind(i++, query.after->second);
  }
  s.Bind(i, int64_t{query.limit});
}

}  // namespace jisr::storage::sqlite
