// Corrections and clarifications: published on one variant, pending on its siblings until their
// desks match or dismiss them.
#include "jisr/v1/events.pb.h"
#include "services/articles/names.h"
#include "services/articles/newsroom_internal.h"
#include "services/articles/validation.h"
#include "services/common/ids.h"

namespace jisr::articles {
namespace {
constexpr TextFieldSpec kCorrectionText{2000, true, false};
}  // namespace

absl::StatusOr<jisr::v1::Variant> Newsroom::AddCorrection(
    const jisr::v1::AddCorrectionRequest& request, const CallContext& context) {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseVariantName("name", request.name()));
  FieldViolations violations;
  if (!request.has_correction()) violations.Add("correction", "required: kind and text");
  jisr::v1::Correction correction = request.correction();
  ValidateText("correction.text", *correction.mutable_text(), kCorrectionText, violations);
  if (correction.kind() < 0 || correction.kind() > jisr::v1::CORRECTION_KIND_CLARIFICATION) {
    violations.Add("correction.kind", "CORRECTION_KIND_CORRECTION or _CLARIFICATION");
  }
  if (!correction.matches().empty() && !IsValidToken(correction.matches())) {
    violations.Add("correction.matches", "the id of a sibling's correction");
  }
  JISR_RETURN_IF_ERROR(violations.ToStatus());
  return RunWrite<jisr::v1::Variant>(
      "AddCorrection", request, request.request_id(), false, context,
      [&](Write& write) -> absl::StatusOr<jisr::v1::Variant> {
        JISR_ASSIGN_OR_RETURN(StoredVariant v, LoadVariant(write.txn, id, "name"));
        JISR_RETURN_IF_ERROR(CheckEtag("etag", request.etag(), v.row.version, v.variant.name()));
        if (v.variant.has_delete_time() ||
            v.variant.state() != jisr::v1::VARIANT_STATE_PUBLISHED) {
          return PreconditionError("NOT_PUBLISHED", v.variant.name(),
                                   absl::StrCat(v.variant.name(), " is not published: a "
                                                "correction is a notice to readers"));
        }
        if (!correction.matches().empty()) {
          bool pending = false;
          for (const auto& p : v.variant.pending_corrections()) {
            if (p.correction().id() == correction.matches()) pending = true;
          }
          if (!pending) {
            return InvalidFieldError(
                "correction.matches",
                absl::StrCat("\"", correction.matches(), "\" is not a pending correction of ",
                             v.variant.name(), " (see its pending_corrections)"));
          }
        }
        jisr::v1::Correction* added = v.variant.add_corrections();
        *added = correction;
        added->set_id(absl::StrCat("c", NewResourceId()));
        if (added->kind() == jisr::v1::CORRECTION_KIND_UNSPECIFIED) {
          added->set_kind(jisr::v1::CORRECTION_KIND_CORRECTION);
        }
        *added->mutable_publish_time() = ToProto(write.now);
        added->set_author(write.author);
        JISR_RETURN_IF_ERROR(SaveVariant(write, v, /*insert=*/false));
        JISR_RETURN_IF_ERROR(
            AppendEvent(write, jisr::v1::CHANGE_KIND_CORRECTED, &v, v.row.story_id));
        return Respond(write, id);
      });
}

absl::StatusOr<jisr::v1::Variant> Newsroom::DismissCorrection(
    const jisr::v1::DismissCorrectionRequest& request, const CallContext& context) {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseVariantName("name", request.name()));
  if (!IsValidToken(request.correction_id())) {
    return InvalidFieldError("correction_id", "required: the id of a pending correction");
  }
  return RunWrite<jisr::v1::Variant>(
      "DismissCorrection", request, request.request_id(), false, context,
      [&](Write& write) -> absl::StatusOr<jisr::v1::Variant> {
        JISR_ASSIGN_OR_RETURN(StoredVariant v, LoadVariant(write.txn, id, "name"));
        bool pending = false;
        for (const auto& p : v.variant.pending_corrections()) {
          if (p.correction().id() == request.correction_id()) pending = true;
        }
        if (!pending) {
          return PreconditionError("NOT_PENDING", v.variant.name(),
                                   absl::StrCat("correction ", request.correction_id(),
                                                " is not pending on ", v.variant.name()));
        }
        v.variant.add_dismissed_corrections(request.correction_id());
        JISR_RETURN_IF_ERROR(SaveVariant(write, v, /*insert=*/false));
        return Respond(write, id);
      });
}

}  // namespace jisr::articles
