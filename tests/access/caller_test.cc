// Caller (services/access/caller.h): the permissions each role holds, desks' languages, and the
// stable names errors and the audit log use.
#include "services/access/caller.h"

#include <initializer_list>

#include "gtest/gtest.h"

namespace jisr::access {
namespace {

constexpr Permission kAllPermissions[] = {Permission::kReadPublished, Permission::kReadDrafts,
                                          Permission::kWriteVariants, Permission::kWriteStories,
                                          Permission::kAdminister};

Caller WithRoles(std::initializer_list<Role> roles,
                 std::initializer_list<const char*> languages = {}) {
  Caller caller;
  caller.anonymous = false;
  caller.principal = "p";
  caller.roles.insert(roles.begin(), roles.end());
  caller.desk_languages.insert(languages.begin(), languages.end());
  return caller;
}

// Which of kAllPermissions the caller holds, in order, as a string of 0 and 1.
std::string Holds(const Caller& caller) {
  std::string out;
  for (Permission p : kAllPermissions) out += caller.Has(p) ? '1' : '0';
  return out;
}

TEST(CallerTest, EachRoleHoldsItsPermissions) {
  //                                              published drafts variants stories administer
  EXPECT_EQ(Holds(WithRoles({})), "00000");
  EXPECT_EQ(Holds(WithRoles({Role::kReader})), "10000");
  EXPECT_EQ(Holds(WithRoles({Role::kDesk}, {"ar"})), "11100");
  EXPECT_EQ(Holds(WithRoles({Role::kEditor})), "11110");
  EXPECT_EQ(Holds(WithRoles({Role::kAdmin})), "11111");
}

TEST(CallerTest, RolesAddUp) {
  EXPECT_EQ(Holds(WithRoles({Role::kReader, Role::kDesk}, {"en"})), "11100");
  EXPECT_EQ(Holds(WithRoles({Role::kDesk, Role::kAdmin}, {"en"})), "11111");
}

TEST(CallerTest, SeesDraftsBeyondReaders) {
  EXPECT_FALSE(WithRoles({}).SeesDrafts());
  EXPECT_FALSE(WithRoles({Role::kReader}).SeesDrafts());
  EXPECT_TRUE(WithRoles({Role::kDesk}, {"ar"}).SeesDrafts());
  EXPECT_TRUE(WithRoles({Role::kEditor}).SeesDrafts());
  EXPECT_TRUE(WithRoles({Role::kAdmin}).SeesDrafts());
}

TEST(CallerTest, MayWriteLanguageForEachRole) {
  for (const char* language : {"en", "ar", "fr"}) {
    EXPECT_FALSE(WithRoles({}).MayWriteLanguage(language)) << language;
    EXPECT_FALSE(WithRoles({Role::kReader}).MayWriteLanguage(language)) << language;
    EXPECT_TRUE(WithRoles({Role::kEditor}).MayWriteLanguage(language)) << language;
    EXPECT_TRUE(WithRoles({Role::kAdmin}).MayWriteLanguage(language)) << language;
  }
  Caller arabic = WithRoles({Role::kDesk}, {"ar"});
  EXPECT_TRUE(arabic.MayWriteLanguage("ar"));
  EXPECT_FALSE(arabic.MayWriteLanguage("en"));
  EXPECT_FALSE(arabic.MayWriteLanguage("AR"));  // codes are matched exactly
  EXPECT_FALSE(arabic.MayWriteLanguage(""));
  Caller both = WithRoles({Role::kDesk}, {"ar", "en"});
  EXPECT_TRUE(both.MayWriteLanguage("ar"));
  EXPECT_TRUE(both.MayWriteLanguage("en"));
  EXPECT_FALSE(both.MayWriteLanguage("fr"));
}

TEST(CallerTest, LanguagesWithoutADeskGiveNothing) {
  EXPECT_FALSE(WithRoles({Role::kReader}, {"ar"}).MayWriteLanguage("ar"));
  EXPECT_FALSE(WithRoles({}, {"ar"}).MayWriteLanguage("ar"));
  EXPECT_FALSE(WithRoles({Role::kDesk}).MayWriteLanguage("ar"));
}

TEST(CallerTest, StableNames) {
  EXPECT_EQ(RoleName(Role::kReader), "reader");
  EXPECT_EQ(RoleName(Role::kDesk), "desk");
  EXPECT_EQ(RoleName(Role::kEditor), "editor");
  EXPECT_EQ(RoleName(Role::kAdmin), "admin");
  EXPECT_EQ(PermissionName(Permission::kReadPublished), "content.read_published");
  EXPECT_EQ(PermissionName(Permission::kReadDrafts), "content.read_drafts");
  EXPECT_EQ(PermissionName(Permission::kWriteVariants), "variants.write");
  EXPECT_EQ(PermissionName(Permission::kWriteStories), "stories.write");
  EXPECT_EQ(PermissionName(Permission::kAdminister), "newsroom.administer");
}

TEST(CallerTest, DefaultIsAnonymousWithNothing) {
  Caller caller;
  EXPECT_TRUE(caller.anonymous);
  EXPECT_EQ(Holds(caller), "00000");
}

}  // namespace
}  // namespace jisr::access
