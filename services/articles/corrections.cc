#include "services/articles/corrections.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "services/articles/names.h"
#include "services/articles/request_checks.h"
#include "services/articles/timestamps.h"
#include "services/articles/validation.h"
#include "services/common/errors.h"
#include "services/common/ids.h"
#include "services/common/status_macros.h"

namespace jisr::articles {
namespace {

namespace v1 = ::jisr::v1;

constexpr TextFieldSpec kCorrectionText{2000, true, false};

bool IsPending(const v1::Variant& variant, absl::string_view correction_id) {
  for (const auto& pending : variant.pending_corrections()) {
    if (pending.correction().id() == correction_id) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<v1::Variant> Corrections::AddCorrection(const v1::AddCorrectionRequest& request,
                                                       const CallContext& caller) const {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseVariantName("name", request.name()));
  FieldViolations violations;
  if (!request.has_correction()) violations.Add("correction", "required: kind and text");
  v1::Correction correction = request.correction();
  ValidateText("correction.text", *correction.mutable_text(), kCorrectionText, violations);
  if (correction.kind() < 0 || correction.kind() > v1::CORRECTION_KIND_CLARIFICATION) {
    violations.Add("correction.kind", "CORRECTION_KIND_CORRECTION or _CLARIFICATION");
  }
  if (!correction.matches().empty() && !IsValidToken(correction.matches())) {
    violations.Add("correction.matches", "the id of a sibling's correction");
  }
  JISR_RETURN_IF_ERROR(violations.ToStatus());
  return runner_.Run<v1::Variant>(
      CallOf("AddCorrection", request, caller),
      [&](WriteContext& write) -> absl::Status {
        JISR_ASSIGN_OR_RETURN(
            StoredVariant v,
            store_.LoadVariantToChange(write, id, {"name", "etag", request.etag(), false}));
        if (v.deleted() || v.variant.state() != v1::VARIANT_STATE_PUBLISHED) {
          return PreconditionError("NOT_PUBLISHED", v.variant.name(),
                                   absl::StrCat(v.variant.name(),
                                                " is not published: a "
                                                "correction is a notice to readers"));
        }
        if (!correction.matches().empty() && !IsPending(v.variant, correction.matches())) {
          return InvalidFieldError(
              "correction.matches",
              absl::StrCat("\"", correction.matches(), "\" is not a pending correction of ",
                           v.variant.name(), " (see its pending_corrections)"));
        }
        v1::Correction* added = v.variant.add_corrections();
        *added = correction;
        added->set_id(absl::StrCat("c", NewResourceId()));
        if (added->kind() == v1::CORRECTION_KIND_UNSPECIFIED) {
          added->set_kind(v1::CORRECTION_KIND_CORRECTION);
        }
        *added->mutable_publish_time() = ToProto(write.now());
        added->set_author(write.author());
        added->set_author_name(write.author_name());
        JISR_RETURN_IF_ERROR(store_.SaveVariant(write, v));
        return store_.AppendEvent(write, v1::CHANGE_KIND_CORRECTED, &v, v.story_id());
      },
      [&](WriteContext& write) { return views_.LatestById(write, id); });
}

absl::StatusOr<v1::Variant> Corrections::DismissCorrection(
    const v1::DismissCorrectionRequest& request, const CallContext& caller) const {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseVariantName("name", request.name()));
  if (!IsValidToken(request.correction_id())) {
    return InvalidFieldError("correction_id", "required: the id of a pending correction");
  }
  return runner_.Run<v1::Variant>(
      CallOf("DismissCorrection", request, caller),
      [&](WriteContext& write) -> absl::Status {
        JISR_ASSIGN_OR_RETURN(StoredVariant v,
                              store_.LoadVariantToChange(write, id, {"name", "", "", false}));
        if (!IsPending(v.variant, request.correction_id())) {
          return PreconditionError("NOT_PENDING", v.variant.name(),
                                   absl::StrCat("correction ", request.correction_id(),
                                                " is not pending on ", v.variant.name()));
        }
        v.variant.add_dismissed_corrections(request.correction_id());
        return store_.SaveVariant(write, v);
      },
      [&](WriteContext& write) { return views_.LatestById(write, id); });
}

}  // namespace jisr::articles
