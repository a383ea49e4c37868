// What readers see: publish and unpublish; which story a variant is in: link and unlink.
#include "absl/strings/str_join.h"
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

absl::Status Newsroom::CheckPublishable(Write& write, const StoredVariant& v, int64_t target) {
  const jisr::v1::Variant& meta = v.variant;
  if (meta.has_delete_time()) {
    return PreconditionError("VARIANT_DELETED", meta.name(),
                             absl::StrCat(meta.name(), " is deleted: undelete it first"));
  }
  if (target < 1 || target > meta.latest_revision()) {
    return InvalidFieldError("revision", absl::StrCat(meta.name(), " has revisions 1 to ",
                                                      meta.latest_revision()));
  }
  JISR_ASSIGN_OR_RETURN(jisr::v1::Revision revision, LoadRevision(write.txn, v.row.id, target));
  if (revision.snapshot().headline().empty()) {
    return PreconditionError("HEADLINE_REQUIRED", meta.name(),
                             absl::StrCat(meta.name(), " (", meta.language(), ") revision ",
                                          target, " has no headline: add one, then publish"));
  }
  return absl::OkStatus();
}

absl::Status Newsroom::PublishInTransaction(Write& write, StoredVariant& v, int64_t target,
                                            absl::Time when, bool backdated) {
  jisr::v1::Variant& meta = v.variant;
  if (target == 0) target = meta.latest_revision();
  if (meta.state() == jisr::v1::VARIANT_STATE_PUBLISHED && meta.published_revision() == target &&
      !backdated) {
    return absl::OkStatus();  // already what readers see
  }
  JISR_RETURN_IF_ERROR(CheckPublishable(write, v, target));
  // The "Updated:" time moves when the change readers are about to see contains a significant
  // revision: any revision between the one shown before and this one.
  const int64_t shown_before =
      meta.state() == jisr::v1::VARIANT_STATE_PUBLISHED ? meta.published_revision() : 0;
  bool significant = !meta.has_first_publish_time() || target < shown_before;
  if (!significant) {
    const int64_t low = std::min(shown_before, target);
    const int64_t high = std::max(shown_before, target);
    JISR_ASSIGN_OR_RETURN(std::vector<storage::RevisionRow> rows,
                          write.txn.ListRevisions(v.row.id, high + 1,
                                                  static_cast<int>(high - low)));
    for (const storage::RevisionRow& row : rows) {
      jisr::v1::Revision r;
      if (row.number > low && r.ParseFromString(row.data) &&
          r.significance() != jisr::v1::CHANGE_SIGNIFICANCE_MINOR) {
        significant = true;
        break;
      }
    }
  }
  const google::protobuf::Timestamp at = ToProto(when);
  meta.set_state(jisr::v1::VARIANT_STATE_PUBLISHED);
  meta.set_published_revision(target);
  *meta.mutable_publish_time() = at;
  if (!meta.has_first_publish_time()) *meta.mutable_first_publish_time() = at;
  if (significant || !meta.has_update_time()) *meta.mutable_update_time() = at;
  JISR_RETURN_IF_ERROR(SaveVariant(write, v, /*insert=*/false));
  return AppendEvent(write, jisr::v1::CHANGE_KIND_PUBLISHED, &v, v.row.story_id);
}

