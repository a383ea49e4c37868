// How a revision's snapshot is stored. Most of its text analysis repeats its text: each field's
// isolated_text (the text with isolate marks at its spans), a Latin field's search_key (the text
// lowercased), a one-paragraph field's paragraph and run (the whole text), and the fields' paths
// (the content's text fields in order). The stored snapshot leaves out each of those that reading
// restores exactly from the text without ICU: a write leaves a part out only when restoring it
// gives the same value, and stores the snapshot whole when a value it keeps would read as left
// out (an empty one). A revision stored with parts left out begins with a marker; revisions
// stored whole, as all were before, read as they are.
#ifndef JISR_SERVICES_ARTICLES_REVISION_SNAPSHOTS_H_
#define JISR_SERVICES_ARTICLES_REVISION_SNAPSHOTS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "jisr/v1/resources.pb.h"

namespace jisr::articles {

// The stored form of `revision`: its snapshot without what ParseStoredRevision restores.
// Takes `revision` by value: a caller done with it moves it in and saves a copy of the snapshot.
std::string SerializeRevisionForStorage(jisr::v1::Revision revision);

// Parses a stored revision and restores what its snapshot left out, or, without
// `with_snapshot`, leaves the snapshot out. False when `data` cannot be read.
bool ParseStoredRevision(absl::string_view data, jisr::v1::Revision& out,
                         bool with_snapshot = true);

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_REVISION_SNAPSHOTS_H_
