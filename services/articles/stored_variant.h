// A variant and a story as the domain holds them: the stored row and its parsed message. Also
// what a write keeps of the variants it has parsed, so it parses each at most once.
#ifndef JISR_SERVICES_ARTICLES_STORED_VARIANT_H_
#define JISR_SERVICES_ARTICLES_STORED_VARIANT_H_

#include <optional>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "jisr/v1/resources.pb.h"
#include "services/storage/storage.h"

namespace jisr::articles {

// A variant as stored: its row and the parsed message (metadata and latest content).
struct StoredVariant {
  storage::VariantRow row;
  jisr::v1::Variant variant;
  // Its latest revision as stored, when the content was read from it (stored_rows.h): while the
  // content is unchanged, saving keeps the row compact.
  std::string loaded_revision;

  const std::string& id() const { return row.id; }
  const std::string& story_id() const { return row.story_id; }
  bool deleted() const { return variant.has_delete_time(); }
};

// A story as stored: its row and the parsed message (without variant summaries).
struct StoredStory {
  storage::StoryRow row;
  jisr::v1::Story story;

  const std::string& id() const { return row.id; }
  bool deleted() const { return story.has_delete_time(); }
};

// Variants one write has parsed and is done with, so that a later load in the same write (the
// story's refresh, the answer) takes them instead of reading their revision and parsing them
// again: a write used to parse the variant it edits five times. One is taken only while storage
// holds exactly the row it was parsed from (the same version and the same bytes), so one kept
// from a read just before the write, or one written since, is never taken by mistake.
class KeptVariants {
 public:
  void Keep(StoredVariant v) {
    std::string id = v.id();
    kept_.insert_or_assign(std::move(id), std::move(v));
  }
  // The variant kept for `row`, if it was parsed from exactly that row; removed either way.
  std::optional<StoredVariant> Take(const storage::VariantRow& row) {
    auto it = kept_.find(row.id);
    if (it == kept_.end()) return std::nullopt;
    std::optional<StoredVariant> out;
    if (it->second.row.version == row.version && it->second.row.data == row.data) {
      out = std::move(it->second);
    }
    kept_.erase(it);
    return out;
  }
  void Forget(absl::string_view id) { kept_.erase(id); }
  // Everything kept, removed: what a committed write leaves for the next (RecentVariants).
  absl::flat_hash_map<std::string, StoredVariant> TakeAll() { return std::move(kept_); }

 private:
  absl::flat_hash_map<std::string, StoredVariant> kept_;
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_STORED_VARIANT_H_
