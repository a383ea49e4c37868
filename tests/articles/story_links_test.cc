// StoryLinks (services/articles/story_links.h), over a real SQLite file: assembling a
// translation pair by hand. Linking moves a variant into another story (the story it leaves is
// deleted when empty) and refuses a second variant of a language; unlinking moves a variant into
// a story of its own.
#include "services/articles/newsroom.h"
#include "services/common/errors.h"
#include "tests/articles/domain_test_support.h"

namespace jisr::articles {
namespace {

using ::jisr::testing::Editor;
using ::jisr::testing::StatusIs;
using ::testing::SizeIs;
namespace v1 = ::jisr::v1;

class StoryLinksTest : public domain_test::DomainTest {};

TEST_F(StoryLinksTest, LinkingTwoDesksStoriesMergesThemAndRefusesASecondVariantOfOneLanguage) {
  v1::Variant en = Create("en", "Written by the English desk");
  v1::Variant ar = Create("ar", "كتبه القسم العربي");
  ASSERT_NE(en.story(), ar.story());
  v1::LinkVariantRequest link;
  link.set_name(ar.name());
  link.set_story(en.story());
  link.set_etag(ar.etag());
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant linked,
                            newsroom().story_links().LinkVariant(link, Editor()));
  EXPECT_EQ(linked.story(), en.story());
  v1::GetStoryRequest get_old;
  get_old.set_name(ar.story());
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story old_story, newsroom().stories().GetStory(get_old, Editor()));
  EXPECT_TRUE(old_story.has_delete_time()) << "the story left empty is deleted";

  v1::Variant other_en = Create("en", "Another English piece");
  v1::LinkVariantRequest conflict;
  conflict.set_name(other_en.name());
  conflict.set_story(en.story());
  auto refused = newsroom().story_links().LinkVariant(conflict, Editor());
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(refused.status()), "LANGUAGE_TAKEN");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant unchanged, Read(other_en.name(), v1::VARIANT_VIEW_LATEST));
  EXPECT_EQ(unchanged.story(), other_en.story());
  EXPECT_EQ(unchanged.etag(), other_en.etag());
  v1::GetStoryRequest get;
  get.set_name(en.story());
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story story, newsroom().stories().GetStory(get, Editor()));
  ASSERT_THAT(story.variants(), SizeIs(2));
  EXPECT_EQ(story.variants(0).language(), "en");
  EXPECT_EQ(story.variants(1).language(), "ar");
}

TEST_F(StoryLinksTest, UnlinkMovesAVariantIntoAStoryOfItsOwn) {
  v1::Variant en = Create("en", "Shared story");
  v1::Variant ar = Create("ar", "قصة مشتركة", "", en.name());
  v1::UnlinkVariantRequest unlink;
  unlink.set_name(ar.name());
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant alone,
                            newsroom().story_links().UnlinkVariant(unlink, Editor()));
  EXPECT_NE(alone.story(), en.story());
  EXPECT_THAT(alone.alternates(), SizeIs(1));
  auto again = newsroom().story_links().UnlinkVariant(unlink, Editor());
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(again.status()), "ALONE_IN_STORY");
}

}  // namespace
}  // namespace jisr::articles
