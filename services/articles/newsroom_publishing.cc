// What readers see: publish and unpublish; which story a variant is in: link and unlink.
#include "jisr/v1/events.pb.h"
#include "services/articles/names.h"
#include "services/articles/newsroom_internal.h"
#include "services/common/ids.h"

namespace jisr::articles {
namespace {

// How far ahead of the server clock a backdated publish_time may be (clock skew).
constexpr absl::Duration kClockSkew = absl::Minutes(1);

absl::Status CheckNotDeleted(const jisr::v1::Variant& variant) {
  if (!variant.has_delete_time()) return absl::OkStatus();
  return PreconditionError("VARIANT_DELETED", variant.name(),
                           absl::StrCat(variant.name(), " is deleted: undelete it first"));
}

}  // namespace

absl::StatusOr<jisr::v1::Variant> Newsroom::PublishVariant(
    const jisr::v1::PublishVariantRequest& request, const CallContext& context) {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseVariantName("name", request.name()));
  if (request.revision() < 0) {
    return InvalidFieldError("revision", "0 (the latest) or a revision number");
  }
  std::optional<absl::Time> backdate;
  if (request.has_publish_time()) {
    const auto& t = request.publish_time();
    if (t.seconds() < -62135596800 || t.seconds() > 253402300799 || t.nanos() < 0 ||
        t.nanos() > 999999999) {
      return InvalidFieldError("publish_time", "not a valid timestamp (years 1 to 9999)");
    }
    backdate = FromProto(t);
    if (*backdate > options_.clock() + kClockSkew) {
      return InvalidFieldError("publish_time",
                               "is in the future: publish_time records when an archived article "
                               "was originally published, so it must be in the past");
    }
  }
  return RunWrite<jisr::v1::Variant>(
      "PublishVariant", request, request.request_id(), false, context,
      [&](Write& write) -> absl::StatusOr<jisr::v1::Variant> {
        JISR_ASSIGN_OR_RETURN(StoredVariant v, LoadVariant(write.txn, id, "name"));
        JISR_RETURN_IF_ERROR(CheckEtag("etag", request.etag(), v.row.version, v.variant.name()));
        JISR_RETURN_IF_ERROR(CheckNotDeleted(v.variant));
        jisr::v1::Variant& meta = v.variant;
        const int64_t target = request.revision() == 0 ? meta.latest_revision()
                                                       : request.revision();
        if (target > meta.latest_revision()) {
          return InvalidFieldError("revision", absl::StrCat(meta.name(), " has revisions 1 to ",
                                                            meta.latest_revision()));
        }
        if (meta.state() == jisr::v1::VARIANT_STATE_PUBLISHED &&
            meta.published_revision() == target && !backdate.has_value()) {
          return LatestView(write.txn, v);  // already what readers see
        }
        JISR_ASSIGN_OR_RETURN(jisr::v1::Revision revision, LoadRevision(write.txn, id, target));
        if (revision.snapshot().headline().empty()) {
          return PreconditionError("HEADLINE_REQUIRED", RevisionName(id, target),
                                   absl::StrCat(RevisionName(id, target),
                                                " has no headline: add one, then publish"));
        }
        // The "Updated:" time moves when the change readers are about to see contains a
        // significant revision: any revision between the one shown before and this one.
        const int64_t shown_before =
            meta.state() == jisr::v1::VARIANT_STATE_PUBLISHED ? meta.published_revision() : 0;
        bool significant = !meta.has_first_publish_time();
        if (!significant) {
          const int64_t low = std::min(shown_before, target);
          const int64_t high = std::max(shown_before, target);
          JISR_ASSIGN_OR_RETURN(std::vector<storage::RevisionRow> rows,
                                write.txn.ListRevisions(id, high + 1, static_cast<int>(high - low)));
          for (const storage::RevisionRow& row : rows) {
            jisr::v1::Revision r;
            if (row.number > low && r.ParseFromString(row.data) &&
                r.significance() != jisr::v1::CHANGE_SIGNIFICANCE_MINOR) {
              significant = true;
              break;
            }
          }
          // Going back to an older revision changes what readers see: always significant.
          if (target < shown_before) significant = true;
        }
        const google::protobuf::Timestamp when = ToProto(backdate.value_or(write.now));
        meta.set_state(jisr::v1::VARIANT_STATE_PUBLISHED);
        meta.set_published_revision(target);
        *meta.mutable_publish_time() = when;
        if (!meta.has_first_publish_time()) *meta.mutable_first_publish_time() = when;
        if (significant || !meta.has_update_time()) *meta.mutable_update_time() = when;
        JISR_RETURN_IF_ERROR(SaveVariant(write, v, /*insert=*/false));
        JISR_RETURN_IF_ERROR(
            AppendEvent(write, jisr::v1::CHANGE_KIND_PUBLISHED, &v, v.row.story_id));
        return LatestView(write.txn, v);
      });
}

absl::StatusOr<jisr::v1::Variant> Newsroom::UnpublishVariant(
    const jisr::v1::UnpublishVariantRequest& request, const CallContext& context) {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseVariantName("name", request.name()));
  return RunWrite<jisr::v1::Variant>(
      "UnpublishVariant", request, request.request_id(), false, context,
      [&](Write& write) -> absl::StatusOr<jisr::v1::Variant> {
        JISR_ASSIGN_OR_RETURN(StoredVariant v, LoadVariant(write.txn, id, "name"));
        JISR_RETURN_IF_ERROR(CheckEtag("etag", request.etag(), v.row.version, v.variant.name()));
        JISR_RETURN_IF_ERROR(CheckNotDeleted(v.variant));
        if (v.variant.state() != jisr::v1::VARIANT_STATE_PUBLISHED) {
          return PreconditionError("NOT_PUBLISHED", v.variant.name(),
                                   absl::StrCat(v.variant.name(), " is not published"));
        }
        v.variant.set_state(jisr::v1::VARIANT_STATE_UNPUBLISHED);
        v.variant.set_published_revision(0);
        JISR_RETURN_IF_ERROR(SaveVariant(write, v, /*insert=*/false));
        JISR_RETURN_IF_ERROR(
            AppendEvent(write, jisr::v1::CHANGE_KIND_UNPUBLISHED, &v, v.row.story_id));
        return LatestView(write.txn, v);
      });
}

