// Early-return helpers for absl::Status, which Abseil 20220623 does not ship publicly.
#ifndef JISR_SERVICES_COMMON_STATUS_MACROS_H_
#define JISR_SERVICES_COMMON_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define JISR_STATUS_CONCAT_INNER_(a, b) a##b
#define JISR_STATUS_CONCAT_(a, b) JISR_STATUS_CONCAT_INNER_(a, b)

// Returns the status from the enclosing function when `expr` is not OK.
#define JISR_RETURN_IF_ERROR(expr)               \
  do {                                           \
    ::absl::Status jisr_status_ = (expr);        \
    if (!jisr_status_.ok()) return jisr_status_; \
  } while (false)

// `lhs = *expr` when `expr` (an absl::StatusOr) is OK; returns its status otherwise.
#define JISR_ASSIGN_OR_RETURN(lhs, expr) \
  JISR_ASSIGN_OR_RETURN_IMPL_(JISR_STATUS_CONCAT_(jisr_statusor_, __LINE__), lhs, expr)

#define JISR_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                \
  if (!statusor.ok()) return statusor.status();          \
  lhs = std::move(statusor).value()

#endif  // JISR_SERVICES_COMMON_STATUS_MACROS_H_
