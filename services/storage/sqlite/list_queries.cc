#include "services/storage/sqlite/list_queries.h"

#include "absl/strings/str_cat.h"
#include "services/storage/sqlite/rows.h"

namespace jisr::storage::sqlite {

std::string ListVariantsSql(const VariantQuery& query) {
  std::string sql = absl::StrCat("SELECT ", kVariantColumns, " FROM variants WHERE 1");
  if (!query.include_deleted) absl::StrAppend(&sql, " AND deleted = 0");
  // A story has a handful of variants: its index serves every filter, and the unary + keeps
  // the planner from walking a language's or a section's index instead.
  const char* checked = query.story_id.empty() ? " AND " : " AND +";
  if (!query.language.empty()) absl::StrAppend(&sql, checked, "language = ?");
  if (query.state != 0) absl::StrAppend(&sql, checked, "state = ?");
  if (!query.section.empty()) absl::StrAppend(&sql, checked, "section = ?");
  if (!query.story_id.empty()) absl::StrAppend(&sql, " AND story_id = ?");
  if (query.translation_state != 0) absl::StrAppend(&sql, checked, "translation_state = ?");
  if (query.by_headline) {
    if (query.after_key) absl::StrAppend(&sql, " AND (headline_key, id) > (?, ?)");
    absl::StrAppend(&sql, " ORDER BY headline_key, id LIMIT ?");
  } else if (query.stale_first) {
    if (query.after) absl::StrAppend(&sql, " AND (stale_since_micros, id) > (?, ?)");
    absl::StrAppend(&sql, " ORDER BY stale_since_micros, id LIMIT ?");
  } else {
    if (query.after) absl::StrAppend(&sql, " AND (modify_micros, id) < (?, ?)");
    absl::StrAppend(&sql, " ORDER BY modify_micros DESC, id DESC LIMIT ?");
  }
  return sql;
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
