// The repository's real-text fixtures (tests/fixtures), and a reader that stops a test at once,
// naming the file, when one cannot be read.
#ifndef JISR_TESTS_TESTING_FIXTURES_H_
#define JISR_TESTS_TESTING_FIXTURES_H_

#include <stdexcept>
#include <string>

namespace jisr::testing {

// The path of tests/fixtures/<relative> in the source tree (JISR_FIXTURES_DIR, set by
// tests/CMakeLists.txt), such as FixturePath("udhr/arb.html").
std::string FixturePath(const std::string& relative);

// What ReadFileOrDie throws. A helper that returns the file cannot ASSERT, so it throws instead:
// GoogleTest reports the exception, with the path, as a failure of the test and stops that test
// at once, so nothing goes on to index an empty result. Only tests throw it.
class FixtureUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The contents of a file (fixtures and files a test wrote). Throws FixtureUnavailable, naming
// the path and what to do, when the file cannot be read.
std::string ReadFileOrDie(const std::string& path);

}  // namespace jisr::testing

#endif  // JISR_TESTS_TESTING_FIXTURES_H_