absl::StatusOr<jisr::v1::Variant> Newsroom::LinkVariant(const jisr::v1::LinkVariantRequest& request,
                                                        const CallContext& context) {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseVariantName("name", request.name()));
  JISR_ASSIGN_OR_RETURN(std::string target_id, ParseStoryName("story", request.story()));
  return RunWrite<jisr::v1::Variant>(
      "LinkVariant", request, request.request_id(), false, context,
      [&](Write& write) -> absl::StatusOr<jisr::v1::Variant> {
        JISR_ASSIGN_OR_RETURN(StoredVariant v, LoadVariant(write.txn, id, "name"));
        JISR_RETURN_IF_ERROR(CheckEtag("etag", request.etag(), v.row.version, v.variant.name()));
        JISR_RETURN_IF_ERROR(CheckNotDeleted(v.variant));
        JISR_ASSIGN_OR_RETURN(StoredStory target, LoadStory(write.txn, target_id, "story"));
        if (target.story.has_delete_time()) {
          return PreconditionError("STORY_DELETED", target.story.name(),
                                   absl::StrCat(target.story.name(),
                                                " is deleted: undelete it first"));
        }
        const std::string previous_id = v.row.story_id;
        if (previous_id == target_id) {
          return PreconditionError("ALREADY_LINKED", target.story.name(),
                                   absl::StrCat(v.variant.name(), " is already in ",
                                                target.story.name()));
        }
        JISR_RETURN_IF_ERROR(CheckLanguageFree(write.txn, target_id, v.variant.language(), id));
        v.variant.set_story(target.story.name());
        JISR_RETURN_IF_ERROR(SaveVariant(write, v, /*insert=*/false));
        JISR_RETURN_IF_ERROR(SaveStory(write, target, /*insert=*/false));
        // The story the variant left is deleted when nothing is left in it.
        JISR_ASSIGN_OR_RETURN(StoredStory previous, LoadStory(write.txn, previous_id, "name"));
        JISR_ASSIGN_OR_RETURN(std::vector<storage::VariantRow> remaining,
                              write.txn.ListStoryVariants(previous_id));
        bool empty = std::none_of(remaining.begin(), remaining.end(),
                                  [](const storage::VariantRow& r) { return !r.deleted; });
        if (empty && !previous.story.has_delete_time()) {
          *previous.story.mutable_delete_time() = ToProto(write.now);
          JISR_RETURN_IF_ERROR(
              AppendEvent(write, jisr::v1::CHANGE_KIND_DELETED, nullptr, previous_id));
        }
        JISR_RETURN_IF_ERROR(SaveStory(write, previous, /*insert=*/false));
        JISR_RETURN_IF_ERROR(
            AppendEvent(write, jisr::v1::CHANGE_KIND_LINKED, &v, target_id, previous_id));
        return LatestView(write.txn, v);
      });
}

absl::StatusOr<jisr::v1::Variant> Newsroom::UnlinkVariant(
    const jisr::v1::UnlinkVariantRequest& request, const CallContext& context) {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseVariantName("name", request.name()));
  return RunWrite<jisr::v1::Variant>(
      "UnlinkVariant", request, request.request_id(), false, context,
      [&](Write& write) -> absl::StatusOr<jisr::v1::Variant> {
        JISR_ASSIGN_OR_RETURN(StoredVariant v, LoadVariant(write.txn, id, "name"));
        JISR_RETURN_IF_ERROR(CheckEtag("etag", request.etag(), v.row.version, v.variant.name()));
        JISR_RETURN_IF_ERROR(CheckNotDeleted(v.variant));
        const std::string previous_id = v.row.story_id;
        JISR_ASSIGN_OR_RETURN(std::vector<storage::VariantRow> rows,
                              write.txn.ListStoryVariants(previous_id));
        bool alone = std::none_of(rows.begin(), rows.end(), [&](const storage::VariantRow& r) {
          return !r.deleted && r.id != id;
        });
        if (alone) {
          return PreconditionError("ALONE_IN_STORY", v.variant.story(),
                                   absl::StrCat(v.variant.name(), " is the only variant of ",
                                                v.variant.story(), ": there is nothing to "
                                                "unlink it from"));
        }
        JISR_ASSIGN_OR_RETURN(StoredStory story, NewStory(write, v.variant.headline()));
        v.variant.set_story(story.story.name());
        JISR_RETURN_IF_ERROR(SaveVariant(write, v, /*insert=*/false));
        JISR_ASSIGN_OR_RETURN(StoredStory previous, LoadStory(write.txn, previous_id, "name"));
        JISR_RETURN_IF_ERROR(SaveStory(write, previous, /*insert=*/false));
        JISR_RETURN_IF_ERROR(
            AppendEvent(write, jisr::v1::CHANGE_KIND_UNLINKED, &v, story.row.id, previous_id));
        return LatestView(write.txn, v);
      });
}

}  // namespace jisr::articles
