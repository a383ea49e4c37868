// Translation sync in the domain, over a real SQLite file: provenance, derived staleness with
// block diffs, pair publishing, restore, corrections and schedules.
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "jisr/v1/events.pb.h"
#include "services/articles/newsroom.h"
#include "services/common/errors.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_newsroom.h"

namespace jisr::articles {
namespace {

using ::jisr::testing::Editor;
using ::jisr::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
namespace v1 = ::jisr::v1;

v1::Block Paragraph(const std::string& id, const std::string& text,
                    const std::string& source_block_id = "") {
  v1::Block block;
  block.set_id(id);
  block.set_source_block_id(source_block_id);
  block.mutable_paragraph()->set_text(text);
  return block;
}

class TranslationSyncTest : public ::testing::Test {
 protected:
  Newsroom& newsroom() { return env_.newsroom(); }

  // An English source with three paragraphs and its Arabic translation, aligned block by block,
  // both published.
  void SetUp() override {
    v1::CreateVariantRequest en;
    en.mutable_variant()->set_language("en");
    en.mutable_variant()->set_headline("Talks resume in Geneva");
    *en.mutable_variant()->add_blocks() = Paragraph("p1", "Delegations met on Monday.");
    *en.mutable_variant()->add_blocks() = Paragraph("p2", "The talks lasted three hours.");
    *en.mutable_variant()->add_blocks() = Paragraph("p3", "A second round is planned.");
    JISR_ASSERT_OK_AND_ASSIGN(en_, newsroom().variant_editing().CreateVariant(en, Editor()));
    v1::CreateVariantRequest ar;
    ar.mutable_variant()->set_language("ar");
    ar.mutable_variant()->set_headline("استئناف المحادثات في جنيف");
    ar.mutable_variant()->mutable_translation_source()->set_variant(en_.name());
    *ar.mutable_variant()->add_blocks() = Paragraph("a1", "التقت الوفود يوم الاثنين.", "p1");
    *ar.mutable_variant()->add_blocks() = Paragraph("a2", "استمرت المحادثات ثلاث ساعات.", "p2");
    *ar.mutable_variant()->add_blocks() = Paragraph("a3", "من المقرر عقد جولة ثانية.", "p3");
    JISR_ASSERT_OK_AND_ASSIGN(ar_, newsroom().variant_editing().CreateVariant(ar, Editor()));
    v1::BatchPublishVariantsRequest publish;
    publish.add_names(en_.name());
    publish.add_names(ar_.name());
    JISR_ASSERT_OK(newsroom().publishing().BatchPublishVariants(publish, Editor()));
  }

  v1::Variant Latest(const std::string& name) {
    v1::GetVariantRequest get;
    get.set_name(name);
    get.set_view(v1::VARIANT_VIEW_LATEST);
    auto v = newsroom().variant_reading().GetVariant(get, Editor());
    EXPECT_TRUE(v.ok()) << v.status();
    return v.value_or(v1::Variant());
  }

  // Edits the English paragraph p2 and publishes.
  void EditSourceAndPublish(const std::string& text, v1::ChangeSignificance significance) {
    v1::Variant en = Latest(en_.name());
    v1::UpdateVariantRequest update;
    *update.mutable_variant() = en;
    update.mutable_variant()->mutable_blocks(1)->mutable_paragraph()->set_text(text);
    update.mutable_update_mask()->add_paths("blocks");
    update.set_significance(significance);
    ASSERT_THAT(newsroom().variant_editing().UpdateVariant(update, Editor()), testing::IsOk());
    v1::PublishVariantRequest publish;
    publish.set_name(en_.name());
    ASSERT_THAT(newsroom().publishing().PublishVariant(publish, Editor()), testing::IsOk());
  }

  std::vector<v1::ChangeEvent> Events() {
    auto rows = env_.storage().ReadEvents(0, 100000);
    EXPECT_TRUE(rows.ok());
    std::vector<v1::ChangeEvent> out;
    for (const auto& row : *rows) {
      out.emplace_back();
      out.back().ParseFromString(row.data);
    }
    return out;
  }

