// Picture credits at the end of captions, in English and Arabic.
#include "clients/import/credits.h"

#include "gtest/gtest.h"

namespace jisr::import {
namespace {

TEST(CreditsTest, SplitsKnownCreditsSetOffFromTheCaption) {
  struct Case {
    const char* line;
    const char* caption;
    const char* credit;
  } cases[] = {
      {"Antony Blinken is in Beijing. AFP", "Antony Blinken is in Beijing.", "AFP"},
      {"Protesters in Paris. Photo: Reuters", "Protesters in Paris.", "Reuters"},
      {"The skyline at dusk (Getty Images)", "The skyline at dusk", "Getty Images"},
      {"The president arrives. AFP via Getty Images", "The president arrives.",
       "AFP via Getty Images"},
      {"Sheikh Mohamed receives the delegation | WAM", "Sheikh Mohamed receives the delegation",
       "WAM"},
      {"Traders on the floor. EPA-EFE", "Traders on the floor.", "EPA-EFE"},
      {"The port of Jebel Ali. Bloomberg", "The port of Jebel Ali.", "Bloomberg"},
      {"أنتوني بلينكن في بكين. أ ف ب", "أنتوني بلينكن في بكين.", "أ ف ب"},
      {"أنتوني بلينكن في بكين. ا ف ب", "أنتوني بلينكن في بكين.", "ا ف ب"},
      {"متظاهرون في باريس. رويترز", "متظاهرون في باريس.", "رويترز"},
      {"استقبال الوفد. صورة: وام", "استقبال الوفد.", "وام"},
  };
  for (const Case& c : cases) {
    const CaptionCredit split = SplitCaptionCredit(c.line);
    EXPECT_EQ(split.caption, c.caption) << c.line;
    EXPECT_EQ(split.credit, c.credit) << c.line;
  }
}

TEST(CreditsTest, LeavesWordsThatAreNotSetOffInTheCaption) {
  for (const char* line : {"Journalists at AP", "A meeting with Reuters", "AFP", "Only a caption.",
                           "He works for the AP news agency."}) {
    const CaptionCredit split = SplitCaptionCredit(line);
    EXPECT_EQ(split.caption, line);
    EXPECT_EQ(split.credit, "") << line;
  }
}

TEST(CreditsTest, KnownCreditsCompareLoosely) {
  EXPECT_TRUE(IsKnownCredit("AFP"));
  EXPECT_TRUE(IsKnownCredit("afp"));
  EXPECT_TRUE(IsKnownCredit("أ.ف.ب"));
  EXPECT_TRUE(IsKnownCredit("Getty Images"));
  EXPECT_FALSE(IsKnownCredit("Images"));
  EXPECT_FALSE(IsKnownCredit(""));
}

}  // namespace
}  // namespace jisr::import
