#include "services/articles/request_checks.h"

#include "absl/strings/str_cat.h"
#include "services/articles/text_fields.h"
#include "services/articles/validation.h"
#include "services/articles/variant_views.h"

namespace jisr::articles {

absl::Status CheckEtag(absl::string_view field, const std::string& etag, int64_t version,
                       absl::string_view resource_name) {
  if (etag.empty() || etag == EtagForVersion(version)) return absl::OkStatus();
  return ReasonedError(
      absl::StatusCode::kAborted, "ETAG_MISMATCH",
      absl::StrCat(resource_name, " changed since it was read (", field, " ", etag, ", now ",
                   EtagForVersion(version), "): read it again, re-apply the change and retry"),
      {{"resource", std::string(resource_name)}, {"current_etag", EtagForVersion(version)}});
}

absl::Status CheckSignificance(jisr::v1::ChangeSignificance significance) {
  if (significance < 0 || significance > jisr::v1::CHANGE_SIGNIFICANCE_MINOR) {
    return InvalidFieldError("significance", "CHANGE_SIGNIFICANCE_SIGNIFICANT or _MINOR");
  }
  return absl::OkStatus();
}

void PrepareChangeNote(std::string& note, FieldViolations& violations, absl::string_view field) {
  static constexpr TextFieldSpec kChangeNote{1000, false, true};
  ValidateText(std::string(field), note, kChangeNote, violations);
}

}  // namespace jisr::articles
