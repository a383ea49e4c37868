// PurgeVariant on both engines: after a purge no trace of the variant's text is left in any
// table (read straight from the database, not through the storage), reads of it are NOT_FOUND,
// its revisions keep no content, its siblings no longer link to it, nothing can change it again,
// and only an administrator may purge.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "services/common/errors.h"
#include "tests/articles/engine_test_support.h"

namespace jisr::articles::engine_test {
namespace {

namespace v1 = ::jisr::v1;
using ::jisr::testing::Admin;
using ::jisr::testing::Editor;
using ::jisr::testing::IsOk;
using ::jisr::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// In every text of the purged variant (folded the same in its search keys).
constexpr char kMarker[] = "zqxjwv";

v1::Block Paragraph(const std::string& text) {
  v1::Block block;
  block.mutable_paragraph()->set_text(text);
  return block;
}

class PurgeTest : public EngineDomainTest {
 protected:
  // An English variant whose every text holds the marker (its story's title too, taken from
  // its headline), with a second revision, published, corrected, and an Arabic translation
  // published beside it; every write records its request_id.
  void SetUp() override {
    EngineDomainTest::SetUp();
    if (HasFatalFailure()) return;
    v1::CreateVariantRequest en;
    en.set_request_id("create-en");
    v1::Variant& content = *en.mutable_variant();
    content.set_language("en");
    content.set_slug("council-vote");
    content.set_headline(absl::StrCat("Council names ", kMarker, " in inquiry"));
    content.set_standfirst(absl::StrCat("The ", kMarker, " affair"));
    content.add_tags(kMarker);
    content.add_byline()->set_name(absl::StrCat("A. ", kMarker));
    *content.add_blocks() = Paragraph(absl::StrCat("The council said ", kMarker, " lied."));
    JISR_ASSERT_OK_AND_ASSIGN(en_, newsroom().variant_editing().CreateVariant(en, Editor()));
    v1::UpdateVariantRequest update;
    update.set_request_id("update-en");
    *update.mutable_variant() = en_;
    update.mutable_variant()->mutable_blocks(0)->mutable_paragraph()->set_text(
        absl::StrCat("The council said ", kMarker, " lied twice."));
    update.mutable_update_mask()->add_paths("blocks");
    update.set_change_note(absl::StrCat("added what ", kMarker, " said"));
    JISR_ASSERT_OK_AND_ASSIGN(en_, newsroom().variant_editing().UpdateVariant(update, Editor()));

    v1::CreateVariantRequest ar;
    ar.set_request_id("create-ar");
    ar.mutable_variant()->set_language("ar");
    ar.mutable_variant()->set_headline("المجلس يسمي متهما");
    ar.mutable_variant()->mutable_translation_source()->set_variant(en_.name());
    *ar.mutable_variant()->add_blocks() = Paragraph("قال المجلس ذلك.");
    JISR_ASSERT_OK_AND_ASSIGN(ar_, newsroom().variant_editing().CreateVariant(ar, Editor()));
    v1::BatchPublishVariantsRequest publish;
    publish.set_request_id("publish-both");
    publish.add_names(en_.name());
    publish.add_names(ar_.name());
    JISR_ASSERT_OK(newsroom().publishing().BatchPublishVariants(publish, Editor()));
    v1::AddCorrectionRequest correct;
    correct.set_request_id("correct-en");
    correct.set_name(en_.name());
    correct.mutable_correction()->set_text(absl::StrCat("We misspelled ", kMarker, "."));
    JISR_ASSERT_OK(newsroom().corrections().AddCorrection(correct, Editor()));
    // The readers' view goes into the published cache.
    JISR_ASSERT_OK(Read(en_.name(), v1::VARIANT_VIEW_PUBLISHED));
    ASSERT_THAT(Holding(), ::testing::Not(IsEmpty())) << "the marker must be there to begin with";
  }

  absl::StatusOr<v1::Variant> Purge(const articles::CallContext& caller,
                                    const std::string& reason = "Court order 2024/117") {
    v1::PurgeVariantRequest request;
    request.set_name(en_.name());
    request.set_reason(reason);
    request.set_request_id("purge-en");
    return newsroom().variant_purging().PurgeVariant(request, caller);
  }

  absl::StatusOr<v1::Variant> Read(const std::string& name, v1::VariantView view) {
    v1::GetVariantRequest request;
    request.set_name(name);
    request.set_view(view);
    return newsroom().variant_reading().GetVariant(request, Editor());
  }

  std::vector<std::string> Holding() {
    absl::StatusOr<std::vector<std::string>> tables = database().TablesHolding(kMarker);
    EXPECT_THAT(tables, IsOk());
    return tables.value_or(std::vector<std::string>{"(unreadable)"});
  }

  v1::Variant en_;
  v1::Variant ar_;
};

TEST_P(PurgeTest, NoTraceOfTheTextIsLeftInAnyTable) {
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant tombstone, Purge(Admin()));
  EXPECT_THAT(Holding(), IsEmpty());

  EXPECT_EQ(tombstone.name(), en_.name());
  EXPECT_EQ(tombstone.slug(), "council-vote");
  EXPECT_TRUE(tombstone.headline().empty());
  EXPECT_THAT(tombstone.blocks(), IsEmpty());
  EXPECT_THAT(tombstone.corrections(), IsEmpty());
  EXPECT_TRUE(tombstone.has_delete_time());
  EXPECT_EQ(tombstone.purge().author(), "admin@newsroom.test");
  EXPECT_EQ(tombstone.purge().reason(), "Court order 2024/117");
  // A retry within the window gets the tombstone again, and purges nothing twice.
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant retried, Purge(Admin()));
  EXPECT_EQ(retried.etag(), tombstone.etag());
}

