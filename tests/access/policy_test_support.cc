#include "tests/access/policy_test_support.h"

#include <cstdio>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace jisr::access {

const config::NewsroomConfig& Newsroom() {
  static const config::NewsroomConfig* const config = [] {
    absl::StatusOr<config::NewsroomConfig> parsed = config::ParseLanguages("en,ar", "Asia/Dubai");
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    return new config::NewsroomConfig(*std::move(parsed));
  }();
  return *config;
}

void WriteFile(const std::string& path, absl::string_view contents) {
  const std::string temporary = absl::StrCat(path, ".new");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << contents;
    ASSERT_TRUE(out.good()) << "cannot write " << temporary;
  }
  ASSERT_EQ(std::rename(temporary.c_str(), path.c_str()), 0) << "cannot rename to " << path;
}

std::string ExamplePolicyPath() {
  return absl::StrCat(JISR_SOURCE_DIR, "/tests/access/testdata/newsroom_policy.textproto");
}

}  // namespace jisr::access
