#include "services/articles/purged.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/articles/timestamps.h"
#include "services/common/errors.h"

namespace jisr::articles {
namespace {

// `code` with reason VARIANT_PURGED, the variant and the time of its purge; OK when not purged.
absl::Status UnlessPurged(const jisr::v1::Variant& variant, absl::StatusCode code,
                          absl::string_view what_now) {
  if (!variant.has_purge()) return absl::OkStatus();
  const std::string when =
      absl::FormatTime(absl::RFC3339_full, FromProto(variant.purge().time()), absl::UTCTimeZone());
  return ReasonedError(code, "VARIANT_PURGED",
                       absl::StrCat(variant.name(), " was purged at ", when,
                                    ": its content was removed for good; ", what_now),
                       {{"resource", variant.name()}, {"purge_time", when}});
}

}  // namespace

absl::Status CheckNotPurged(const jisr::v1::Variant& variant) {
  return UnlessPurged(variant, absl::StatusCode::kFailedPrecondition,
                      "it cannot be changed again: write a new variant instead");
}

absl::Status CheckReadable(const jisr::v1::Variant& variant) {
  return UnlessPurged(variant, absl::StatusCode::kNotFound, "a link to it should answer as gone");
}

}  // namespace jisr::articles
