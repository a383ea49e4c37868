// Stories (services/articles/stories.h), over a real SQLite file: what an editor relies on when
// creating a story (title stored in NFC and trimmed, a chosen story_id refused when taken, bad
// fields named, validate_only and request_id retries), updating it (etags, AIP-134 partial
// updates, the hreflang x-default readers get), and deleting and undeleting it with its variants.
#include "google/protobuf/util/time_util.h"
#include "services/articles/newsroom.h"
#include "services/common/errors.h"
#include "tests/articles/domain_test_support.h"

namespace jisr::articles {
namespace {

using ::google::protobuf::util::TimeUtil;
using ::jisr::testing::Editor;
using ::jisr::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
namespace v1 = ::jisr::v1;

class StoriesTest : public domain_test::DomainTest {
 protected:
  absl::StatusOr<v1::Story> CreateStory(const std::string& title,
                                        const std::string& x_default_language = "",
                                        const std::string& story_id = "") {
    v1::CreateStoryRequest request;
    request.mutable_story()->set_title(title);
    request.mutable_story()->set_x_default_language(x_default_language);
    request.set_story_id(story_id);
    return newsroom().stories().CreateStory(request, Editor());
  }

  absl::StatusOr<v1::Story> GetStory(const std::string& name) {
    v1::GetStoryRequest request;
    request.set_name(name);
    return newsroom().stories().GetStory(request, Editor());
  }

  int StoryCount() {
    v1::ListStoriesRequest request;
    request.set_show_deleted(true);
    request.set_page_size(100);
    auto list = newsroom().stories().ListStories(request, Editor());
    EXPECT_TRUE(list.ok()) << list.status();
    return list.ok() ? list->stories_size() : -1;
  }

  static std::vector<std::string> FieldsOf(const absl::Status& status) {
    std::vector<std::string> fields;
    for (const auto& v : FieldViolationsOf(status)) fields.push_back(v.field);
    return fields;
  }
};

TEST_F(StoriesTest, CreateStoryStoresTheTitleInNfcAndTrimmed) {
  // "é" typed as e + combining acute, with spaces around the title.
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story story, CreateStory("  Caf\x65\xcc\x81 talks  ", "ar"));
  EXPECT_EQ(story.title(), "Caf\xc3\xa9 talks");
  EXPECT_EQ(story.x_default_language(), "ar");
  EXPECT_FALSE(story.etag().empty());
  EXPECT_THAT(story.variants(), SizeIs(0));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story stored, GetStory(story.name()));
  EXPECT_EQ(stored.title(), "Caf\xc3\xa9 talks") << "stored as answered";
}

TEST_F(StoriesTest, CreateStoryWithATakenStoryIdIsAlreadyExistsAndKeepsTheFirst) {
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story first, CreateStory("Geneva talks", "", "geneva-talks"));
  EXPECT_EQ(first.name(), "stories/geneva-talks");
  auto taken = CreateStory("Another story", "", "geneva-talks");
  EXPECT_THAT(taken, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(ErrorReason(taken.status()), "STORY_EXISTS");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story kept, GetStory("stories/geneva-talks"));
  EXPECT_EQ(kept.title(), "Geneva talks");
  EXPECT_EQ(kept.etag(), first.etag());
}

TEST_F(StoriesTest, CreateStoryNamesEachBadFieldAndWritesNothing) {
  auto bad_id = CreateStory("Title", "", "9starts-with-digit");
  EXPECT_THAT(bad_id, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldsOf(bad_id.status()), ElementsAre("story_id"));

  auto unknown_language = CreateStory("Title", "fr");
  EXPECT_THAT(unknown_language, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldsOf(unknown_language.status()), ElementsAre("story.x_default_language"));

  auto both = CreateStory("Title", "fr", "Not Valid");
  EXPECT_THAT(FieldsOf(both.status()),
              ::testing::UnorderedElementsAre("story_id", "story.x_default_language"));
  EXPECT_EQ(StoryCount(), 0);
  EXPECT_THAT(Events(), SizeIs(0));
}

TEST_F(StoriesTest, CreateStoryValidateOnlyAnswersWithoutWriting) {
  v1::CreateStoryRequest request;
  request.mutable_story()->set_title("Just checking");
  request.set_story_id("checked");
  request.set_validate_only(true);
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story would_be,
                            newsroom().stories().CreateStory(request, Editor()));
  EXPECT_EQ(would_be.name(), "stories/checked");
  EXPECT_EQ(would_be.title(), "Just checking");
  EXPECT_THAT(GetStory("stories/checked"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(StoryCount(), 0);
  EXPECT_THAT(Events(), SizeIs(0));

  request.set_validate_only(false);
  JISR_ASSERT_OK(newsroom().stories().CreateStory(request, Editor()));
  EXPECT_EQ(StoryCount(), 1) << "the id was not taken by the check";
}

TEST_F(StoriesTest, CreateStoryRetriedWithItsRequestIdReturnsTheFirstResponse) {
  v1::CreateStoryRequest request;
  request.mutable_story()->set_title("Retried");
  request.set_request_id("4f1c9a2e-7b1d-4c55-8e0f-2d6b3a9c1e77");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story first, newsroom().stories().CreateStory(request, Editor()));
  env_.clock().Advance(absl::Minutes(1));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story second, newsroom().stories().CreateStory(request, Editor()));
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
  EXPECT_EQ(StoryCount(), 1) << "the server-chosen id did not make a second story";
}