  testing::TestNewsroom env_;
  v1::Variant en_;
  v1::Variant ar_;
};

TEST_F(TranslationSyncTest, ATranslationRecordsWhichSourceRevisionItReflects) {
  v1::Variant ar = Latest(ar_.name());
  EXPECT_EQ(ar.translation_source().variant(), en_.name());
  EXPECT_EQ(ar.translation_source().revision(), 1);
  EXPECT_EQ(ar.translation_status().state(), v1::TRANSLATION_STATE_CURRENT);
  EXPECT_EQ(ar.translation_status().reflected_revision(), 1);
  EXPECT_EQ(ar.translation_status().source_published_revision(), 1);
  EXPECT_EQ(Latest(en_.name()).translation_status().state(), v1::TRANSLATION_STATE_NO_SOURCE);
}

TEST_F(TranslationSyncTest, ASignificantPublishedSourceEditMakesTheTranslationStaleWithABlockDiff) {
  EditSourceAndPublish("The talks lasted five hours.", v1::CHANGE_SIGNIFICANCE_SIGNIFICANT);
  v1::Variant ar = Latest(ar_.name());
  ASSERT_EQ(ar.translation_status().state(), v1::TRANSLATION_STATE_STALE);
  EXPECT_EQ(ar.translation_status().source_published_revision(), 2);
  EXPECT_THAT(ar.translation_status().changed_source_blocks(), ElementsAre("p2"));
  EXPECT_TRUE(ar.translation_status().has_stale_since());

  v1::GetTranslationDiffRequest request;
  request.set_name(ar_.name());
  JISR_ASSERT_OK_AND_ASSIGN(auto why, newsroom().translations().GetTranslationDiff(request, Editor()));
  ASSERT_THAT(why.source_diff().blocks(), SizeIs(1));
  const auto& change = why.source_diff().blocks(0);
  EXPECT_EQ(change.block_id(), "p2");
  EXPECT_EQ(change.kind(), v1::BLOCK_CHANGE_KIND_CHANGED);
  EXPECT_EQ(change.old_block().paragraph().text(), "The talks lasted three hours.");
  EXPECT_EQ(change.new_block().paragraph().text(), "The talks lasted five hours.");
  ASSERT_THAT(why.alignment(), SizeIs(1));
  ASSERT_THAT(why.alignment(0).translation_blocks(), SizeIs(1));
  EXPECT_EQ(why.alignment(0).translation_blocks(0).id(), "a2");

  // The published Arabic page says so too.
  v1::GetVariantRequest get;
  get.set_name(ar_.name());
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant page, newsroom().variant_reading().GetVariant(get, Editor()));
  EXPECT_EQ(page.translation_status().state(), v1::TRANSLATION_STATE_STALE);
}

TEST_F(TranslationSyncTest, AMinorSourceEditDoesNotMakeTheTranslationStale) {
  EditSourceAndPublish("The talks lasted three hours .", v1::CHANGE_SIGNIFICANCE_MINOR);
  EXPECT_EQ(Latest(ar_.name()).translation_status().state(), v1::TRANSLATION_STATE_CURRENT);
}

TEST_F(TranslationSyncTest, AnUnpublishedSourceDraftDoesNotMakeTheTranslationStale) {
  v1::Variant en = Latest(en_.name());
  v1::UpdateVariantRequest update;
  *update.mutable_variant() = en;
  update.mutable_variant()->set_headline("Talks resume in Geneva, draft");
  update.mutable_update_mask()->add_paths("headline");
  ASSERT_THAT(newsroom().variant_editing().UpdateVariant(update, Editor()), testing::IsOk());
  EXPECT_EQ(Latest(ar_.name()).translation_status().state(), v1::TRANSLATION_STATE_CURRENT);
}

TEST_F(TranslationSyncTest, UpdatingTheTranslationToTheNewSourceRevisionMakesItCurrentAgain) {
  EditSourceAndPublish("The talks lasted five hours.", v1::CHANGE_SIGNIFICANCE_SIGNIFICANT);
  v1::Variant ar = Latest(ar_.name());
  const std::string etag = ar.etag();
  v1::UpdateVariantRequest update;
  *update.mutable_variant() = ar;
  update.mutable_variant()->mutable_blocks(1)->mutable_paragraph()->set_text(
      "استمرت المحادثات خمس ساعات.");
  update.mutable_variant()->mutable_translation_source()->set_revision(2);
  update.mutable_update_mask()->add_paths("blocks");
  update.mutable_update_mask()->add_paths("translation_source");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant updated, newsroom().variant_editing().UpdateVariant(update, Editor()));
  EXPECT_EQ(updated.translation_status().state(), v1::TRANSLATION_STATE_CURRENT);
  EXPECT_EQ(updated.translation_source().revision(), 2);

