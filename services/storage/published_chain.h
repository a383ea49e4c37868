// Published views stored against the revision they show. A view is its published revision's
// content with every field's text analysis and the alternates: it repeats most of that
// revision's data, so it is stored as a zstd delta with the revision's data as the dictionary
// (form 0x00 0x02, blob_codec.h), about 0.4 of its size on its own. The `published` table's
// base_revision column names that revision (0: stored on its own, as every view written before
// schema 9). A cold read gets the revision, and the one it is stored against, in the same
// statement (one round trip, one snapshot) and decodes two or three frames; warm reads are
// answered from the published cache and decode nothing.
#ifndef JISR_SERVICES_STORAGE_PUBLISHED_CHAIN_H_
#define JISR_SERVICES_STORAGE_PUBLISHED_CHAIN_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/storage/storage.h"

namespace jisr::storage {

// Revision `number` of a variant with its data decoded; none when there is no such revision.
using DecodedRevision = std::function<absl::StatusOr<std::optional<RevisionRow>>(
    absl::string_view variant_id, int64_t number)>;

// What the engines write to a `published` row's data and base_revision columns.
struct StoredView {
  std::string data;
  int64_t base_revision = 0;
};

// The stored form of `row.data`: against `row.revision` when that revision exists, else on its
// own.
absl::StatusOr<StoredView> EncodePublishedView(const PublishedRow& row,
                                               const DecodedRevision& revision);

// The statement both engines read published views with, `where` filtering `p` (the published
// row): one result row per revision the view needs, the one it was stored against and that
// one's base (revision_chain.h); one row with NULL revision columns for a view stored on its own.
// Columns: the published row's (variant_id, language, slug, version, data, base_revision), then
// the revision's (number, create_micros, data).
std::string SelectPublishedWithRevisions(absl::string_view where);

// A result row of that statement as an engine reads it: the view (data as stored, revision the
// one it was stored against) and a revision (data as stored; number 0 for NULL).
struct StoredViewRow {
  PublishedRow view;
  RevisionRow revision;
};

// The view those rows hold, its data decoded; none for no rows. DATA_LOSS when the frame, or the
// revision it was stored against, is missing or damaged.
absl::StatusOr<std::optional<PublishedRow>> DecodedView(std::vector<StoredViewRow> rows);

// Stores the published view of `variant_id` on its own when it is stored against revision
// `number`: a purge calls it before rewriting that revision, while the content the view was
// stored against is still there.
absl::Status DetachPublishedView(Transaction& txn, absl::string_view variant_id, int64_t number);

}  // namespace jisr::storage

#endif  // JISR_SERVICES_STORAGE_PUBLISHED_CHAIN_H_
