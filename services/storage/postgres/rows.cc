#include "services/storage/postgres/rows.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/storage/blob_codec.h"

namespace jisr::storage::postgres {

StoryRow StoryAt(const Result& r, int row) {
  return StoryRow{r.Bytes(row, 0), r.Int(row, 1), r.Int(row, 2), r.Bool(row, 3), r.Bytes(row, 4)};
}

absl::StatusOr<VariantRow> VariantAt(const Result& r, int row) {
  VariantRow v;
  v.id = r.Bytes(row, 0);
  v.story_id = r.Bytes(row, 1);
  v.language = r.Bytes(row, 2);
  v.slug = r.Bytes(row, 3);
  v.state = static_cast<int32_t>(r.Int(row, 4));
  v.section = r.Bytes(row, 5);
  v.version = r.Int(row, 6);
  v.modify_micros = r.Int(row, 7);
  v.deleted = r.Bool(row, 8);
  v.translation_state = static_cast<int32_t>(r.Int(row, 9));
  v.stale_since_micros = r.Int(row, 10);
  JISR_ASSIGN_OR_RETURN(v.data, DecodeBlob(r.Bytes(row, 11)));
  v.headline_key = r.Bytes(row, 12);
  return v;
}

RevisionRow RevisionAt(const Result& r, int row) {
  return RevisionRow{r.Bytes(row, 0), r.Int(row, 1), r.Int(row, 2), r.Bytes(row, 3)};
}

StoredViewRow StoredViewRowAt(const Result& r, int row) {
  StoredViewRow stored{PublishedRow{r.Bytes(row, 0), r.Bytes(row, 1), r.Bytes(row, 2),
                                    r.Int(row, 3), r.Bytes(row, 4)},
                       RevisionRow{r.Bytes(row, 0), r.Int(row, 6), r.Int(row, 7), r.Bytes(row, 8)}};
  stored.view.revision = r.Int(row, 5);
  return stored;
}

RequestRow RequestAt(const Result& r, int row) {
  return RequestRow{r.Bytes(row, 0), r.Bytes(row, 1), r.Bytes(row, 2),
                    r.Int(row, 3),   r.Bytes(row, 4), r.Bytes(row, 5)};
}

ScheduleRow ScheduleAt(const Result& r, int row) {
  ScheduleRow s;
  s.id = r.Bytes(row, 0);
  s.due_micros = r.Int(row, 1);
  s.state = static_cast<int32_t>(r.Int(row, 2));
  for (absl::string_view id : absl::StrSplit(r.Bytes(row, 3), '|', absl::SkipEmpty())) {
    s.variant_ids.emplace_back(id);
  }
  s.data = r.Bytes(row, 4);
  return s;
}

EventRow EventAt(const Result& r, int row) {
  EventRow e;
  e.sequence = r.Int(row, 0);
  e.time_micros = r.Int(row, 1);
  e.story_id = r.Bytes(row, 2);
  e.variant_id = r.Bytes(row, 3);
  e.language = r.Bytes(row, 4);
  e.revision = r.Int(row, 5);
  e.kind = static_cast<int32_t>(r.Int(row, 6));
  e.data = r.Bytes(row, 7);
  return e;
}

std::string JoinVariantIds(const std::vector<std::string>& ids) {
  std::string out = "|";
  for (const std::string& id : ids) absl::StrAppend(&out, id, "|");
  return out;
}

}  // namespace jisr::storage::postgres
