// The rows a write transaction has locked (read with FOR UPDATE) or written itself, by id. No
// other transaction can change or delete them before it ends, so reading one again needs no
// round trip: the domain reads a variant and its story again while it builds its answer.
#ifndef JISR_SERVICES_STORAGE_POSTGRES_LOCKED_ROWS_H_
#define JISR_SERVICES_STORAGE_POSTGRES_LOCKED_ROWS_H_

#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "services/storage/storage.h"

namespace jisr::storage::postgres {

class LockedRows {
 public:
  std::optional<VariantRow> Variant(absl::string_view id) const { return Find(variants_, id); }
  std::optional<StoryRow> Story(absl::string_view id) const { return Find(stories_, id); }
  // The row as the database now holds it, locked by this transaction.
  void Keep(const VariantRow& row) { variants_.insert_or_assign(row.id, row); }
  void Keep(const StoryRow& row) { stories_.insert_or_assign(row.id, row); }
  // After a write whose outcome is not known row by row.
  void ForgetVariant(absl::string_view id) { variants_.erase(id); }
  void ForgetStory(absl::string_view id) { stories_.erase(id); }

 private:
  template <typename Row>
  static std::optional<Row> Find(const absl::flat_hash_map<std::string, Row>& rows,
                                 absl::string_view id) {
    auto it = rows.find(id);
    if (it == rows.end()) return std::nullopt;
    return it->second;
  }

  absl::flat_hash_map<std::string, VariantRow> variants_;
  absl::flat_hash_map<std::string, StoryRow> stories_;
};

}  // namespace jisr::storage::postgres

#endif  // JISR_SERVICES_STORAGE_POSTGRES_LOCKED_ROWS_H_