TEST_F(StoriesTest, UpdateStoryWithAStaleEtagIsAbortedAndChangesNothing) {
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story story, CreateStory("First title"));
  v1::UpdateStoryRequest update;
  update.mutable_story()->set_name(story.name());
  update.mutable_story()->set_etag(story.etag());
  update.mutable_story()->set_title("Second title");
  JISR_ASSERT_OK(newsroom().stories().UpdateStory(update, Editor()));
  update.mutable_story()->set_title("Lost update");
  auto stale = newsroom().stories().UpdateStory(update, Editor());
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(ErrorReason(stale.status()), "ETAG_MISMATCH");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story now, GetStory(story.name()));
  EXPECT_EQ(now.title(), "Second title");
}

TEST_F(StoriesTest, UpdateStoryOfADeletedStoryIsAFailedPrecondition) {
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story story, CreateStory("Short-lived"));
  v1::DeleteStoryRequest del;
  del.set_name(story.name());
  JISR_ASSERT_OK(newsroom().stories().DeleteStory(del, Editor()));
  v1::UpdateStoryRequest update;
  update.mutable_story()->set_name(story.name());
  update.mutable_story()->set_title("Edited while deleted");
  auto refused = newsroom().stories().UpdateStory(update, Editor());
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(refused.status()), "STORY_DELETED");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story kept, GetStory(story.name()));
  EXPECT_EQ(kept.title(), "Short-lived");
}

TEST_F(StoriesTest, UpdateStoryWithoutAMaskChangesOnlyTheFieldsSent) {
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story story, CreateStory("Working title", "en"));
  v1::UpdateStoryRequest update;
  update.mutable_story()->set_name(story.name());
  update.mutable_story()->set_x_default_language("ar");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story updated, newsroom().stories().UpdateStory(update, Editor()));
  EXPECT_EQ(updated.x_default_language(), "ar");
  EXPECT_EQ(updated.title(), "Working title") << "a title not sent is kept";

  update.mutable_story()->clear_x_default_language();
  update.mutable_story()->set_title("Final title");
  JISR_ASSERT_OK_AND_ASSIGN(updated, newsroom().stories().UpdateStory(update, Editor()));
  EXPECT_EQ(updated.title(), "Final title");
  EXPECT_EQ(updated.x_default_language(), "ar") << "an x-default not sent is kept";
}

TEST_F(StoriesTest, UpdateStoryWithAStarMaskReplacesBothFields) {
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story story, CreateStory("Working title", "ar"));
  v1::UpdateStoryRequest update;
  update.mutable_story()->set_name(story.name());
  update.mutable_story()->set_title("Only the title sent");
  update.mutable_update_mask()->add_paths("*");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story updated, newsroom().stories().UpdateStory(update, Editor()));
  EXPECT_EQ(updated.title(), "Only the title sent");
  EXPECT_EQ(updated.x_default_language(), "") << "\"*\" clears what the request leaves unset";
}

TEST_F(StoriesTest, UpdateStoryWithAnUnknownMaskPathNamesUpdateMask) {
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story story, CreateStory("Working title"));
  v1::UpdateStoryRequest update;
  update.mutable_story()->set_name(story.name());
  update.mutable_story()->set_title("Not applied");
  update.mutable_update_mask()->add_paths("title");
  update.mutable_update_mask()->add_paths("variants");
  auto bad = newsroom().stories().UpdateStory(update, Editor());
  EXPECT_THAT(bad, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldsOf(bad.status()), ElementsAre("update_mask"));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story kept, GetStory(story.name()));
  EXPECT_EQ(kept.title(), "Working title");
  EXPECT_EQ(kept.etag(), story.etag());
}

