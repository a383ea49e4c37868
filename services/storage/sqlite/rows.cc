#include "services/storage/sqlite/rows.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/storage/blob_codec.h"

namespace jisr::storage::sqlite {

StoryRow ReadStory(const Statement& s) {
  return StoryRow{s.Text(0), s.Int(1), s.Int(2), s.Int(3) != 0, s.Blob(4)};
}

absl::StatusOr<VariantRow> ReadVariant(const Statement& s) {
  VariantRow row;
  row.id = s.Text(0);
  row.story_id = s.Text(1);
  row.language = s.Text(2);
  row.slug = s.Text(3);
  row.state = static_cast<int32_t>(s.Int(4));
  row.section = s.Text(5);
  row.version = s.Int(6);
  row.modify_micros = s.Int(7);
  row.deleted = s.Int(8) != 0;
  row.translation_state = static_cast<int32_t>(s.Int(9));
  row.stale_since_micros = s.Int(10);
  JISR_ASSIGN_OR_RETURN(row.data, DecodeBlob(s.Blob(11)));
  row.headline_key = s.Blob(12);
  return row;
}

RevisionRow ReadRevision(const Statement& s) {
  return RevisionRow{s.Text(0), s.Int(1), s.Int(2), s.Blob(3)};
}

std::string JoinIds(const std::vector<std::string>& ids) {
  std::string out = "|";
  for (const std::string& id : ids) absl::StrAppend(&out, id, "|");
  return out;
}

ScheduleRow ReadSchedule(const Statement& s) {
  ScheduleRow row;
  row.id = s.Text(0);
  row.due_micros = s.Int(1);
  row.state = static_cast<int32_t>(s.Int(2));
  for (absl::string_view id : absl::StrSplit(s.Text(3), '|', absl::SkipEmpty())) {
    row.variant_ids.emplace_back(id);
  }
  row.data = s.Blob(4);
  return row;
}

EventRow ReadEvent(const Statement& s) {
  EventRow row;
  row.sequence = s.Int(0);
  row.time_micros = s.Int(1);
  row.story_id = s.Text(2);
  row.variant_id = s.Text(3);
  row.language = s.Text(4);
  row.revision = s.Int(5);
  row.kind = static_cast<int32_t>(s.Int(6));
  row.data = s.Blob(7);
  return row;
}

StoredRevisionRange StoredRevisionsOn(Connection& c) {
  return [&c](absl::string_view variant_id, int64_t from, int64_t through) {
    return QueryRows<RevisionRow>(
        c,
        "SELECT variant_id, number, create_micros, data FROM revisions"
        " WHERE variant_id = ? AND number BETWEEN ? AND ? ORDER BY number",
        [&](Statement& s) { s.Bind(1, variant_id).Bind(2, from).Bind(3, through); }, &ReadRevision);
  };
}

namespace {

StoredViewRow ReadStoredViewRow(const Statement& s) {
  StoredViewRow row{PublishedRow{s.Text(0), s.Text(1), s.Text(2), s.Int(3), s.Blob(4)},
                    RevisionRow{s.Text(0), s.Int(6), s.Int(7), s.Blob(8)}};
  row.view.revision = s.Int(5);
  return row;
}

}  // namespace

absl::StatusOr<std::optional<PublishedRow>> SelectPublished(Connection& c,
                                                            absl::string_view variant_id) {
  static const std::string* const sql =
      new std::string(SelectPublishedWithRevisions("p.variant_id = ?"));
  JISR_ASSIGN_OR_RETURN(
      std::vector<StoredViewRow> rows,
      QueryRows<StoredViewRow>(
          c, *sql, [&](Statement& s) { s.Bind(1, variant_id); }, &ReadStoredViewRow));
  return DecodedView(std::move(rows));
}

absl::StatusOr<std::optional<PublishedRow>> SelectPublishedBySlug(Connection& c,
                                                                  absl::string_view language,
                                                                  absl::string_view slug) {
  static const std::string* const sql =
      new std::string(SelectPublishedWithRevisions("p.language = ? AND p.slug = ?"));
  JISR_ASSIGN_OR_RETURN(
      std::vector<StoredViewRow> rows,
      QueryRows<StoredViewRow>(
          c, *sql, [&](Statement& s) { s.Bind(1, language).Bind(2, slug); }, &ReadStoredViewRow));
  return DecodedView(std::move(rows));
}

}  // namespace jisr::storage::sqlite
