// Checks that several write methods make of their requests, written once.
#ifndef JISR_SERVICES_ARTICLES_REQUEST_CHECKS_H_
#define JISR_SERVICES_ARTICLES_REQUEST_CHECKS_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "jisr/v1/resources.pb.h"
#include "services/common/errors.h"

namespace jisr::articles {

// ABORTED (ETAG_MISMATCH) when `etag` is set and is not the etag of `version` (AIP-154).
absl::Status CheckEtag(absl::string_view field, const std::string& etag, int64_t version,
                       absl::string_view resource_name);

// INVALID_ARGUMENT naming "significance" for a value that is not a ChangeSignificance.
absl::Status CheckSignificance(jisr::v1::ChangeSignificance significance);

// Checks a revision's change note (at most 1,000 characters, line breaks allowed) and leaves it
// normalized as it is stored; `field` names it in violations (a purge's reason takes the same
// rules).
void PrepareChangeNote(std::string& note, FieldViolations& violations,
                       absl::string_view field = "change_note");

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_REQUEST_CHECKS_H_
