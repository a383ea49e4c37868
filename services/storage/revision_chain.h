// Revisions stored as deltas: most of a revision repeats the ones before (a one-word edit of a
// long article). Revision 1, and every kRevisionsPerSnapshot-th after it (1, 17, 33, ...), is
// stored whole; each revision between is a zstd frame that takes the last whole one's data as its
// dictionary (form 0x00 0x02, blob_codec.h). Reading any revision decodes at most two frames
// (its own and its base's, shared across a page), and a write decodes one: neither grows with
// history. A revision whose base is missing or not whole (a purge rewrote it) is stored whole.
#ifndef JISR_SERVICES_STORAGE_REVISION_CHAIN_H_
#define JISR_SERVICES_STORAGE_REVISION_CHAIN_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/storage/storage.h"

namespace jisr::storage {

inline constexpr int64_t kRevisionsPerSnapshot = 16;

// The revisions of a variant numbered `from` through `through`, ascending, with `data` as stored
// (not decoded): how the chain reads the revisions it decodes against.
using StoredRevisionRange = std::function<absl::StatusOr<std::vector<RevisionRow>>(
    absl::string_view variant_id, int64_t from, int64_t through)>;

// The stored form of `row.data`: a delta against revision number-1 when the chain allows it.
absl::StatusOr<std::string> EncodeRevisionData(const RevisionRow& row,
                                               const StoredRevisionRange& load);

// Decodes the `data` of `rows` (as stored, all of one variant) in place. DATA_LOSS when a frame,
// or one it depends on, is damaged or missing.
absl::Status DecodeRevisionData(std::vector<RevisionRow>& rows, const StoredRevisionRange& load);

// The stored rows a rewrite of `row` (a purge's) writes: `row` stored whole, and, when it is a
// base, the revisions stored against its old content re-encoded whole first.
absl::StatusOr<std::vector<RevisionRow>> RewriteRevision(const RevisionRow& row,
                                                         const StoredRevisionRange& load);

}  // namespace jisr::storage

#endif  // JISR_SERVICES_STORAGE_REVISION_CHAIN_H_
