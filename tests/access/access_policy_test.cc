// ParseAccessPolicy and LoadAccessPolicy: syntax errors with their line and column, and every
// check naming its field and what to do.
#include "services/access/access_policy.h"

#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/errors.h"
#include "tests/access/policy_test_support.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace jisr::access {
namespace {

using ::jisr::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

MATCHER_P2(Violation, field, description, "") {
  *result_listener << arg.field << ": " << arg.description;
  return arg.field == field &&
         ::testing::ExplainMatchResult(description, arg.description, result_listener);
}

// The field violations of a policy that must not check; none (and a failure) if it checks.
std::vector<FieldViolation> ViolationsOf(absl::string_view text) {
  absl::StatusOr<v1::AccessPolicy> policy = ParseAccessPolicy(text, Newsroom());
  EXPECT_THAT(policy, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorReason(policy.status()), "INVALID_ACCESS_POLICY");
  for (const FieldViolation& v : FieldViolationsOf(policy.status())) {
    // The message names each field too, for logs that drop the details.
    EXPECT_THAT(policy.status().message(), HasSubstr(absl::StrCat(v.field, ": ")));
  }
  return FieldViolationsOf(policy.status());
}

// A grant of `matcher` and `rest` (roles, languages, display_name), as the only grant.
std::string Grant(absl::string_view matcher, absl::string_view rest) {
  return absl::StrCat("grants {\n  ", matcher, "\n  ", rest, "\n}\n");
}

constexpr char kReaderPrincipal[] = R"(principal: "spiffe://newsroom.example/ns/web/sa/renderer")";

TEST(ParseAccessPolicyTest, SyntaxErrorNamesLineAndColumn) {
  absl::StatusOr<v1::AccessPolicy> policy = ParseAccessPolicy(
      "grants {\n  principal: \"x\"\n  role: ACCESS_ROLE_READER\n}\n", Newsroom());
  EXPECT_THAT(policy, StatusIs(absl::StatusCode::kInvalidArgument,
                               AllOf(HasSubstr("line 3, column 3"), HasSubstr("\"role\""))));
  EXPECT_EQ(ErrorReason(policy.status()), "INVALID_ACCESS_POLICY");
  EXPECT_EQ(ErrorMetadata(policy.status(), "line"), "3");
  EXPECT_EQ(ErrorMetadata(policy.status(), "column"), "3");
}

TEST(ParseAccessPolicyTest, UnknownRoleNameIsASyntaxError) {
  EXPECT_THAT(ParseAccessPolicy("grants {\n  principal: \"x\"\n  roles: ACCESS_ROLE_WRITER\n}\n",
                                Newsroom()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("line 3, column 10"), HasSubstr("ACCESS_ROLE_WRITER"))));
}

TEST(ParseAccessPolicyTest, ColumnIsInCharactersAsEditorsShowIt) {
  // Protobuf counts bytes and takes a tab to the next multiple of 8; an editor counts characters.
  EXPECT_THAT(ParseAccessPolicy("grants {\n\tprincipal: \"x\"\n\troles: ACCESS_ROLE_WRITER\n}\n",
                                Newsroom()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("line 3, column 9")));
  EXPECT_THAT(
      ParseAccessPolicy("grants { display_name: \"مكتب\" rolez: ACCESS_ROLE_READER }", Newsroom()),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("line 1, column 31")));
}

TEST(ParseAccessPolicyTest, UnclosedGrantNamesWhereTheFileEnds) {
  EXPECT_THAT(ParseAccessPolicy("grants {\n  principal: \"x\"\n", Newsroom()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("line 3, column 1")));
}

TEST(ParseAccessPolicyTest, TwoMatchersInOneGrantNameTheSecond) {
  EXPECT_THAT(ParseAccessPolicy("grants {\n  principal: \"x\"\n  claim { claim: \"groups\" value: "
                                "\"editors\" }\n  roles: ACCESS_ROLE_EDITOR\n}\n",
                                Newsroom()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("line 3, column 3"), HasSubstr("oneof"))));
}

TEST(ParseAccessPolicyTest, ValidPolicyParses) {
  JISR_ASSERT_OK_AND_ASSIGN(
      v1::AccessPolicy policy,
      ParseAccessPolicy(Grant(R"(claim { claim: "groups" value: "arabic-desk" })",
                              R"(roles: ACCESS_ROLE_DESK languages: "ar")") +
                            Grant(kReaderPrincipal, "roles: ACCESS_ROLE_READER"),
                        Newsroom()));
  ASSERT_EQ(policy.grants_size(), 2);
  EXPECT_EQ(policy.grants(0).claim().value(), "arabic-desk");
  EXPECT_EQ(policy.grants(1).roles(0), v1::ACCESS_ROLE_READER);
}

