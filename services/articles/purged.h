// What a purged variant (PurgeVariant) answers: it is an empty, deleted tombstone that keeps its
// name and slug, so reads of it are NOT_FOUND and writes to it FAILED_PRECONDITION, both with
// reason VARIANT_PURGED and the time of the purge.
#ifndef JISR_SERVICES_ARTICLES_PURGED_H_
#define JISR_SERVICES_ARTICLES_PURGED_H_

#include "absl/status/status.h"
#include "jisr/v1/resources.pb.h"

namespace jisr::articles {

// FAILED_PRECONDITION (VARIANT_PURGED) when `variant` was purged: nothing can change it again.
absl::Status CheckNotPurged(const jisr::v1::Variant& variant);

// NOT_FOUND (VARIANT_PURGED) when `variant` was purged: for callers who see drafts, who may
// learn that it existed.
absl::Status CheckReadable(const jisr::v1::Variant& variant);

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_PURGED_H_
