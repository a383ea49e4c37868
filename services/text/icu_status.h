#ifndef JISR_SERVICES_TEXT_ICU_STATUS_H_
#define JISR_SERVICES_TEXT_ICU_STATUS_H_

// ICU error codes as absl::Status, and the two status macros Abseil 20220623
// does not ship. Internal to jisr_text.

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "unicode/utypes.h"

namespace jisr::text::internal {

// An ICU failure is a bug or a broken ICU installation, not bad input: the
// public functions validate input before calling ICU.
inline absl::Status IcuError(UErrorCode code, absl::string_view what) {
  return absl::InternalError(absl::StrCat(what, ": ", u_errorName(code)));
}

inline absl::Status IcuStatus(UErrorCode code, absl::string_view what) {
  return U_FAILURE(code) ? IcuError(code, what) : absl::OkStatus();
}

}  // namespace jisr::text::internal

#define JISR_TEXT_STATUS_CONCAT_INNER_(a, b) a##b
#define JISR_TEXT_STATUS_CONCAT_(a, b) JISR_TEXT_STATUS_CONCAT_INNER_(a, b)

// Returns from the enclosing function if `expr` (an absl::Status) is not OK.
#define JISR_TEXT_RETURN_IF_ERROR(expr)                    \
  do {                                                     \
    ::absl::Status jisr_text_status_ = (expr);             \
    if (!jisr_text_status_.ok()) return jisr_text_status_; \
  } while (false)

// `lhs = *std::move(statusor)` or return its status.
#define JISR_TEXT_ASSIGN_OR_RETURN(lhs, expr)                                                    \
  JISR_TEXT_ASSIGN_OR_RETURN_IMPL_(JISR_TEXT_STATUS_CONCAT_(jisr_text_statusor_, __LINE__), lhs, \
                                   expr)
#define JISR_TEXT_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                     \
  if (!statusor.ok()) return statusor.status();               \
  lhs = *std::move(statusor)

#endif  // JISR_SERVICES_TEXT_ICU_STATUS_H_