TEST_F(StoriesTest, UpdateStoryMovesItsEtagAndModifyTime) {
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story story, CreateStory("Working title"));
  env_.clock().Advance(absl::Minutes(10));
  v1::UpdateStoryRequest update;
  update.mutable_story()->set_name(story.name());
  update.mutable_story()->set_etag(story.etag());
  update.mutable_story()->set_title("Renamed");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story updated, newsroom().stories().UpdateStory(update, Editor()));
  EXPECT_NE(updated.etag(), story.etag());
  EXPECT_EQ(TimeUtil::ToString(updated.modify_time()), "2024-03-01T08:10:00Z");
  EXPECT_EQ(updated.create_time(), story.create_time());
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story read, GetStory(story.name()));
  EXPECT_EQ(read.etag(), updated.etag());
  EXPECT_EQ(read.modify_time(), updated.modify_time());
  int story_updates = 0;
  for (const auto& e : Events()) story_updates += e.kind() == v1::CHANGE_KIND_STORY_UPDATED;
  EXPECT_EQ(story_updates, 1);
}

TEST_F(StoriesTest, TheStorysXDefaultLanguageIsTheXDefaultReadersGet) {
  v1::Variant en = Create("en", "English headline");
  v1::Variant ar = Create("ar", "عنوان عربي", "", en.name());
  JISR_ASSERT_OK(Publish(en.name()));
  JISR_ASSERT_OK(Publish(ar.name()));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant page, Read(en.name()));
  ASSERT_THAT(page.alternates(), SizeIs(2));
  EXPECT_TRUE(page.alternates(0).x_default()) << "the newsroom's default language, en";

  v1::UpdateStoryRequest update;
  update.mutable_story()->set_name(en.story());
  update.mutable_story()->set_x_default_language("ar");
  JISR_ASSERT_OK(newsroom().stories().UpdateStory(update, Editor()));
  JISR_ASSERT_OK_AND_ASSIGN(page, Read(en.name()));
  ASSERT_THAT(page.alternates(), SizeIs(2));
  EXPECT_EQ(page.alternates(1).language(), "ar");
  EXPECT_FALSE(page.alternates(0).x_default());
  EXPECT_TRUE(page.alternates(1).x_default()) << "the published page follows the story at once";
}

TEST_F(StoriesTest, DeletingAStoryWithVariantsNeedsForceAndUndeleteRestoresThem) {
  v1::Variant v = Create("en", "Story to delete");
  v1::DeleteStoryRequest del;
  del.set_name(v.story());
  EXPECT_THAT(newsroom().stories().DeleteStory(del, Editor()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  del.set_force(true);
  JISR_ASSERT_OK(newsroom().stories().DeleteStory(del, Editor()));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant gone, Read(v.name(), v1::VARIANT_VIEW_LATEST));
  EXPECT_TRUE(gone.has_delete_time());
  v1::UndeleteStoryRequest undelete;
  undelete.set_name(v.story());
  JISR_ASSERT_OK(newsroom().stories().UndeleteStory(undelete, Editor()));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant back, Read(v.name(), v1::VARIANT_VIEW_LATEST));
  EXPECT_FALSE(back.has_delete_time());
}

// An update that changes nothing writes nothing: the etag stays, so an editor holding it is not
// aborted, and no event tells watchers of a change that did not happen.
TEST_F(StoriesTest, UpdateStoryThatChangesNothingKeepsTheEtagAndAnnouncesNothing) {
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story story, CreateStory("Working title"));
  const size_t events = Events().size();
  v1::UpdateStoryRequest update;
  update.mutable_story()->set_name(story.name());
  update.mutable_story()->set_title("Working title");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story same, newsroom().stories().UpdateStory(update, Editor()));
  EXPECT_EQ(same.etag(), story.etag());
  EXPECT_EQ(Events().size(), events);
}

// AIP-134: the fields outside the mask are ignored, bad values included.
TEST_F(StoriesTest, UpdateStoryIgnoresFieldsOutsideTheMask) {
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story story, CreateStory("Working title"));
  v1::UpdateStoryRequest update;
  update.mutable_story()->set_name(story.name());
  update.mutable_story()->set_title("Renamed");
  update.mutable_story()->set_x_default_language("fr");  // not configured, and not in the mask
  update.mutable_update_mask()->add_paths("title");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story updated, newsroom().stories().UpdateStory(update, Editor()));
  EXPECT_EQ(updated.title(), "Renamed");
  EXPECT_EQ(updated.x_default_language(), "");
}

// "*" means every field and stands alone; with other paths it is a mistake, named as such.
TEST_F(StoriesTest, UpdateStoryWithStarAmongOtherPathsNamesUpdateMask) {
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story story, CreateStory("Working title"));
  v1::UpdateStoryRequest update;
  update.mutable_story()->set_name(story.name());
  update.mutable_update_mask()->add_paths("*");
  update.mutable_update_mask()->add_paths("title");
  auto bad = newsroom().stories().UpdateStory(update, Editor());
  EXPECT_THAT(bad, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("alone")));
  EXPECT_THAT(FieldsOf(bad.status()), ElementsAre("update_mask"));
}

}  // namespace
}  // namespace jisr::articles
