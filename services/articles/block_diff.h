// Compares two versions of a variant's content: which fields changed, and which blocks were
// added, removed, moved or changed, matched by their stable ids.
#ifndef JISR_SERVICES_ARTICLES_BLOCK_DIFF_H_
#define JISR_SERVICES_ARTICLES_BLOCK_DIFF_H_

#include <vector>

#include "jisr/v1/diff.pb.h"
#include "jisr/v1/resources.pb.h"

namespace jisr::articles {

// The changes from `before` to `after` (content snapshots). Blocks are matched by id; a block
// kept in both is MOVED when it is not part of the longest run of kept blocks that stayed in
// the same relative order, CHANGED when its content differs (a block can be both: it is then
// reported as CHANGED with both indexes).
jisr::v1::ContentDiff DiffContent(const jisr::v1::Variant& before, const jisr::v1::Variant& after);

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_BLOCK_DIFF_H_
