#include "tests/replicas/outage_helpers.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace jisr::testing {

bool PostgresFixture(const std::string& command) {
  return std::system(absl::StrCat(JISR_POSTGRES_FIXTURE_SCRIPT, " ", command, " ",
                                  JISR_POSTGRES_STATE_DIR, " >/dev/null")
                         .c_str()) == 0;
}

}  // namespace jisr::testing
