// How a variant's row stores its data. Most of a variant is its blocks and their text analysis,
// which the snapshot of its latest revision already holds; storing them twice doubled an
// article's bytes. So when the content is exactly that snapshot, the row holds the rest (a marker,
// then the serialized Variant without its blocks and their analysis: what a list's overview
// shows, so lists read the row alone), and a load fills the content from the revision: one more
// row read, no text analysis. Rows written compact before schema 8 hold the metadata alone (no
// content) and read as they did; any other row, and every row written before compact rows, is
// the whole serialized Variant and reads as it did.
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

// A list entry's source without reading the revision when the row holds it: the variant with
// at least everything but its blocks and their text analysis (the blocks too when the row is
// whole or compact in the form before schema 8, read as ReadVariant reads it). Never save it.
absl::StatusOr<StoredVariant> ReadVariantWithoutBlocks(storage::Transaction& txn,
                                                       storage::VariantRow row);

// The variant's metadata, without a read (only part of the content, or none, for a compact row):
// enough to know whether it is deleted or purged. False when `data` cannot be read.
bool ParseVariantMetadata(absl::string_view data, jisr::v1::Variant& out);

// The data to store for `v.variant`: compact when `content_is_latest_snapshot` (the caller knows
// the content is its latest revision's snapshot) or when the content still equals the snapshot it
// was loaded from; else whole. A purged variant is always stored whole.
std::string VariantRowData(const StoredVariant& v, bool content_is_latest_snapshot);

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_STORED_ROWS_H_
