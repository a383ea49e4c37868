// ResolveCaller: what an identity gets from a policy, on small policies and on the example
// newsroom policy in testdata/.
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/access/access_policy.h"
#include "tests/access/policy_test_support.h"
#include "tests/testing/status_matchers.h"

namespace jisr::access {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

identity::Identity Anonymous() { return identity::Identity(); }

identity::Identity Certificate(std::string principal) {
  identity::Identity id;
  id.source = identity::IdentitySource::kCertificate;
  id.principal = std::move(principal);
  return id;
}

identity::Identity Token(std::string subject,
                         std::vector<std::pair<std::string, std::string>> claims,
                         std::string name = "") {
  identity::Identity id;
  id.source = identity::IdentitySource::kToken;
  id.principal = std::move(subject);
  id.display_name = std::move(name);
  id.claims = std::move(claims);
  return id;
}

v1::AccessPolicy Parse(absl::string_view text) {
  absl::StatusOr<v1::AccessPolicy> policy = ParseAccessPolicy(text, Newsroom());
  EXPECT_TRUE(policy.ok()) << policy.status();
  return policy.value_or(v1::AccessPolicy());
}

constexpr char kDesks[] = R"pb(
  grants {
    claim { claim: "groups" value: "arabic-desk" }
    roles: ACCESS_ROLE_DESK
    languages: "ar"
    display_name: "Arabic desk"
  }
  grants {
    claim { claim: "groups" value: "english-desk" }
    roles: ACCESS_ROLE_DESK
    languages: "en"
    display_name: "English desk"
  }
  grants { principal: "user-42" roles: ACCESS_ROLE_READER }
)pb";

TEST(ResolveCallerTest, UnionOfEveryMatchingGrant) {
  Caller caller = ResolveCaller(
      Parse(kDesks), Token("user-42", {{"groups", "arabic-desk"}, {"groups", "english-desk"}}),
      /*anonymous_is_reader=*/false);
  EXPECT_FALSE(caller.anonymous);
  EXPECT_EQ(caller.principal, "user-42");
  EXPECT_THAT(caller.roles, ElementsAre(Role::kReader, Role::kDesk));
  EXPECT_THAT(caller.desk_languages, ElementsAre("ar", "en"));
}

TEST(ResolveCallerTest, ClaimMatchesAnyValueOfAnArrayClaim) {
  // A "groups": ["english-desk", "photo"] claim arrives as one pair per element.
  Caller caller = ResolveCaller(
      Parse(kDesks), Token("user-7", {{"groups", "english-desk"}, {"groups", "photo"}}), false);
  EXPECT_THAT(caller.roles, ElementsAre(Role::kDesk));
  EXPECT_THAT(caller.desk_languages, ElementsAre("en"));
}

TEST(ResolveCallerTest, ClaimMatchIsExact) {
  v1::AccessPolicy policy = Parse(kDesks);
  EXPECT_THAT(ResolveCaller(policy, Token("u", {{"groups", "Arabic-Desk"}}), false).roles,
              IsEmpty());
  EXPECT_THAT(ResolveCaller(policy, Token("u", {{"roles", "arabic-desk"}}), false).roles,
              IsEmpty());
  EXPECT_THAT(ResolveCaller(policy, Token("u", {{"groups", "arabic-desk "}}), false).roles,
              IsEmpty());
}

TEST(ResolveCallerTest, PrincipalMatchIsExactAndIgnoresTheSource) {
  v1::AccessPolicy policy = Parse(kDesks);
  EXPECT_THAT(ResolveCaller(policy, Certificate("user-42"), false).roles,
              ElementsAre(Role::kReader));
  EXPECT_THAT(ResolveCaller(policy, Certificate("USER-42"), false).roles, IsEmpty());
  // A certificate carries no claims, so no claim grant matches it.
  EXPECT_THAT(ResolveCaller(policy, Certificate("arabic-desk"), false).roles, IsEmpty());
}

TEST(ResolveCallerTest, DisplayNameFromIdentityThenFirstGrantThenPrincipal) {
  v1::AccessPolicy policy = Parse(kDesks);
  const std::vector<std::pair<std::string, std::string>> both = {{"groups", "english-desk"},
                                                                 {"groups", "arabic-desk"}};
  EXPECT_EQ(ResolveCaller(policy, Token("u", both, "Huda Saleh"), false).display_name,
            "Huda Saleh");
  // The first grant in the file, not the first claim of the token.
  EXPECT_EQ(ResolveCaller(policy, Token("u", both), false).display_name, "Arabic desk");
  EXPECT_EQ(ResolveCaller(policy, Token("user-42", {}), false).display_name, "user-42");
}

TEST(ResolveCallerTest, AnonymousIsAReaderOnlyWhenAllowed) {
  v1::AccessPolicy policy = Parse(kDesks);
  Caller reader = ResolveCaller(policy, Anonymous(), /*anonymous_is_reader=*/true);
  EXPECT_TRUE(reader.anonymous);
  EXPECT_EQ(reader.principal, "");
  EXPECT_THAT(reader.roles, ElementsAre(Role::kReader));
  EXPECT_TRUE(reader.Has(Permission::kReadPublished));
  EXPECT_FALSE(reader.SeesDrafts());

  Caller nobody = ResolveCaller(policy, Anonymous(), /*anonymous_is_reader=*/false);
  EXPECT_TRUE(nobody.anonymous);
  EXPECT_THAT(nobody.roles, IsEmpty());
  EXPECT_FALSE(nobody.Has(Permission::kReadPublished));
}