TEST(CheckAccessPolicyTest, NoGrantsIsRefused) {
  EXPECT_THAT(ViolationsOf("# nothing yet\n"),
              ElementsAre(Violation("grants", HasSubstr("at least one grant"))));
}

TEST(CheckAccessPolicyTest, GrantWithoutMatcherIsRefused) {
  EXPECT_THAT(ViolationsOf(Grant("", "roles: ACCESS_ROLE_READER")),
              ElementsAre(Violation("grants[0]", HasSubstr("exactly one of principal"))));
}

TEST(CheckAccessPolicyTest, PrincipalMustBeOneShortLineOfUtf8) {
  const std::string roles = "roles: ACCESS_ROLE_READER";
  EXPECT_THAT(ViolationsOf(Grant(R"(principal: "")", roles)),
              ElementsAre(Violation("grants[0].principal", HasSubstr("required"))));
  EXPECT_THAT(
      ViolationsOf(Grant(absl::StrCat("principal: \"", std::string(201, 'a'), "\""), roles)),
      ElementsAre(Violation("grants[0].principal", HasSubstr("201 bytes, at most 200"))));
  EXPECT_THAT(ViolationsOf(Grant(R"(principal: "renderer\377")", roles)),
              ElementsAre(Violation("grants[0].principal", HasSubstr("UTF-8 at byte offset 8"))));
  EXPECT_THAT(ViolationsOf(Grant(R"(principal: "web\nrenderer")", roles)),
              ElementsAre(Violation("grants[0].principal", HasSubstr("U+000A at byte offset 3"))));
  EXPECT_THAT(ViolationsOf(Grant(R"(principal: "renderer ")", roles)),
              ElementsAre(Violation("grants[0].principal", HasSubstr("trailing spaces"))));
}

TEST(CheckAccessPolicyTest, PrincipalWithBidiControlIsRefused) {
  // RLO would show "spiffe://…/rendere" with its tail reversed: not what the file holds.
  EXPECT_THAT(ViolationsOf(Grant("principal: \"spiffe://newsroom.example/\xE2\x80\xAEreredner\"",
                                 "roles: ACCESS_ROLE_READER")),
              ElementsAre(Violation("grants[0].principal", HasSubstr("bidi control U+202E"))));
}

TEST(CheckAccessPolicyTest, ClaimNeedsNameAndValue) {
  EXPECT_THAT(ViolationsOf(Grant(R"(claim { value: "editors" })", "roles: ACCESS_ROLE_EDITOR") +
                           Grant(R"(claim { claim: "groups" })", "roles: ACCESS_ROLE_EDITOR")),
              ElementsAre(Violation("grants[0].claim.claim", HasSubstr("required")),
                          Violation("grants[1].claim.value", HasSubstr("required"))));
}

TEST(CheckAccessPolicyTest, RolesAreRequiredAndMustBeRoles) {
  EXPECT_THAT(ViolationsOf(Grant(kReaderPrincipal, "")),
              ElementsAre(Violation("grants[0].roles", HasSubstr("at least one of"))));
  EXPECT_THAT(ViolationsOf(Grant(kReaderPrincipal,
                                 "roles: ACCESS_ROLE_READER roles: ACCESS_ROLE_UNSPECIFIED")),
              ElementsAre(Violation("grants[0].roles[1]", HasSubstr("not a role"))));
}

TEST(CheckAccessPolicyTest, RoleNumberThatIsNoRoleIsRefused) {
  // proto3 enums are open: text format accepts a number no role has. The checks must not.
  EXPECT_THAT(ViolationsOf(Grant(kReaderPrincipal, "roles: 9")),
              ElementsAre(Violation("grants[0].roles[0]", HasSubstr("not a role (9)"))));
}

TEST(CheckAccessPolicyTest, DeskNeedsConfiguredLanguages) {
  const std::string desk = R"(claim { claim: "groups" value: "desk" })";
  EXPECT_THAT(ViolationsOf(Grant(desk, "roles: ACCESS_ROLE_DESK")),
              ElementsAre(Violation("grants[0].languages", HasSubstr("required with"))));
  EXPECT_THAT(
      ViolationsOf(Grant(desk, R"(roles: ACCESS_ROLE_DESK languages: "ar" languages: "fr")")),
      ElementsAre(
          Violation("grants[0].languages[1]", AllOf(HasSubstr("\"fr\""), HasSubstr("(en, ar)")))));
}

TEST(CheckAccessPolicyTest, LanguagesWithoutDeskAreRefused) {
  EXPECT_THAT(ViolationsOf(Grant(R"(claim { claim: "groups" value: "editors" })",
                                 R"(roles: ACCESS_ROLE_EDITOR languages: "ar")")),
              ElementsAre(Violation("grants[0].languages", HasSubstr("add ACCESS_ROLE_DESK"))));
}

