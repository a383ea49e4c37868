// What reaches jisrd's log is caller-controlled in part (method names, error messages naming
// fields, peers): a record is always exactly one line, and in JSON always one well-formed
// object, whatever bytes it is given, so nobody can forge or break records downstream.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/log.h"

namespace jisr {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

TEST(LogLineTest, AJsonRecordIsOneObjectOnOneLineWhateverTheBytes) {
  const std::string hostile = std::string("quote\" backslash\\ newline\n") + "{\"level\":\"x\"}" +
                              std::string("\x01\x7f") + "bad\xff\xfe utf-8 " + "عربي";
  const std::string line = FormatLogLine(LogFormat::kJson, LogLevel::kWarning, "call", hostile,
                                         LogFields().Add("peer", hostile).Add("bytes", 42));
  EXPECT_THAT(line, EndsWith("}\n"));
  EXPECT_EQ(line.find('\n'), line.size() - 1) << "one line, the newline at its end";
  EXPECT_THAT(line, MatchesRegex(R"(\{"time":"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{3}Z",)"
                                 R"("level":"warning","event":"call",.*)"));
  EXPECT_THAT(line, HasSubstr(R"("msg":"quote\" backslash\\ newline\u000a{\"level\":\"x\"})"
                              R"(\u0001)"));
  EXPECT_THAT(line, HasSubstr(R"(bad\ufffd\ufffd utf-8 عربي")"));
  EXPECT_THAT(line, HasSubstr(R"("bytes":42})"));
}

TEST(LogLineTest, ATextRecordIsOneLineWithQuotedValues) {
  const std::string line =
      FormatLogLine(LogFormat::kText, LogLevel::kInfo, "call", "GetVariant",
                    LogFields().Add("peer", "ipv4:127.0.0.1:5").Add("note", "two words\nforged"));
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  EXPECT_THAT(line.substr(0, 24), MatchesRegex(R"([0-9-]{10}T[0-9:.]{12}Z)"));
  EXPECT_EQ(line.substr(24),
            " I GetVariant peer=ipv4:127.0.0.1:5 note=\"two words\\u000aforged\"\n");
}

}  // namespace
}  // namespace jisr
