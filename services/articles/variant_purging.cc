#include "services/articles/variant_purging.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/access/caller.h"
#include "services/articles/names.h"
#include "services/articles/request_checks.h"
#include "services/articles/revision_snapshots.h"
#include "services/articles/timestamps.h"
#include "services/articles/variant_views.h"
#include "services/common/errors.h"
#include "services/common/status_macros.h"

namespace jisr::articles {
namespace {

namespace v1 = ::jisr::v1;

constexpr int kRevisionBatch = 100;

// The reason is kept in the tombstone and the audit log: required, one short text.
absl::Status ReadReason(std::string& reason) {
  FieldViolations violations;
  if (reason.empty()) {
    violations.Add("reason",
                   "required: why the content is removed (a court order's reference, a ticket), "
                   "for the audit trail; never quote the content itself");
  } else {
    PrepareChangeNote(reason, violations, "reason");
  }
  return violations.ToStatus();
}

// How a serialized response holds the variant's name: as a string field, its length (one byte:
// names are under 128 bytes) then its bytes, so "variants/a" never matches "variants/ab".
std::string NameAsSerialized(const std::string& name) {
  if (name.size() >= 128) return name;
  return std::string(1, static_cast<char>(name.size())) + name;
}

// Leaves the variant as a tombstone: its slug (reserved), its language, story and times stay;
// everything written or derived from what was written goes.
void EmptyVariant(const WriteContext& write, const std::string& reason, v1::Variant& variant) {
  const std::string slug = variant.slug();
  const v1::TranslationSource source = variant.translation_source();
  ClearContent(variant);
  variant.set_slug(slug);
  if (!source.variant().empty()) *variant.mutable_translation_source() = source;
  variant.clear_text();
  variant.clear_corrections();
  variant.clear_pending_corrections();
  variant.clear_dismissed_corrections();
  variant.clear_scheduled_changes();
  variant.mutable_revision()->clear_change_note();
  variant.mutable_revision()->clear_warnings();
  if (variant.state() == v1::VARIANT_STATE_PUBLISHED) {
    variant.set_state(v1::VARIANT_STATE_UNPUBLISHED);
  }
  variant.set_published_revision(0);
  if (!variant.has_delete_time()) *variant.mutable_delete_time() = ToProto(write.now());
  v1::Purge& purge = *variant.mutable_purge();
  *purge.mutable_time() = ToProto(write.now());
  purge.set_author(write.author());
  purge.set_reason(reason);
}

}  // namespace

absl::StatusOr<v1::Variant> VariantPurging::PurgeVariant(const v1::PurgeVariantRequest& request,
                                                         const CallContext& caller) const {
  if (!caller.caller.Has(access::Permission::kAdminister)) {
    return access::PermissionDeniedError(caller.caller, access::Permission::kAdminister,
                                         request.name());
  }
  JISR_ASSIGN_OR_RETURN(std::string id, ParseVariantName("name", request.name()));
  std::string reason = request.reason();
  JISR_RETURN_IF_ERROR(ReadReason(reason));
  return runner_.Run<v1::Variant>(
      CallOf("PurgeVariant", request, caller),
      [&](WriteContext& write) { return Purge(write, id, request.etag(), reason); },
      [&](WriteContext& write) { return views_.LatestById(write, id); });
}

absl::Status VariantPurging::Purge(WriteContext& write, const std::string& id,
                                   const std::string& etag, const std::string& reason) const {
  // A purged variant is refused here (VARIANT_PURGED): there is nothing left to purge.
  JISR_ASSIGN_OR_RETURN(StoredVariant v,
                        store_.LoadVariantToChange(write, id, {"name", "etag", etag, false}));
  const bool readers_saw_it = !v.deleted() && v.variant.state() == v1::VARIANT_STATE_PUBLISHED;
  // The view goes first: then no view is stored against the revisions emptied below, and the
  // storage has none to store on its own before rewriting them (published_chain.h).
  JISR_RETURN_IF_ERROR(write.txn().DeletePublished(id));
  JISR_ASSIGN_OR_RETURN(absl::flat_hash_set<std::string> headlines, EmptyRevisions(write, v));
  headlines.insert(v.variant.headline());
  EmptyVariant(write, reason, v.variant);
  // Saving touches the story: the refresh before commit drops the published view, rebuilds the
  // siblings' (their alternates), and puts the tombstone in the published cache.
  JISR_RETURN_IF_ERROR(store_.SaveVariant(write, v));
  JISR_RETURN_IF_ERROR(ClearStoryTitle(write, v, headlines));
  // Every recorded response that names it: its own calls, and its siblings' and story's, whose
  // alternates and summaries carried its headline.
  JISR_RETURN_IF_ERROR(
      write.txn().DeleteRequestsAbout(id, NameAsSerialized(v.variant.name())).status());
  if (readers_saw_it) {
    JISR_RETURN_IF_ERROR(store_.AppendEvent(write, v1::CHANGE_KIND_UNPUBLISHED, &v, v.story_id()));
  }
  return store_.AppendEvent(write, v1::CHANGE_KIND_PURGED, &v, v.story_id());
}

absl::StatusOr<absl::flat_hash_set<std::string>> VariantPurging::EmptyRevisions(
    WriteContext& write, const StoredVariant& v) const {
  absl::flat_hash_set<std::string> headlines;
  int64_t before = 0;
  while (true) {
    JISR_ASSIGN_OR_RETURN(std::vector<storage::RevisionRow> rows,
                          write.txn().ListRevisions(v.id(), before, kRevisionBatch));
    for (storage::RevisionRow& row : rows) {
      v1::Revision revision;
      if (!ParseStoredRevision(row.data, revision)) {
        return absl::DataLossError(absl::StrCat(RevisionName(v.id(), row.number),
                                                " cannot be read, so it cannot be purged"));
      }
      headlines.insert(revision.snapshot().headline());
      revision.clear_snapshot();
      revision.clear_warnings();
      revision.clear_change_note();
      row.data = revision.SerializeAsString();
      JISR_RETURN_IF_ERROR(write.txn().UpdateRevision(row));
      before = row.number;
    }
    if (static_cast<int>(rows.size()) < kRevisionBatch) return headlines;
  }
}

absl::Status VariantPurging::ClearStoryTitle(
    WriteContext& write, const StoredVariant& v,
    const absl::flat_hash_set<std::string>& headlines) const {
  JISR_ASSIGN_OR_RETURN(StoredStory story, store_.LoadStory(write.txn(), v.story_id(), "name"));
  if (story.story.title().empty() || !headlines.contains(story.story.title())) {
    return absl::OkStatus();
  }
  story.story.clear_title();
  JISR_RETURN_IF_ERROR(store_.SaveStory(write, story));
  return store_.AppendEvent(write, v1::CHANGE_KIND_STORY_UPDATED, nullptr, story.id());
}

}  // namespace jisr::articles
