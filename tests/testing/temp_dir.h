// A fresh directory under the test's temporary directory, removed afterwards.
#ifndef JISR_TESTS_TESTING_TEMP_DIR_H_
#define JISR_TESTS_TESTING_TEMP_DIR_H_

#include <string>

namespace jisr::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace jisr::testing

#endif  // JISR_TESTS_TESTING_TEMP_DIR_H_