  std::vector<int> kinds;
  for (const auto& e : Events()) {
    if (e.variant() == ar_.name()) kinds.push_back(e.kind());
  }
  EXPECT_THAT(kinds, ::testing::IsSupersetOf({v1::CHANGE_KIND_BECAME_STALE,
                                              v1::CHANGE_KIND_BECAME_CURRENT}));
}

TEST_F(TranslationSyncTest, StalenessAloneNeverAbortsATranslatorsWriteInProgress) {
  const std::string etag_read = Latest(ar_.name()).etag();
  EditSourceAndPublish("The talks lasted five hours.", v1::CHANGE_SIGNIFICANCE_SIGNIFICANT);
  EXPECT_EQ(Latest(ar_.name()).etag(), etag_read);
}

TEST_F(TranslationSyncTest, TheDesksStaleListIsOldestFirst) {
  // A second pair, made stale later.
  v1::CreateVariantRequest en2;
  en2.mutable_variant()->set_language("en");
  en2.mutable_variant()->set_headline("Second story");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant second_en, newsroom().variant_editing().CreateVariant(en2, Editor()));
  v1::CreateVariantRequest ar2;
  ar2.mutable_variant()->set_language("ar");
  ar2.mutable_variant()->set_headline("القصة الثانية");
  ar2.mutable_variant()->mutable_translation_source()->set_variant(second_en.name());
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant second_ar, newsroom().variant_editing().CreateVariant(ar2, Editor()));
  v1::BatchPublishVariantsRequest pair;
  pair.add_names(second_en.name());
  pair.add_names(second_ar.name());
  JISR_ASSERT_OK(newsroom().publishing().BatchPublishVariants(pair, Editor()));

  EditSourceAndPublish("The talks lasted five hours.", v1::CHANGE_SIGNIFICANCE_SIGNIFICANT);
  env_.clock().Advance(absl::Hours(1));
  v1::UpdateVariantRequest update;
  update.mutable_variant()->set_name(second_en.name());
  update.mutable_variant()->set_headline("Second story, developing");
  update.mutable_update_mask()->add_paths("headline");
  JISR_ASSERT_OK(newsroom().variant_editing().UpdateVariant(update, Editor()));
  v1::PublishVariantRequest publish;
  publish.set_name(second_en.name());
  JISR_ASSERT_OK(newsroom().publishing().PublishVariant(publish, Editor()));

  v1::ListStaleTranslationsRequest list;
  list.set_language("ar");
  JISR_ASSERT_OK_AND_ASSIGN(auto stale, newsroom().translations().ListStaleTranslations(list, Editor()));
  ASSERT_THAT(stale.variants(), SizeIs(2));
  EXPECT_EQ(stale.variants(0).name(), ar_.name());
  EXPECT_EQ(stale.variants(1).name(), second_ar.name());
  list.set_language("en");
  JISR_ASSERT_OK_AND_ASSIGN(auto none, newsroom().translations().ListStaleTranslations(list, Editor()));
  EXPECT_THAT(none.variants(), SizeIs(0));
}

