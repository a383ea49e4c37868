// How a variant's row stores its data. Most of a variant is its latest content and the analysis
// of its text, which the snapshot of its latest revision already holds; storing it twice doubled
// an article's bytes. So when the content is exactly that snapshot, the row holds only the rest
// (a marker, then the serialized Variant without content), and a load fills the content from
// the revision: one more row read, no text analysis. Any other row, and every row written before
// this form, is the whole serialized Variant and reads as it did.
#ifndef JISR_SERVICES_ARTICLES_STORED_ROWS_H_
#define JISR_SERVICES_ARTICLES_STORED_ROWS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jisr/v1/resources.pb.h"
#include "services/articles/article_store.h"
#include "services/storage/storage.h"

namespace jisr::articles {

// True when `data` is a variant row's compact form (its content is in its latest revision).
bool IsCompactVariantData(absl::string_view data);

// `row` with its data parsed, the content read from the latest revision's snapshot in `txn` when
// the row is compact. DATA_LOSS when the data, or the revision it needs, cannot be read.
absl::StatusOr<StoredVariant> ReadVariant(storage::Transaction& txn, storage::VariantRow row);

// The variant's metadata alone (no content for a compact row), without a read: enough to know
// whether it is deleted or purged. False when `data` cannot be read.
bool ParseVariantMetadata(absl::string_view data, jisr::v1::Variant& out);

// The data to store for `v.variant`: compact when `content_is_latest_snapshot` (the caller knows
// the content is its latest revision's snapshot) or when the content still equals the snapshot it
// was loaded from; else whole. A purged variant is always stored whole.
std::string VariantRowData(const StoredVariant& v, bool content_is_latest_snapshot);

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_STORED_ROWS_H_
