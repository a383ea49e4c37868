// What the access tests share: the newsroom they check policies against, and writing files.
#ifndef JISR_TESTS_ACCESS_POLICY_TEST_SUPPORT_H_
#define JISR_TESTS_ACCESS_POLICY_TEST_SUPPORT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "services/config/newsroom_config.h"

namespace jisr::access {

namespace v1 = ::jisr::v1;

// A newsroom publishing in English (the default) and Arabic.
const config::NewsroomConfig& Newsroom();

// Replaces the file at `path` with `contents` at once (written beside it, then renamed), as an
// operator's deployment should, so a reload never reads half a file.
void WriteFile(const std::string& path, absl::string_view contents);

// tests/access/testdata/newsroom_policy.textproto.
std::string ExamplePolicyPath();

}  // namespace jisr::access

#endif  // JISR_TESTS_ACCESS_POLICY_TEST_SUPPORT_H_