TEST_F(TranslationSyncTest, DiffRevisionsReportsAddedRemovedMovedAndChangedBlocks) {
  v1::Variant en = Latest(en_.name());
  v1::UpdateVariantRequest update;
  update.mutable_variant()->set_name(en.name());
  update.mutable_variant()->set_headline("Talks resume in Geneva after a pause");
  // p3 first, p1 edited, p2 removed, p4 new.
  *update.mutable_variant()->add_blocks() = en.blocks(2);
  *update.mutable_variant()->add_blocks() = Paragraph("p1", "Delegations met on Monday morning.");
  *update.mutable_variant()->add_blocks() = Paragraph("p4", "Observers were hopeful.");
  update.mutable_update_mask()->add_paths("headline");
  update.mutable_update_mask()->add_paths("blocks");
  JISR_ASSERT_OK(newsroom().variant_editing().UpdateVariant(update, Editor()));
  v1::DiffRevisionsRequest diff_request;
  diff_request.set_name(en.name());
  diff_request.set_from_revision(1);
  JISR_ASSERT_OK_AND_ASSIGN(auto diff, newsroom().revision_history().DiffRevisions(diff_request, Editor()));
  EXPECT_EQ(diff.to_revision(), 2);
  ASSERT_THAT(diff.diff().fields(), SizeIs(1));
  EXPECT_EQ(diff.diff().fields(0).field(), "headline");
  EXPECT_EQ(diff.diff().fields(0).old_value(), "Talks resume in Geneva");
  std::vector<std::pair<std::string, int>> blocks;
  for (const auto& b : diff.diff().blocks()) blocks.push_back({b.block_id(), b.kind()});
  // p3 kept its place relative to p1? No: p1 and p3 swapped; one of them is the mover.
  EXPECT_THAT(blocks, ::testing::UnorderedElementsAre(
                          std::make_pair("p3", int{v1::BLOCK_CHANGE_KIND_MOVED}),
                          std::make_pair("p1", int{v1::BLOCK_CHANGE_KIND_CHANGED}),
                          std::make_pair("p4", int{v1::BLOCK_CHANGE_KIND_ADDED}),
                          std::make_pair("p2", int{v1::BLOCK_CHANGE_KIND_REMOVED})));
}

TEST_F(TranslationSyncTest, RestoringARevisionAppendsANewOneAndAffectsSiblingsOnlyByStaleness) {
  EditSourceAndPublish("The talks lasted five hours.", v1::CHANGE_SIGNIFICANCE_SIGNIFICANT);
  const std::string ar_etag = Latest(ar_.name()).etag();
  v1::RestoreRevisionRequest restore;
  restore.set_name(en_.name() + "/revisions/1");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant restored, newsroom().revision_history().RestoreRevision(restore, Editor()));
  EXPECT_EQ(restored.latest_revision(), 3);
  EXPECT_EQ(restored.revision().restored_from(), 1);
  EXPECT_EQ(restored.revision().change_note(), "Restored revision 1");
  EXPECT_EQ(restored.blocks(1).paragraph().text(), "The talks lasted three hours.");
  EXPECT_EQ(Latest(ar_.name()).etag(), ar_etag) << "the Arabic variant itself is untouched";
}

TEST_F(TranslationSyncTest, APairPublishFailsWholeWhenOneVariantCannotBePublished) {
  v1::CreateVariantRequest en;
  en.mutable_variant()->set_language("en");
  en.mutable_variant()->set_headline("Ready in English");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant ready, newsroom().variant_editing().CreateVariant(en, Editor()));
  v1::CreateVariantRequest ar;
  ar.mutable_variant()->set_language("ar");
  ar.mutable_variant()->mutable_translation_source()->set_variant(ready.name());
  *ar.mutable_variant()->add_blocks() = Paragraph("x1", "نص بلا عنوان");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant headless, newsroom().variant_editing().CreateVariant(ar, Editor()));

  v1::BatchPublishVariantsRequest publish;
  publish.add_names(ready.name());
  publish.add_names(headless.name());
  auto failed = newsroom().publishing().BatchPublishVariants(publish, Editor());
  EXPECT_THAT(failed, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("no headline")));
  EXPECT_EQ(Latest(ready.name()).state(), v1::VARIANT_STATE_DRAFT) << "nothing was published";

  v1::UpdateVariantRequest fix;
  fix.mutable_variant()->set_name(headless.name());
  fix.mutable_variant()->set_headline("جاهز بالعربية");
  fix.mutable_update_mask()->add_paths("headline");
  JISR_ASSERT_OK(newsroom().variant_editing().UpdateVariant(fix, Editor()));
  JISR_ASSERT_OK_AND_ASSIGN(auto both, newsroom().publishing().BatchPublishVariants(publish, Editor()));
  ASSERT_THAT(both.variants(), SizeIs(2));
  EXPECT_EQ(both.variants(0).publish_time(), both.variants(1).publish_time());
  EXPECT_THAT(both.variants(0).alternates(), SizeIs(2));
}

