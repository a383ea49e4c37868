// How stored variants become what callers read: the editor's LATEST view, the renderer's
// PUBLISHED view, the language alternates, and revision snapshots.
#ifndef JISR_SERVICES_ARTICLES_VARIANT_VIEWS_H_
#define JISR_SERVICES_ARTICLES_VARIANT_VIEWS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "jisr/v1/resources.pb.h"
#include "services/config/newsroom_config.h"

namespace jisr::articles {

// The content fields: what a revision records and UpdateVariant may change.
const std::vector<std::string>& ContentFields();

// Copies the content fields of `from` into `to`, replacing what `to` had.
void CopyContent(const jisr::v1::Variant& from, jisr::v1::Variant& to);
// Moves the content fields of `from` into `to`, replacing what `to` had (by swapping: `from`
// is left with `to`'s old content).
void MoveContent(jisr::v1::Variant& from, jisr::v1::Variant& to);
// Clears the content fields of `variant`.
void ClearContent(jisr::v1::Variant& variant);
// Clears the blocks of `variant` and their text analysis, keeping the rest of the analysis (the
// other fields', the counts and the excerpt): what an overview such as a list shows.
void ClearBlocksAndTheirText(jisr::v1::Variant& variant);
// Content only, with name, language and the analysis of its text: what a revision's snapshot
// holds.
jisr::v1::Variant ContentSnapshot(const jisr::v1::Variant& variant);

// The etag of a stored row version.
std::string EtagForVersion(int64_t version);

// A variant of a story as the alternates see it.
struct Sibling {
  const jisr::v1::Variant* variant;  // stored form
  std::string headline;              // of the revision the view shows
};

// The alternates of `self_name` among `siblings` (already filtered to those the view may list),
// ordered by the newsroom's language order, with the x-default marked: `x_default_language` if
// listed, else the newsroom's default language if listed, else the first listed.
std::vector<jisr::v1::Alternate> BuildAlternates(const std::string& self_name,
                                                 const std::vector<Sibling>& siblings,
                                                 const std::string& x_default_language,
                                                 const config::NewsroomConfig& config);

// The stored variant with its derived fields (etag, has_unpublished_changes) set.
jisr::v1::Variant DecorateStored(jisr::v1::Variant stored, int64_t version);

// The renderer's view: `stored`'s metadata with the content and revision of `published`, as
// anyone may read it (RemoveEditorsState).
jisr::v1::Variant PublishedView(const jisr::v1::Variant& stored, int64_t version,
                                const jisr::v1::Revision& published);

// Removes from a view what only the newsroom may see: revisions not yet published, schedules,
// desks' pending work, translation provenance, and the principals and notes of its authors.
void RemoveEditorsState(jisr::v1::Variant& view);

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_VARIANT_VIEWS_H_
