// gMock matchers for absl::Status and absl::StatusOr, which Abseil 20220623 does not ship.
#ifndef JISR_TESTS_TESTING_STATUS_MATCHERS_H_
#define JISR_TESTS_TESTING_STATUS_MATCHERS_H_

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jisr::testing {

inline const absl::Status& GetStatus(const absl::Status& status) { return status; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

MATCHER(IsOk, "is OK") {
  const absl::Status& status = GetStatus(arg);
  if (!status.ok()) *result_listener << "status is " << status;
  return status.ok();
}

MATCHER_P(StatusIs, code, "has code " + absl::StatusCodeToString(code)) {
  const absl::Status& status = GetStatus(arg);
  *result_listener << "status is " << status;
  return status.code() == code;
}

MATCHER_P2(StatusIs, code, message_matcher, "has code " + absl::StatusCodeToString(code)) {
  const absl::Status& status = GetStatus(arg);
  *result_listener << "status is " << status;
  return status.code() == code &&
         ::testing::ExplainMatchResult(message_matcher, std::string(status.message()),
                                       result_listener);
}

}  // namespace jisr::testing

// Asserts `expr` (an absl::StatusOr) is OK and moves its value into `lhs`.
#define JISR_ASSERT_OK_AND_ASSIGN(lhs, expr) \
  JISR_ASSERT_OK_AND_ASSIGN_IMPL_(JISR_TEST_CONCAT_(jisr_test_statusor_, __LINE__), lhs, expr)
#define JISR_TEST_CONCAT_INNER_(a, b) a##b
#define JISR_TEST_CONCAT_(a, b) JISR_TEST_CONCAT_INNER_(a, b)
#define JISR_ASSERT_OK_AND_ASSIGN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                    \
  ASSERT_TRUE(statusor.ok()) << statusor.status();           \
  lhs = std::move(statusor).value()

#define JISR_ASSERT_OK(expr) ASSERT_THAT((expr), ::jisr::testing::IsOk())
#define JISR_EXPECT_OK(expr) EXPECT_THAT((expr), ::jisr::testing::IsOk())

#endif  // JISR_TESTS_TESTING_STATUS_MATCHERS_H_