TEST(ResolveCallerTest, AnonymousMatchesNoGrant) {
  // Whatever an anonymous identity happens to hold, the policy names verified callers only.
  identity::Identity id = Anonymous();
  id.principal = "user-42";
  id.claims = {{"groups", "arabic-desk"}};
  Caller caller = ResolveCaller(Parse(kDesks), id, false);
  EXPECT_THAT(caller.roles, IsEmpty());
  EXPECT_THAT(caller.desk_languages, IsEmpty());
  EXPECT_EQ(caller.principal, "");
}

TEST(ResolveCallerTest, VerifiedCallerNoGrantNamesGetsNoRoleEvenWhereAnonymousReads) {
  Caller caller = ResolveCaller(Parse(kDesks), Certificate("spiffe://newsroom.example/unknown"),
                                /*anonymous_is_reader=*/true);
  EXPECT_FALSE(caller.anonymous);
  EXPECT_THAT(caller.roles, IsEmpty());
  EXPECT_FALSE(caller.Has(Permission::kReadPublished));
  EXPECT_EQ(caller.display_name, "spiffe://newsroom.example/unknown");
}

TEST(ResolveCallerTest, LanguagesCountOnlyWithADeskRole) {
  // The checks refuse such a grant; resolving an unchecked one must not widen anything either.
  v1::AccessPolicy policy;
  v1::AccessGrant* grant = policy.add_grants();
  grant->set_principal("p");
  grant->add_roles(v1::ACCESS_ROLE_READER);
  grant->add_languages("ar");
  Caller caller = ResolveCaller(policy, Certificate("p"), false);
  EXPECT_THAT(caller.roles, ElementsAre(Role::kReader));
  EXPECT_THAT(caller.desk_languages, IsEmpty());
  EXPECT_FALSE(caller.MayWriteLanguage("ar"));
}

class ExamplePolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<v1::AccessPolicy> policy = LoadAccessPolicy(ExamplePolicyPath(), Newsroom());
    ASSERT_TRUE(policy.ok()) << policy.status();
    policy_ = *std::move(policy);
  }
  Caller Resolve(const identity::Identity& id) { return ResolveCaller(policy_, id, false); }

  v1::AccessPolicy policy_;
};

TEST_F(ExamplePolicyTest, ParsesWithEveryClient) { EXPECT_EQ(policy_.grants_size(), 7); }

TEST_F(ExamplePolicyTest, ArabicDeskWritesArabicOnly) {
  Caller desk = Resolve(Token("u-1", {{"groups", "arabic-desk"}}));
  EXPECT_THAT(desk.roles, ElementsAre(Role::kDesk));
  EXPECT_TRUE(desk.SeesDrafts());
  EXPECT_TRUE(desk.MayWriteLanguage("ar"));
  EXPECT_FALSE(desk.MayWriteLanguage("en"));
  EXPECT_FALSE(desk.Has(Permission::kWriteStories));
  EXPECT_EQ(desk.display_name, "مكتب الأخبار العربية");
}

TEST_F(ExamplePolicyTest, EnglishDeskWritesEnglishOnly) {
  Caller desk = Resolve(Token("u-2", {{"groups", "english-desk"}}, "Tom Reid"));
  EXPECT_TRUE(desk.MayWriteLanguage("en"));
  EXPECT_FALSE(desk.MayWriteLanguage("ar"));
  EXPECT_EQ(desk.display_name, "Tom Reid");
}

TEST_F(ExamplePolicyTest, EditorsAndAdmins) {
  Caller editor = Resolve(Token("u-3", {{"groups", "editors"}, {"groups", "arabic-desk"}}));
  EXPECT_THAT(editor.roles, ElementsAre(Role::kDesk, Role::kEditor));
  EXPECT_TRUE(editor.MayWriteLanguage("en"));
  EXPECT_TRUE(editor.Has(Permission::kWriteStories));
  EXPECT_FALSE(editor.Has(Permission::kAdminister));

  Caller admin = Resolve(Token("u-4", {{"groups", "newsroom-admins"}}));
  EXPECT_THAT(admin.roles, ElementsAre(Role::kAdmin));
  EXPECT_TRUE(admin.Has(Permission::kAdminister));
  EXPECT_EQ(admin.display_name, "u-4");
}

TEST_F(ExamplePolicyTest, RenderersAndTheIndexerReadPublishedContentOnly) {
  for (const char* principal :
       {"spiffe://newsroom.example/ns/web/sa/renderer",
        "spiffe://newsroom.example/ns/apps/sa/renderer", "search-indexer.newsroom.example"}) {
    Caller service = Resolve(Certificate(principal));
    EXPECT_THAT(service.roles, ElementsAre(Role::kReader)) << principal;
    EXPECT_TRUE(service.Has(Permission::kReadPublished)) << principal;
    EXPECT_FALSE(service.SeesDrafts()) << principal;
  }
  EXPECT_EQ(Resolve(Certificate("spiffe://newsroom.example/ns/web/sa/renderer")).display_name,
            "Web renderer");
  EXPECT_EQ(Resolve(Certificate("search-indexer.newsroom.example")).display_name, "Search indexer");
}

TEST_F(ExamplePolicyTest, UnnamedClientsGetNothing) {
  EXPECT_THAT(Resolve(Certificate("spiffe://newsroom.example/ns/web/sa/preview")).roles, IsEmpty());
  EXPECT_THAT(Resolve(Token("u-5", {{"groups", "sports"}})).roles, IsEmpty());
}

}  // namespace
}  // namespace jisr::access