absl::Status Newsroom::UnpublishInTransaction(Write& write, StoredVariant& v) {
  JISR_RETURN_IF_ERROR(CheckNotDeleted(v.variant));
  if (v.variant.state() != jisr::v1::VARIANT_STATE_PUBLISHED) {
    return PreconditionError("NOT_PUBLISHED", v.variant.name(),
                             absl::StrCat(v.variant.name(), " is not published"));
  }
  v.variant.set_state(jisr::v1::VARIANT_STATE_UNPUBLISHED);
  v.variant.set_published_revision(0);
  JISR_RETURN_IF_ERROR(SaveVariant(write, v, /*insert=*/false));
  return AppendEvent(write, jisr::v1::CHANGE_KIND_UNPUBLISHED, &v, v.row.story_id);
}

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
                               "was originally published, so it must be in the past; to publish "
                               "later, use CreateSchedule");
    }
  }
  return RunWrite<jisr::v1::Variant>(
      "PublishVariant", request, request.request_id(), false, context,
      [&](Write& write) -> absl::StatusOr<jisr::v1::Variant> {
        JISR_ASSIGN_OR_RETURN(StoredVariant v, LoadVariant(write.txn, id, "name"));
        JISR_RETURN_IF_ERROR(CheckEtag("etag", request.etag(), v.row.version, v.variant.name()));
        JISR_RETURN_IF_ERROR(CheckNotDeleted(v.variant));
        JISR_RETURN_IF_ERROR(PublishInTransaction(write, v, request.revision(),
                                                  backdate.value_or(write.now),
                                                  backdate.has_value()));
        return Respond(write, v.row.id);
      });
}

absl::StatusOr<jisr::v1::BatchPublishVariantsResponse> Newsroom::BatchPublishVariants(
    const jisr::v1::BatchPublishVariantsRequest& request, const CallContext& context) {
  FieldViolations violations;
  std::vector<std::string> ids;
  if (request.names_size() == 0 || request.names_size() > 20) {
    violations.Add("names", "1 to 20 variant names");
  }
  for (int i = 0; i < request.names_size(); ++i) {
    const std::string field = absl::StrCat("names[", i, "]");
    auto id = ParseVariantName(field, request.names(i));
    if (!id.ok()) {
      for (const auto& v : FieldViolationsOf(id.status())) violations.Add(v.field, v.description);
    } else if (std::find(ids.begin(), ids.end(), *id) != ids.end()) {
      violations.Add(field, absl::StrCat(request.names(i), " is listed twice"));
    } else {
      ids.push_back(*id);
    }
  }
  JISR_RETURN_IF_ERROR(violations.ToStatus());
  return RunWrite<jisr::v1::BatchPublishVariantsResponse>(
      "BatchPublishVariants", request, request.request_id(), false, context,
      [&](Write& write) -> absl::StatusOr<jisr::v1::BatchPublishVariantsResponse> {
        std::vector<StoredVariant> variants;
        for (size_t i = 0; i < ids.size(); ++i) {
          JISR_ASSIGN_OR_RETURN(StoredVariant v,
                                LoadVariant(write.txn, ids[i], absl::StrCat("names[", i, "]")));
          if (!variants.empty() && v.row.story_id != variants.front().row.story_id) {
            return InvalidFieldError(
                absl::StrCat("names[", i, "]"),
                absl::StrCat(v.variant.name(), " is in ", v.variant.story(), ", not in ",
                             variants.front().variant.story(),
                             ": a batch publishes the variants of one story"));
          }
          variants.push_back(std::move(v));
        }
        // Every problem of every variant, so one round trip tells the desks all that is missing.
        std::vector<std::string> problems;
        for (const StoredVariant& v : variants) {
          absl::Status ok = CheckPublishable(write, v, v.variant.latest_revision());
          if (!ok.ok()) problems.push_back(std::string(ok.message()));
        }
        if (!problems.empty()) {
          return PreconditionError("NOT_PUBLISHABLE", variants.front().variant.story(),
                                   absl::StrCat("nothing was published: ",
                                                absl::StrJoin(problems, "; ")));
        }
        for (StoredVariant& v : variants) {
          JISR_RETURN_IF_ERROR(PublishInTransaction(write, v, 0, write.now, false));
        }
        jisr::v1::BatchPublishVariantsResponse response;
        for (const StoredVariant& v : variants) {
          JISR_ASSIGN_OR_RETURN(*response.add_variants(), Respond(write, v.row.id));
        }
        return response;
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
        JISR_RETURN_IF_ERROR(UnpublishInTransaction(write, v));
        return Respond(write, v.row.id);
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
        return Respond(write, v.row.id);
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
        return Respond(write, v.row.id);
      });
}

}  // namespace jisr::articles
