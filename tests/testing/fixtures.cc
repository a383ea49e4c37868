#include "tests/testing/fixtures.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

namespace jisr::testing {

std::string FixturePath(const std::string& relative) {
  return std::string(JISR_FIXTURES_DIR) + "/" + relative;
}

std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  if (!in || !(out << in.rdbuf())) {
    throw FixtureUnavailable("cannot read " + path + " (" + std::strerror(errno) +
                             "): the file belongs in the repository (tests/fixtures for real "
                             "text); restore it with git checkout");
  }
  return out.str();
}

}  // namespace jisr::testing
