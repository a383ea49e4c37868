// The fixtures the importer tests read, and a reader that fails the test loudly. Tests that
// link jisr_testing use its ReadFileOrDie (tests/testing/temp_dir.h) with fixture_paths.h
// instead: the two readers share a name.
#ifndef JISR_TESTS_CLIENTS_FIXTURE_FILES_H_
#define JISR_TESTS_CLIENTS_FIXTURE_FILES_H_

#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "tests/clients/fixture_paths.h"

namespace jisr::testing {

inline std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read fixture " << path;
    return "";
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

}  // namespace jisr::testing

#endif  // JISR_TESTS_CLIENTS_FIXTURE_FILES_H_
