// A translation's status, derived from its source and never ticked by hand: CURRENT while no
// significant revision of the source was published after the one it reflects, STALE (since
// when, and which blocks and fields of the source changed) after.
#ifndef JISR_SERVICES_ARTICLES_TRANSLATION_STATUS_H_
#define JISR_SERVICES_ARTICLES_TRANSLATION_STATUS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "jisr/v1/resources.pb.h"
#include "services/articles/article_store.h"
#include "services/storage/storage.h"

namespace jisr::articles {

// The status of `translation` among `story_variants` (its story's variants, deleted included)
// at `now`, which is when a translation that just became stale became stale.
absl::StatusOr<jisr::v1::TranslationStatus> DeriveTranslationStatus(
    const ArticleStore& store, storage::Transaction& txn, const jisr::v1::Variant& translation,
    const std::vector<StoredVariant>& story_variants, absl::Time now);

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_TRANSLATION_STATUS_H_