TEST_F(TranslationSyncTest, ACorrectionIsPendingOnSiblingsUntilMatchedOrDismissed) {
  v1::AddCorrectionRequest add;
  add.set_name(en_.name());
  add.mutable_correction()->set_kind(v1::CORRECTION_KIND_CORRECTION);
  add.mutable_correction()->set_text("An earlier version misstated the length of the talks.");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant en, newsroom().corrections().AddCorrection(add, Editor()));
  ASSERT_THAT(en.corrections(), SizeIs(1));
  const std::string correction_id = en.corrections(0).id();
  EXPECT_THAT(en.pending_corrections(), SizeIs(0));

  v1::Variant ar = Latest(ar_.name());
  ASSERT_THAT(ar.pending_corrections(), SizeIs(1));
  EXPECT_EQ(ar.pending_corrections(0).correction().id(), correction_id);
  EXPECT_EQ(ar.pending_corrections(0).language(), "en");

  v1::AddCorrectionRequest match;
  match.set_name(ar_.name());
  match.mutable_correction()->set_text("ذكرت نسخة سابقة مدة المحادثات بشكل خاطئ.");
  match.mutable_correction()->set_matches(correction_id);
  JISR_ASSERT_OK_AND_ASSIGN(ar, newsroom().corrections().AddCorrection(match, Editor()));
  EXPECT_THAT(ar.pending_corrections(), SizeIs(0));
  EXPECT_THAT(Latest(en_.name()).pending_corrections(), SizeIs(0))
      << "a counterpart is not news to the source";

  // Served to readers.
  v1::GetVariantRequest get;
  get.set_name(en_.name());
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant page, newsroom().variant_reading().GetVariant(get, Editor()));
  ASSERT_THAT(page.corrections(), SizeIs(1));
  EXPECT_TRUE(page.corrections(0).has_publish_time());

  add.mutable_correction()->set_kind(v1::CORRECTION_KIND_CLARIFICATION);
  add.mutable_correction()->set_text("The second round's date is not yet set.");
  JISR_ASSERT_OK_AND_ASSIGN(en, newsroom().corrections().AddCorrection(add, Editor()));
  ar = Latest(ar_.name());
  ASSERT_THAT(ar.pending_corrections(), SizeIs(1));
  v1::DismissCorrectionRequest dismiss;
  dismiss.set_name(ar_.name());
  dismiss.set_correction_id(ar.pending_corrections(0).correction().id());
  JISR_ASSERT_OK_AND_ASSIGN(ar, newsroom().corrections().DismissCorrection(dismiss, Editor()));
  EXPECT_THAT(ar.pending_corrections(), SizeIs(0));
  EXPECT_THAT(newsroom().corrections().DismissCorrection(dismiss, Editor()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(TranslationSyncTest, ASchedulePublishesItsVariantsOnceWhenDue) {
  v1::CreateVariantRequest en;
  en.mutable_variant()->set_language("en");
  en.mutable_variant()->set_headline("Embargoed until noon");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant embargoed, newsroom().variant_editing().CreateVariant(en, Editor()));
  v1::CreateScheduleRequest create;
  create.mutable_schedule()->add_variants(embargoed.name());
  create.mutable_schedule()->set_action(v1::SCHEDULE_ACTION_PUBLISH);
  *create.mutable_schedule()->mutable_due_time() = google::protobuf::Timestamp();
  create.mutable_schedule()->mutable_due_time()->set_seconds(
      absl::ToUnixSeconds(env_.clock().Now() + absl::Hours(4)));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Schedule schedule, newsroom().schedules().CreateSchedule(create, Editor()));
  EXPECT_EQ(schedule.state(), v1::SCHEDULE_STATE_PENDING);
  ASSERT_THAT(Latest(embargoed.name()).scheduled_changes(), SizeIs(1));

  JISR_ASSERT_OK_AND_ASSIGN(auto early, newsroom().schedules().RunDueSchedules());
  EXPECT_THAT(early, SizeIs(0));
  env_.clock().Advance(absl::Hours(5));
  JISR_ASSERT_OK_AND_ASSIGN(auto ran, newsroom().schedules().RunDueSchedules());
  ASSERT_THAT(ran, SizeIs(1));
  EXPECT_EQ(ran[0].state(), v1::SCHEDULE_STATE_DONE);
  JISR_ASSERT_OK_AND_ASSIGN(auto again, newsroom().schedules().RunDueSchedules());
  EXPECT_THAT(again, SizeIs(0)) << "a schedule runs once";
  v1::Variant published = Latest(embargoed.name());
  EXPECT_EQ(published.state(), v1::VARIANT_STATE_PUBLISHED);
  EXPECT_THAT(published.scheduled_changes(), SizeIs(0));
  int publishes = 0;
  for (const auto& e : Events()) {
    if (e.variant() == embargoed.name() && e.kind() == v1::CHANGE_KIND_PUBLISHED) ++publishes;
  }
  EXPECT_EQ(publishes, 1);

  v1::CancelScheduleRequest cancel;
  cancel.set_name(schedule.name());
  EXPECT_THAT(newsroom().schedules().CancelSchedule(cancel, Editor()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(TranslationSyncTest, AScheduleThatCannotRunFailsWholeAndACanceledOneNeverRuns) {
  v1::CreateVariantRequest ar;
  ar.mutable_variant()->set_language("ar");
  *ar.mutable_variant()->add_blocks() = Paragraph("x1", "مسودة بلا عنوان");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant headless, newsroom().variant_editing().CreateVariant(ar, Editor()));
  v1::CreateScheduleRequest create;
  create.mutable_schedule()->add_variants(headless.name());
  create.mutable_schedule()->set_action(v1::SCHEDULE_ACTION_PUBLISH);
  create.mutable_schedule()->mutable_due_time()->set_seconds(
      absl::ToUnixSeconds(env_.clock().Now() + absl::Minutes(10)));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Schedule failing, newsroom().schedules().CreateSchedule(create, Editor()));
  create.mutable_schedule()->set_variants(0, en_.name());
  create.mutable_schedule()->set_action(v1::SCHEDULE_ACTION_UNPUBLISH);
  JISR_ASSERT_OK_AND_ASSIGN(v1::Schedule canceled, newsroom().schedules().CreateSchedule(create, Editor()));
  v1::CancelScheduleRequest cancel;
  cancel.set_name(canceled.name());
  JISR_ASSERT_OK(newsroom().schedules().CancelSchedule(cancel, Editor()));

  env_.clock().Advance(absl::Minutes(11));
  JISR_ASSERT_OK_AND_ASSIGN(auto ran, newsroom().schedules().RunDueSchedules());
  ASSERT_THAT(ran, SizeIs(1));
  EXPECT_EQ(ran[0].state(), v1::SCHEDULE_STATE_FAILED);
  EXPECT_THAT(ran[0].failure(), HasSubstr("no headline"));
  EXPECT_EQ(Latest(headless.name()).state(), v1::VARIANT_STATE_DRAFT);
  EXPECT_EQ(Latest(en_.name()).state(), v1::VARIANT_STATE_PUBLISHED) << "canceled: never ran";

  create.mutable_schedule()->mutable_due_time()->set_seconds(
      absl::ToUnixSeconds(env_.clock().Now() - absl::Minutes(1)));
  EXPECT_THAT(newsroom().schedules().CreateSchedule(create, Editor()),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace jisr::articles
