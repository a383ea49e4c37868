// The rows a write transaction has locked (read with FOR UPDATE) or written itself, by id. No
// other transaction can change or delete them before it ends, so reading one again needs no
// round trip: the domain reads a variant and its story again while it builds its answer, and a
// compact variant row's content comes from its latest revision (which the write just inserted).
#ifndef JISR_SERVICES_STORAGE_POSTGRES_LOCKED_ROWS_H_
#define JISR_SERVICES_STORAGE_POSTGRES_LOCKED_ROWS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "services/storage/storage.h"

namespace jisr::storage::postgres {

class LockedRows {
 public:
  std::optional<VariantRow> Variant(absl::string_view id) const { return Find(variants_, id); }
  std::optional<StoryRow> Story(absl::string_view id) const { return Find(stories_, id); }
  std::optional<RevisionRow> Revision(absl::string_view variant_id, int64_t number) const {
    return Find(revisions_, RevisionKey(variant_id, number));
  }
  // The row as the database now holds it, locked by this transaction.
  void Keep(const VariantRow& row) { variants_.insert_or_assign(row.id, row); }
  void Keep(const StoryRow& row) { stories_.insert_or_assign(row.id, row); }
  // A revision as the domain wrote or read it (decoded).
  void Keep(const RevisionRow& row) {
    revisions_.insert_or_assign(RevisionKey(row.variant_id, row.number), row);
  }
  // After a write whose outcome is not known row by row.
  void ForgetVariant(absl::string_view id) { variants_.erase(id); }
  void ForgetStory(absl::string_view id) { stories_.erase(id); }
  // After a purge rewrote revisions (and those stored against them).
  void ForgetRevisions() { revisions_.clear(); }

 private:
  static std::string RevisionKey(absl::string_view variant_id, int64_t number) {
    return absl::StrCat(variant_id, "/", number);
  }
  template <typename Row>
  static std::optional<Row> Find(const absl::flat_hash_map<std::string, Row>& rows,
                                 absl::string_view id) {
    auto it = rows.find(id);
    if (it == rows.end()) return std::nullopt;
    return it->second;
  }

  absl::flat_hash_map<std::string, VariantRow> variants_;
  absl::flat_hash_map<std::string, StoryRow> stories_;
  absl::flat_hash_map<std::string, RevisionRow> revisions_;
};

}  // namespace jisr::storage::postgres

#endif  // JISR_SERVICES_STORAGE_POSTGRES_LOCKED_ROWS_H_
