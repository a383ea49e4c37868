// A variant's history: compare two revisions, restore an old one as a new revision.
#include "jisr/v1/events.pb.h"
#include "services/articles/block_diff.h"
#include "services/articles/names.h"
#include "services/articles/newsroom_internal.h"
#include "services/articles/validation.h"
#include "services/articles/variant_views.h"

namespace jisr::articles {

absl::StatusOr<jisr::v1::DiffRevisionsResponse> Newsroom::DiffRevisions(
    const jisr::v1::DiffRevisionsRequest& request, const CallContext&) {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseVariantName("name", request.name()));
  FieldViolations violations;
  if (request.from_revision() < 1) violations.Add("from_revision", "a revision number from 1");
  if (request.to_revision() < 0) violations.Add("to_revision", "0 (the latest) or a number");
  JISR_RETURN_IF_ERROR(violations.ToStatus());
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  JISR_ASSIGN_OR_RETURN(StoredVariant v, LoadVariant(*txn, id, "name"));
  const int64_t to = request.to_revision() == 0 ? v.variant.latest_revision()
                                                : request.to_revision();
  JISR_ASSIGN_OR_RETURN(jisr::v1::Revision from, LoadRevision(*txn, id, request.from_revision()));
  JISR_ASSIGN_OR_RETURN(jisr::v1::Revision target, LoadRevision(*txn, id, to));
  jisr::v1::DiffRevisionsResponse response;
  response.set_from_revision(request.from_revision());
  response.set_to_revision(to);
  *response.mutable_diff() = DiffContent(from.snapshot(), target.snapshot());
  return response;
}

absl::StatusOr<jisr::v1::Variant> Newsroom::RestoreRevision(
    const jisr::v1::RestoreRevisionRequest& request, const CallContext& context) {
  JISR_ASSIGN_OR_RETURN(auto parsed, ParseRevisionName("name", request.name()));
  const auto& [id, number] = parsed;
  if (request.significance() < 0 || request.significance() > jisr::v1::CHANGE_SIGNIFICANCE_MINOR) {
    return InvalidFieldError("significance", "CHANGE_SIGNIFICANCE_SIGNIFICANT or _MINOR");
  }
  FieldViolations violations;
  std::string note = request.change_note();
  ValidateText("change_note", note, TextFieldSpec{1000, false, true}, violations);
  JISR_RETURN_IF_ERROR(violations.ToStatus());
  if (note.empty()) note = absl::StrCat("Restored revision ", number);
  return RunWrite<jisr::v1::Variant>(
      "RestoreRevision", request, request.request_id(), false, context,
      [&](Write& write) -> absl::StatusOr<jisr::v1::Variant> {
        JISR_ASSIGN_OR_RETURN(StoredVariant v, LoadVariant(write.txn, id, "name"));
        JISR_RETURN_IF_ERROR(CheckEtag("etag", request.etag(), v.row.version, v.variant.name()));
        if (v.variant.has_delete_time()) {
          return PreconditionError("VARIANT_DELETED", v.variant.name(),
                                   absl::StrCat(v.variant.name(), " is deleted: undelete it first"));
        }
        JISR_ASSIGN_OR_RETURN(jisr::v1::Revision old, LoadRevision(write.txn, id, number));
        // The live slug stays: restoring text must not move the page's URL.
        const std::string slug = v.variant.slug();
        CopyContent(old.snapshot(), v.variant);
        *v.variant.mutable_text() = old.snapshot().text();
        v.variant.set_slug(slug);
        jisr::v1::Revision revision;
        revision.set_number(v.variant.latest_revision() + 1);
        revision.set_name(RevisionName(id, revision.number()));
        revision.set_author(write.author);
        *revision.mutable_create_time() = ToProto(write.now);
        revision.set_change_note(note);
        revision.set_significance(request.significance() == jisr::v1::CHANGE_SIGNIFICANCE_MINOR
                                      ? jisr::v1::CHANGE_SIGNIFICANCE_MINOR
                                      : jisr::v1::CHANGE_SIGNIFICANCE_SIGNIFICANT);
        revision.set_restored_from(number);
        *revision.mutable_snapshot() = ContentSnapshot(v.variant);
        storage::RevisionRow row{id, revision.number(), write.now_micros,
                                 revision.SerializeAsString()};
        revision.clear_snapshot();
        *v.variant.mutable_revision() = revision;
        v.variant.set_latest_revision(revision.number());
        JISR_RETURN_IF_ERROR(SaveVariant(write, v, /*insert=*/false));
        JISR_RETURN_IF_ERROR(write.txn.InsertRevision(row));
        JISR_RETURN_IF_ERROR(AppendEvent(write, jisr::v1::CHANGE_KIND_UPDATED, &v, v.row.story_id));
        return Respond(write, id);
      });
}

}  // namespace jisr::articles
