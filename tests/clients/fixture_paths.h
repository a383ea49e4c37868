// Where the fixtures the client tests read live: the shared fixtures and the demo files.
#ifndef JISR_TESTS_CLIENTS_FIXTURE_PATHS_H_
#define JISR_TESTS_CLIENTS_FIXTURE_PATHS_H_

#include <string>

namespace jisr::testing {

// JISR_SHARED_DIR and JISR_DEMO_DIR come from tests/clients/CMakeLists.txt.
inline std::string SharedFixture(const std::string& relative) {
  return std::string(JISR_SHARED_DIR) + "/fixtures/" + relative;
}

inline std::string DemoFile(const std::string& relative) {
  return std::string(JISR_DEMO_DIR) + "/" + relative;
}

}  // namespace jisr::testing

#endif  // JISR_TESTS_CLIENTS_FIXTURE_PATHS_H_