TEST(CheckAccessPolicyTest, DisplayNamePassesTheTextChecks) {
  const std::string roles = "roles: ACCESS_ROLE_READER ";
  EXPECT_THAT(ViolationsOf(Grant(kReaderPrincipal, roles + "display_name: \"Web \xE2\x80\xAE\"")),
              ElementsAre(Violation("grants[0].display_name", HasSubstr("bidi control U+202E"))));
  EXPECT_THAT(ViolationsOf(Grant(kReaderPrincipal, roles + R"(display_name: "Web\377")")),
              ElementsAre(Violation("grants[0].display_name", HasSubstr("UTF-8"))));
  EXPECT_THAT(ViolationsOf(Grant(kReaderPrincipal, roles + R"(display_name: " \t ")")),
              ElementsAre(Violation("grants[0].display_name", HasSubstr("blank"))));
  EXPECT_THAT(ViolationsOf(Grant(kReaderPrincipal, absl::StrCat(roles, "display_name: \"",
                                                                std::string(201, 'x'), "\""))),
              ElementsAre(Violation("grants[0].display_name", HasSubstr("at most 200"))));
}

TEST(CheckAccessPolicyTest, DisplayNameIsNormalizedLikeContent) {
  // A decomposed é (e + U+0301), a tab and surrounding spaces: NFC, one line, trimmed.
  JISR_ASSERT_OK_AND_ASSIGN(
      v1::AccessPolicy policy,
      ParseAccessPolicy(Grant(kReaderPrincipal,
                              "roles: ACCESS_ROLE_READER display_name: \"  Caf"
                              "e\xCC\x81\tdesk \""),
                        Newsroom()));
  EXPECT_EQ(policy.grants(0).display_name(), "Caf\xC3\xA9 desk");
}

TEST(CheckAccessPolicyTest, EveryProblemIsNamedAtOnce) {
  const std::string reader = "roles: ACCESS_ROLE_READER";
  EXPECT_THAT(ViolationsOf(Grant(kReaderPrincipal, reader) + Grant(R"(principal: "a")", "") +
                           Grant(R"(principal: "b")", reader) +
                           Grant(R"(claim { claim: "groups" value: "french-desk" })",
                                 R"(roles: ACCESS_ROLE_DESK languages: "fr")")),
              UnorderedElementsAre(Violation("grants[1].roles", HasSubstr("required")),
                                   Violation("grants[3].languages[0]", HasSubstr("configure it"))));
}

TEST(LoadAccessPolicyTest, MissingFileNamesThePath) {
  testing::TempDir dir;
  const std::string path = dir.File("absent.textproto");
  EXPECT_THAT(LoadAccessPolicy(path, Newsroom()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr(path), HasSubstr("No such file or directory"))));
}

TEST(LoadAccessPolicyTest, DirectoryIsNotAPolicy) {
  testing::TempDir dir;
  EXPECT_THAT(LoadAccessPolicy(dir.path(), Newsroom()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr(dir.path())));
}

TEST(LoadAccessPolicyTest, ErrorsInTheFileNameThePathAndKeepTheirDetails) {
  testing::TempDir dir;
  const std::string path = dir.File("policy.textproto");
  WriteFile(path, "grants {\n  principal: \"x\"\n  roles: ACCESS_ROLE_DESK\n}\n");
  absl::StatusOr<v1::AccessPolicy> policy = LoadAccessPolicy(path, Newsroom());
  EXPECT_THAT(policy, StatusIs(absl::StatusCode::kInvalidArgument,
                               AllOf(HasSubstr(path), HasSubstr("grants[0].languages"))));
  EXPECT_THAT(FieldViolationsOf(policy.status()),
              ElementsAre(Violation("grants[0].languages", HasSubstr("required"))));

  WriteFile(path, "grants {\n  principal: x\n}\n");
  EXPECT_THAT(LoadAccessPolicy(path, Newsroom()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(path), HasSubstr("line 2, column 14"))));
}

TEST(LoadAccessPolicyTest, TheProtoCommentsExampleParses) {
  // The example in AccessPolicy's comment is what operators copy: it must stay valid. Its lines
  // are the comment lines indented by four more spaces.
  std::ifstream proto(absl::StrCat(JISR_SOURCE_DIR, "/proto/jisr/v1/access_policy.proto"));
  std::string line, example;
  while (std::getline(proto, line)) {
    if (line.rfind("//     ", 0) == 0) absl::StrAppend(&example, line.substr(7), "\n");
  }
  ASSERT_THAT(example, HasSubstr("grants {"));
  JISR_ASSERT_OK_AND_ASSIGN(v1::AccessPolicy policy, ParseAccessPolicy(example, Newsroom()));
  EXPECT_EQ(policy.grants_size(), 2);
}

}  // namespace
}  // namespace jisr::access
