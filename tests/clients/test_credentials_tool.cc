// jisr_test_credentials DIR: the test credentials (tests/testing/test_credentials.h) as files,
// for tests in other languages (Python, Node) that start jisrd and call it as the newsroom's
// principals do. Writes, in DIR:
//   jwks.json, policy.textproto   the keys' JWKS and the test access policy
//   jisrd.flags                   jisrd's flags for them, one a line
//   <principal>.token             a bearer token (valid for an hour) for each principal the
//                                 policy names: editor@newsroom.test, admin@newsroom.test,
//                                 reader@newsroom.test, desk-ar@newsroom.test,
//                                 desk-en@newsroom.test
// The keys are made fresh by each run, so files from different runs do not mix.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/testing/test_credentials.h"

namespace {

using ::jisr::testing::TestCredentials;

// Each principal with the display name its token carries (the `name` claim), so tests can tell
// a revision's author_name from its author; the Arabic desk's is in Arabic, as a newsroom's are.
const std::vector<std::pair<std::string, std::string>>& Principals() {
  static const auto* principals = new std::vector<std::pair<std::string, std::string>>{
      {jisr::testing::kTestEditor, "Willy Lowry"},
      {jisr::testing::kTestAdmin, "Newsroom Administrator"},
      {jisr::testing::kTestReader, "Web Renderer"},
      {jisr::testing::kTestDeskAr, "سارة حداد"},
      {jisr::testing::kTestDeskEn, "English Desk"},
  };
  return *principals;
}

bool Write(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
  out.close();
  if (out) return true;
  std::fprintf(stderr, "jisr_test_credentials: cannot write %s\n", path.c_str());
  return false;
}

bool Copy(const std::string& from, const std::string& to) {
  std::ifstream in(from, std::ios::binary);
  std::ostringstream contents;
  contents << in.rdbuf();
  if (!in) {
    std::fprintf(stderr, "jisr_test_credentials: cannot read %s\n", from.c_str());
    return false;
  }
  return Write(to, contents.str());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: jisr_test_credentials DIR (an existing directory)\n");
    return 2;
  }
  const std::string dir = argv[1];
  const TestCredentials& credentials = TestCredentials::Get();
  // Copies, so the files outlive this process's own temporary directory.
  const std::string jwks = dir + "/jwks.json";
  const std::string policy = dir + "/policy.textproto";
  if (!Copy(credentials.jwks_path(), jwks) || !Copy(credentials.policy_path(), policy)) return 1;
  const std::string flags = absl::StrCat(
      "--jwks_file=", jwks, "\n--jwt_issuer=", TestCredentials::kIssuer,
      "\n--jwt_audience=", TestCredentials::kAudience, "\n--policy_file=", policy, "\n");
  if (!Write(dir + "/jisrd.flags", flags)) return 1;
  for (const auto& [principal, name] : Principals()) {
    if (!Write(absl::StrCat(dir, "/", principal, ".token"),
               credentials.Token(principal, name) + "\n")) {
      return 1;
    }
  }
  return 0;
}