TEST_P(PurgeTest, ReadsAreNotFoundAndTheRevisionsKeepNoContent) {
  JISR_ASSERT_OK(Purge(Admin()));
  for (v1::VariantView view : {v1::VARIANT_VIEW_PUBLISHED, v1::VARIANT_VIEW_LATEST}) {
    absl::StatusOr<v1::Variant> read = Read(en_.name(), view);
    EXPECT_THAT(read, StatusIs(absl::StatusCode::kNotFound));
    EXPECT_EQ(ErrorReason(read.status()), "VARIANT_PURGED") << view;
  }
  v1::LookupVariantRequest lookup;
  lookup.set_language("en");
  lookup.set_slug("council-vote");
  EXPECT_THAT(newsroom().variant_reading().LookupVariant(lookup, Editor()),
              StatusIs(absl::StatusCode::kNotFound));
  // A reader is told what it would be told of a name that never existed.
  v1::GetVariantRequest get;
  get.set_name(en_.name());
  absl::StatusOr<v1::Variant> as_reader =
      newsroom().variant_reading().GetVariant(get, testing::Anonymous(true));
  EXPECT_EQ(ErrorReason(as_reader.status()), "VARIANT_NOT_FOUND");

  v1::ListRevisionsRequest list;
  list.set_parent(en_.name());
  list.set_view(v1::REVISION_VIEW_FULL);
  JISR_ASSERT_OK_AND_ASSIGN(auto revisions,
                            newsroom().revision_history().ListRevisions(list, Editor()));
  ASSERT_EQ(revisions.revisions_size(), 2);
  for (const v1::Revision& revision : revisions.revisions()) {
    EXPECT_TRUE(revision.snapshot().headline().empty()) << revision.number();
    EXPECT_THAT(revision.snapshot().blocks(), IsEmpty());
    EXPECT_TRUE(revision.change_note().empty());
    EXPECT_EQ(revision.author(), "editor@newsroom.test");  // the history itself stays
    EXPECT_TRUE(revision.has_create_time());
  }
}

TEST_P(PurgeTest, SiblingsNoLongerLinkToItAndFollowersAreTold) {
  JISR_ASSERT_OK_AND_ASSIGN(int64_t before, storage().LastEventSequence());
  JISR_ASSERT_OK(Purge(Admin()));
  for (v1::VariantView view : {v1::VARIANT_VIEW_PUBLISHED, v1::VARIANT_VIEW_LATEST}) {
    JISR_ASSERT_OK_AND_ASSIGN(v1::Variant sibling, Read(ar_.name(), view));
    ASSERT_EQ(sibling.alternates_size(), 1) << view;
    EXPECT_EQ(sibling.alternates(0).variant(), ar_.name());
    EXPECT_THAT(sibling.pending_corrections(), IsEmpty());
  }
  JISR_ASSERT_OK_AND_ASSIGN(auto rows, storage().ReadEvents(before, 100));
  std::vector<int> kinds;
  for (const storage::EventRow& row : rows) {
    if (row.variant_id == en_.name().substr(9)) kinds.push_back(row.kind);
  }
  EXPECT_THAT(kinds, ElementsAre(v1::CHANGE_KIND_UNPUBLISHED, v1::CHANGE_KIND_PURGED));
}

TEST_P(PurgeTest, NothingCanChangeItAgainAndItsSlugStaysTaken) {
  JISR_ASSERT_OK(Purge(Admin()));
  v1::UndeleteVariantRequest undelete;
  undelete.set_name(en_.name());
  absl::StatusOr<v1::Variant> undeleted =
      newsroom().variant_editing().UndeleteVariant(undelete, Admin());
  EXPECT_THAT(undeleted, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(undeleted.status()), "VARIANT_PURGED");
  v1::PurgeVariantRequest again;
  again.set_name(en_.name());
  again.set_reason("twice");
  EXPECT_EQ(ErrorReason(newsroom().variant_purging().PurgeVariant(again, Admin()).status()),
            "VARIANT_PURGED");
  // Deleting and restoring the story does not bring it back.
  v1::DeleteStoryRequest delete_story;
  delete_story.set_name(en_.story());
  delete_story.set_force(true);
  JISR_ASSERT_OK(newsroom().stories().DeleteStory(delete_story, Admin()));
  v1::UndeleteStoryRequest undelete_story;
  undelete_story.set_name(en_.story());
  JISR_ASSERT_OK(newsroom().stories().UndeleteStory(undelete_story, Admin()));
  EXPECT_EQ(ErrorReason(Read(en_.name(), v1::VARIANT_VIEW_LATEST).status()), "VARIANT_PURGED");

  v1::CreateVariantRequest taker;
  taker.mutable_variant()->set_language("en");
  taker.mutable_variant()->set_slug("council-vote");
  EXPECT_THAT(newsroom().variant_editing().CreateVariant(taker, Editor()),
              StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_P(PurgeTest, OnlyAnAdministratorPurgesAndAReasonIsRequired) {
  EXPECT_THAT(Purge(Editor()), StatusIs(absl::StatusCode::kPermissionDenied));
  absl::StatusOr<v1::Variant> no_reason = Purge(Admin(), "");
  EXPECT_THAT(no_reason, StatusIs(absl::StatusCode::kInvalidArgument));
  ASSERT_EQ(FieldViolationsOf(no_reason.status()).size(), 1u);
  EXPECT_EQ(FieldViolationsOf(no_reason.status())[0].field, "reason");
  // Neither changed anything.
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant published, Read(en_.name(), v1::VARIANT_VIEW_PUBLISHED));
  EXPECT_THAT(published.headline(), ::testing::HasSubstr(kMarker));
}

JISR_INSTANTIATE_FOR_EVERY_ENGINE(PurgeTest);

}  // namespace
}  // namespace jisr::articles::engine_test
