#include "services/articles/publish_steps.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/articles/timestamps.h"
#include "services/common/errors.h"
#include "services/common/status_macros.h"

namespace jisr::articles {

namespace v1 = ::jisr::v1;

absl::Status PublishSteps::CheckPublishable(WriteContext& write, const StoredVariant& v,
                                            int64_t target) const {
  const v1::Variant& meta = v.variant;
  JISR_RETURN_IF_ERROR(ArticleStore::CheckNotDeleted(v));
  if (target < 1 || target > meta.latest_revision()) {
    return InvalidFieldError(
        "revision", absl::StrCat(meta.name(), " has revisions 1 to ", meta.latest_revision()));
  }
  JISR_ASSIGN_OR_RETURN(v1::Revision revision, store_.LoadRevision(write.txn(), v.id(), target));
  if (revision.snapshot().headline().empty()) {
    return PreconditionError("HEADLINE_REQUIRED", meta.name(),
                             absl::StrCat(meta.name(), " (", meta.language(), ") revision ", target,
                                          " has no headline: add one, then publish"));
  }
  return absl::OkStatus();
}

absl::Status PublishSteps::CheckUnpublishable(const StoredVariant& v) const {
  JISR_RETURN_IF_ERROR(ArticleStore::CheckNotDeleted(v));
  if (v.variant.state() != v1::VARIANT_STATE_PUBLISHED) {
    return PreconditionError("NOT_PUBLISHED", v.variant.name(),
                             absl::StrCat(v.variant.name(), " is not published"));
  }
  return absl::OkStatus();
}

absl::Status PublishSteps::Publish(WriteContext& write, StoredVariant& v, int64_t target,
                                   absl::Time when, bool backdated) const {
  v1::Variant& meta = v.variant;
  if (target == 0) target = meta.latest_revision();
  const bool shown = meta.state() == v1::VARIANT_STATE_PUBLISHED;
  if (shown && meta.published_revision() == target && !backdated) return absl::OkStatus();
  JISR_RETURN_IF_ERROR(CheckPublishable(write, v, target));
  // Significant: a first publication, a step back, or a significant revision between the one
  // shown before and this one.
  const int64_t shown_before = shown ? meta.published_revision() : 0;
  bool significant = !meta.has_first_publish_time() || target < shown_before;
  if (!significant) {
    JISR_ASSIGN_OR_RETURN(significant, store_.HasSignificantRevision(
                                           write.txn(), v.id(), std::min(shown_before, target),
                                           std::max(shown_before, target)));
  }
  const google::protobuf::Timestamp at = ToProto(when);
  meta.set_state(v1::VARIANT_STATE_PUBLISHED);
  meta.set_published_revision(target);
  *meta.mutable_publish_time() = at;
  if (!meta.has_first_publish_time()) *meta.mutable_first_publish_time() = at;
  if (significant || !meta.has_update_time()) *meta.mutable_update_time() = at;
  JISR_RETURN_IF_ERROR(store_.SaveVariant(write, v));
  return store_.AppendEvent(write, v1::CHANGE_KIND_PUBLISHED, &v, v.story_id());
}

absl::Status PublishSteps::Unpublish(WriteContext& write, StoredVariant& v) const {
  JISR_RETURN_IF_ERROR(CheckUnpublishable(v));
  v.variant.set_state(v1::VARIANT_STATE_UNPUBLISHED);
  v.variant.set_published_revision(0);
  JISR_RETURN_IF_ERROR(store_.SaveVariant(write, v));
  return store_.AppendEvent(write, v1::CHANGE_KIND_UNPUBLISHED, &v, v.story_id());
}

}  // namespace jisr::articles
