// VariantEditing (services/articles/variant_editing.h), over a real SQLite file: what an editor
// relies on when writing a variant's content. Create starts at revision 1 in a new story (or its
// source's), with a slug from the headline; bad input names every bad field; text is stored in
// NFC with what was repaired reported. Update appends a revision (none when nothing changed),
// refuses a stale etag, and follows AIP-134: no mask keeps what the request does not send, "*"
// replaces every content field, a mask replaces exactly its paths. Delete and undelete.
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "services/articles/newsroom.h"
#include "services/common/errors.h"
#include "tests/articles/domain_test_support.h"

namespace jisr::articles {
namespace {

using domain_test::Paragraph;
using ::jisr::testing::Editor;
using ::jisr::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
namespace v1 = ::jisr::v1;

class VariantEditingTest : public domain_test::DomainTest {
 protected:
  // A draft with every kind of content an update may keep or replace.
  v1::Variant CreateFull() {
    v1::CreateVariantRequest request;
    v1::Variant* v = request.mutable_variant();
    v->set_language("en");
    v->set_headline("Talks resume in Geneva");
    v->set_standfirst("Delegations return after a month.");
    v->set_section("World");
    v->add_tags("diplomacy");
    v->set_slug("geneva-talks");
    v->add_byline()->set_name("Sara Haddad");
    *v->add_blocks() = Paragraph("Delegations met on Monday.", "p1");
    *v->add_blocks() = Paragraph("The talks lasted three hours.", "p2");
    auto created = newsroom().variant_editing().CreateVariant(request, Editor());
    EXPECT_TRUE(created.ok()) << created.status();
    return created.value_or(v1::Variant());
  }

  static std::vector<std::string> BlockTexts(const v1::Variant& v) {
    std::vector<std::string> texts;
    for (const auto& b : v.blocks()) texts.push_back(b.id() + ":" + b.paragraph().text());
    return texts;
  }
};

TEST_F(VariantEditingTest, CreateWritesRevisionOneInANewStoryWithASlugFromTheHeadline) {
  v1::Variant v = Create("en", "Blinken meets Xi in Beijing");
  EXPECT_THAT(v.name(), ::testing::StartsWith("variants/"));
  EXPECT_THAT(v.story(), ::testing::StartsWith("stories/"));
  EXPECT_EQ(v.slug(), "blinken-meets-xi-in-beijing");
  EXPECT_EQ(v.state(), v1::VARIANT_STATE_DRAFT);
  EXPECT_EQ(v.latest_revision(), 1);
  EXPECT_EQ(v.revision().number(), 1);
  EXPECT_EQ(v.revision().author(), "editor@newsroom.test");
  EXPECT_EQ(v.direction(), v1::TEXT_DIRECTION_LEFT_TO_RIGHT);
  EXPECT_FALSE(v.etag().empty());
  ASSERT_THAT(v.blocks(), SizeIs(1));
  EXPECT_EQ(v.blocks(0).id(), "p1");
  EXPECT_EQ(v.create_time(), v.modify_time());
  EXPECT_FALSE(v.has_update_time());
}

TEST_F(VariantEditingTest, TranslationJoinsTheSourceStoryAndRecordsTheSourceRevision) {
  v1::Variant en = Create("en", "Blinken meets Xi");
  JISR_ASSERT_OK_AND_ASSIGN(en, Edit(en, "Blinken meets Xi in Beijing"));
  v1::Variant ar = Create("ar", "بلينكن يلتقي شي", "", en.name());
  EXPECT_EQ(ar.story(), en.story());
  EXPECT_EQ(ar.direction(), v1::TEXT_DIRECTION_RIGHT_TO_LEFT);
  EXPECT_EQ(ar.translation_source().variant(), en.name());
  EXPECT_EQ(ar.translation_source().language(), "en");
  EXPECT_EQ(ar.translation_source().revision(), 2);
  EXPECT_EQ(ar.slug(), "بلينكن-يلتقي-شي");
}

TEST_F(VariantEditingTest, UpdateAppendsARevisionAndAStaleEtagIsAbortedWithNothingWritten) {
  v1::Variant v1_ = Create("en", "Draft headline");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant v2, Edit(v1_, "Second headline"));
  EXPECT_EQ(v2.latest_revision(), 2);
  EXPECT_NE(v2.etag(), v1_.etag());
  auto stale = Edit(v1_, "Lost update");
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted, HasSubstr("read it again")));
  EXPECT_EQ(ErrorReason(stale.status()), "ETAG_MISMATCH");
  EXPECT_EQ(RevisionCount(v2.name()), 2);
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant latest, Read(v2.name(), v1::VARIANT_VIEW_LATEST));
  EXPECT_EQ(latest.headline(), "Second headline");
}

TEST_F(VariantEditingTest, UpdateMaskReplacesOnlyTheNamedFieldsAndBlockIdsSurviveEdits) {
  v1::Variant v = Create("en", "Headline");
  v1::UpdateVariantRequest request;
  *request.mutable_variant() = v;
  request.mutable_variant()->set_standfirst("A standfirst");
  request.mutable_variant()->set_headline("Ignored because not in the mask");
  request.mutable_variant()->mutable_blocks(0)->mutable_paragraph()->set_text("Edited text");
  *request.mutable_variant()->add_blocks() = Paragraph("A new paragraph");
  request.mutable_update_mask()->add_paths("standfirst");
  request.mutable_update_mask()->add_paths("blocks");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant updated,
                            newsroom().variant_editing().UpdateVariant(request, Editor()));
  EXPECT_EQ(updated.headline(), "Headline");
  EXPECT_EQ(updated.standfirst(), "A standfirst");
  ASSERT_THAT(updated.blocks(), SizeIs(2));
  EXPECT_EQ(updated.blocks(0).id(), "p1");
  EXPECT_EQ(updated.blocks(0).paragraph().text(), "Edited text");
  EXPECT_FALSE(updated.blocks(1).id().empty());

  request.mutable_update_mask()->add_paths("state");
  auto bad = newsroom().variant_editing().UpdateVariant(request, Editor());
  EXPECT_THAT(bad, StatusIs(absl::StatusCode::kInvalidArgument));
  ASSERT_THAT(FieldViolationsOf(bad.status()), SizeIs(1));
  EXPECT_EQ(FieldViolationsOf(bad.status())[0].field, "update_mask");
}

// A write answers with the variant it holds rather than reading it back (KeptVariants): the
// answer must be exactly what reading the variant afterwards gives, alternates and derived
// state included, for the edited variant and for a translation its edit left stale.
TEST_F(VariantEditingTest, AWritesAnswerIsWhatReadingItAfterwardsGives) {
  v1::Variant en = Create("en", "Answer parity");
  JISR_ASSERT_OK(Publish(en.name()));
  v1::Variant ar = Create("ar", "تطابق الجواب", en.story(), en.name());
  JISR_ASSERT_OK_AND_ASSIGN(ar, Publish(ar.name()));
  EXPECT_EQ(ar.SerializeAsString(), Latest(ar.name()).SerializeAsString());
  for (int i = 0; i < 3; ++i) {
    env_.clock().Advance(absl::Seconds(1));
    JISR_ASSERT_OK_AND_ASSIGN(en,
                              Edit(Latest(en.name()), "Answer parity, take " + std::to_string(i)));
    EXPECT_EQ(en.SerializeAsString(), Latest(en.name()).SerializeAsString()) << i;
    EXPECT_TRUE(en.has_unpublished_changes());
    ASSERT_THAT(en.alternates(), SizeIs(2));
  }
  JISR_ASSERT_OK_AND_ASSIGN(en, Publish(en.name()));
  EXPECT_EQ(en.SerializeAsString(), Latest(en.name()).SerializeAsString());
  EXPECT_FALSE(en.has_unpublished_changes());
  EXPECT_EQ(Latest(ar.name()).translation_status().state(), v1::TRANSLATION_STATE_STALE);
  JISR_ASSERT_OK_AND_ASSIGN(ar, Edit(Latest(ar.name()), "تطابق الجواب من جديد"));
  EXPECT_EQ(ar.SerializeAsString(), Latest(ar.name()).SerializeAsString());
}

// A write takes the variant the previous write of it left in memory (RecentVariants) instead
// of reading its revision, but only while storage holds exactly the row that write left: after
// another newsroom over the same storage (another process, a replica's primary) has written,
// the next write builds on that write, never on what it remembers.
TEST_F(VariantEditingTest, AWriteBuildsOnTheLatestRowNotOnWhatAnEarlierWriteLeftInMemory) {
  v1::Variant v = CreateFull();
  env_.clock().Advance(absl::Seconds(1));
  JISR_ASSERT_OK_AND_ASSIGN(v, Edit(v, "Talks resume in Geneva, day two"));
  EXPECT_EQ(newsroom().recent_variants_stats().hits, 1) << "the edit took what the create left";
  EXPECT_EQ(v.SerializeAsString(), Latest(v.name()).SerializeAsString());

  NewsroomOptions options;
  options.config = newsroom().config();
  Newsroom other(options, &env_.storage());
  v1::UpdateVariantRequest blocks;
  blocks.mutable_variant()->set_name(v.name());
  blocks.mutable_variant()->set_etag(v.etag());
  *blocks.mutable_variant()->add_blocks() = Paragraph("Written through the other newsroom.", "p1");
  blocks.mutable_update_mask()->add_paths("blocks");
  env_.clock().Advance(absl::Seconds(1));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant written,
                            other.variant_editing().UpdateVariant(blocks, Editor()));

  // Publishing loads the variant inside its write only: it takes from memory directly.
  env_.clock().Advance(absl::Seconds(1));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant published, Publish(v.name()));
  EXPECT_EQ(newsroom().recent_variants_stats().hits, 1) << "the memory was stale: not taken";
  EXPECT_THAT(BlockTexts(published), ElementsAre("p1:Written through the other newsroom."));
  EXPECT_EQ(published.headline(), "Talks resume in Geneva, day two");
  EXPECT_EQ(published.published_revision(), 3);

  env_.clock().Advance(absl::Seconds(1));
  JISR_ASSERT_OK_AND_ASSIGN(v, Edit(published, "Talks resume in Geneva, day three"));
  EXPECT_EQ(newsroom().recent_variants_stats().hits, 2) << "the edit took what the publish left";
  EXPECT_EQ(v.headline(), "Talks resume in Geneva, day three");
  EXPECT_THAT(BlockTexts(v), ElementsAre("p1:Written through the other newsroom."));
  EXPECT_EQ(v.latest_revision(), 4);
  EXPECT_EQ(v.SerializeAsString(), Latest(v.name()).SerializeAsString());
  v1::GetVariantRequest read;
  read.set_name(v.name());
  read.set_view(v1::VARIANT_VIEW_LATEST);
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant through_other,
                            other.variant_reading().GetVariant(read, Editor()));
  EXPECT_EQ(through_other.SerializeAsString(), v.SerializeAsString());
}

TEST_F(VariantEditingTest, AnUpdateThatChangesNothingWritesNoRevision) {
  v1::Variant v = Create("en", "Same");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant again, Edit(v, "Same"));
  EXPECT_EQ(again.latest_revision(), 1);
  EXPECT_EQ(again.etag(), v.etag());
}

TEST_F(VariantEditingTest, AnUpdateWithOnlyANewHeadlineAndNoMaskKeepsTheRest) {
  v1::Variant v = CreateFull();
  v1::UpdateVariantRequest request;
  request.mutable_variant()->set_name(v.name());
  request.mutable_variant()->set_headline("Talks resume in Geneva after a pause");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant updated,
                            newsroom().variant_editing().UpdateVariant(request, Editor()));
  EXPECT_EQ(updated.headline(), "Talks resume in Geneva after a pause");
  EXPECT_EQ(updated.latest_revision(), 2);
  EXPECT_THAT(BlockTexts(updated),
              ElementsAre("p1:Delegations met on Monday.", "p2:The talks lasted three hours."));
  EXPECT_EQ(updated.section(), "World");
  EXPECT_EQ(updated.slug(), "geneva-talks") << "the URL does not move";
  EXPECT_EQ(updated.standfirst(), "Delegations return after a month.");
  EXPECT_THAT(updated.tags(), ElementsAre("diplomacy"));
  ASSERT_THAT(updated.byline(), SizeIs(1));
  EXPECT_EQ(updated.byline(0).name(), "Sara Haddad");

  v1::GetRevisionRequest get;
  get.set_name(v.name() + "/revisions/2");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Revision revision,
                            newsroom().revision_history().GetRevision(get, Editor()));
  EXPECT_THAT(BlockTexts(revision.snapshot()), SizeIs(2)) << "the revision keeps the body too";
  EXPECT_EQ(revision.snapshot().section(), "World");
}

TEST_F(VariantEditingTest, AnUpdateWithAStarMaskReplacesEveryContentField) {
  v1::Variant v = CreateFull();
  v1::UpdateVariantRequest request;
  request.mutable_variant()->set_name(v.name());
  request.mutable_variant()->set_headline("Replaced");
  *request.mutable_variant()->add_blocks() = Paragraph("Only paragraph.");
  request.mutable_update_mask()->add_paths("*");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant updated,
                            newsroom().variant_editing().UpdateVariant(request, Editor()));
  EXPECT_EQ(updated.headline(), "Replaced");
  ASSERT_THAT(updated.blocks(), SizeIs(1));
  EXPECT_EQ(updated.blocks(0).paragraph().text(), "Only paragraph.");
  EXPECT_EQ(updated.standfirst(), "") << "what is not sent is cleared";
  EXPECT_EQ(updated.section(), "");
  EXPECT_THAT(updated.tags(), SizeIs(0));
  EXPECT_THAT(updated.byline(), SizeIs(0));
  // docs/api.md: an empty slug named in the mask follows the new headline.
  EXPECT_EQ(updated.slug(), "replaced");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant stored, Read(v.name(), v1::VARIANT_VIEW_LATEST));
  EXPECT_EQ(stored.section(), "");
  EXPECT_THAT(stored.blocks(), SizeIs(1));
}

TEST_F(VariantEditingTest, AnUpdateWithAnExplicitMaskChangesOnlyThosePaths) {
  v1::Variant v = CreateFull();
  v1::UpdateVariantRequest request;
  request.mutable_variant()->set_name(v.name());
  request.mutable_variant()->set_etag(v.etag());
  request.mutable_variant()->set_headline("Not in the mask");
  request.mutable_variant()->set_section("Politics");
  // standfirst is named but left unset: cleared. blocks are not named: kept, though sent empty.
  request.mutable_update_mask()->add_paths("section");
  request.mutable_update_mask()->add_paths("standfirst");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant updated,
                            newsroom().variant_editing().UpdateVariant(request, Editor()));
  EXPECT_EQ(updated.section(), "Politics");
  EXPECT_EQ(updated.standfirst(), "");
  EXPECT_EQ(updated.headline(), "Talks resume in Geneva");
  EXPECT_THAT(updated.blocks(), SizeIs(2));
  EXPECT_THAT(updated.tags(), ElementsAre("diplomacy"));
  EXPECT_EQ(updated.slug(), "geneva-talks");
  EXPECT_EQ(updated.latest_revision(), 2);
}

TEST_F(VariantEditingTest, TheChangeNoteIsStoredInNfc) {
  v1::Variant v = Create("en", "Headline");
  v1::UpdateVariantRequest request;
  request.mutable_variant()->set_name(v.name());
  request.mutable_variant()->set_headline("Headline, updated");
  request.set_change_note("Caf\x65\xcc\x81 name corrected");  // e + combining acute
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant updated,
                            newsroom().variant_editing().UpdateVariant(request, Editor()));
  EXPECT_EQ(updated.revision().change_note(), "Caf\xc3\xa9 name corrected");
  v1::GetRevisionRequest get;
  get.set_name(v.name() + "/revisions/2");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Revision revision,
                            newsroom().revision_history().GetRevision(get, Editor()));
  EXPECT_EQ(revision.change_note(), "Caf\xc3\xa9 name corrected");
}

TEST_F(VariantEditingTest, DeletedVariantsDisappearForReadersAndComeBackWhenRestored) {
  v1::Variant v = Create("en", "To be deleted");
  JISR_ASSERT_OK(Publish(v.name()));
  v1::DeleteVariantRequest del;
  del.set_name(v.name());
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant deleted,
                            newsroom().variant_editing().DeleteVariant(del, Editor()));
  EXPECT_TRUE(deleted.has_delete_time());
  EXPECT_THAT(Read(v.name()), StatusIs(absl::StatusCode::kNotFound));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant editor_view, Read(v.name(), v1::VARIANT_VIEW_LATEST));
  EXPECT_TRUE(editor_view.has_delete_time());
  auto edit = Edit(editor_view, "Edited while deleted");
  EXPECT_THAT(edit, StatusIs(absl::StatusCode::kFailedPrecondition));
  v1::UndeleteVariantRequest undelete;
  undelete.set_name(v.name());
  JISR_ASSERT_OK(newsroom().variant_editing().UndeleteVariant(undelete, Editor()));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant back, Read(v.name()));
  EXPECT_EQ(back.headline(), "To be deleted");
}

TEST_F(VariantEditingTest, BadInputNamesEveryBadFieldAndWritesNothing) {
  v1::CreateVariantRequest request;
  request.mutable_variant()->set_language("fr");
  request.mutable_variant()->set_headline(std::string(301, 'x'));
  request.mutable_variant()->set_standfirst("line one\nline two");
  request.mutable_variant()->add_byline();
  request.mutable_variant()->add_blocks();
  *request.mutable_variant()->add_blocks() = Paragraph("bell \x07 inside");
  request.mutable_variant()->set_story("stories/Not Valid");
  request.set_variant_id("9starts-with-digit");
  auto status = newsroom().variant_editing().CreateVariant(request, Editor()).status();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  std::vector<std::string> fields;
  for (const auto& v : FieldViolationsOf(status)) fields.push_back(v.field);
  EXPECT_THAT(fields, ::testing::UnorderedElementsAre("variant.language", "variant.headline",
                                                      "variant.byline[0].name", "variant.blocks[0]",
                                                      "variant.story", "variant_id"));
  v1::ListVariantsRequest list;
  list.set_show_deleted(true);
  JISR_ASSERT_OK_AND_ASSIGN(auto listed, newsroom().variant_reading().ListVariants(list, Editor()));
  EXPECT_THAT(listed.variants(), SizeIs(0));

  v1::CreateVariantRequest missing;
  auto none = newsroom().variant_editing().CreateVariant(missing, Editor()).status();
  EXPECT_EQ(FieldViolationsOf(none)[0].field, "variant");
}

TEST_F(VariantEditingTest, RepairedTextIsReportedAsWarningsWithTheirPositions) {
  v1::CreateVariantRequest request;
  request.mutable_variant()->set_language("en");
  request.mutable_variant()->set_headline("Markets\nrally");
  request.mutable_variant()->set_standfirst("A bell \x07 rang");
  *request.mutable_variant()->add_blocks() = Paragraph("Text with a \xE2\x80\xAE hidden override");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant v,
                            newsroom().variant_editing().CreateVariant(request, Editor()));
  EXPECT_EQ(v.headline(), "Markets rally");
  EXPECT_EQ(v.standfirst(), "A bell  rang");
  EXPECT_EQ(v.blocks(0).paragraph().text(), "Text with a  hidden override");
  std::vector<std::pair<std::string, std::string>> warnings;
  for (const auto& w : v.revision().warnings()) warnings.push_back({w.field(), w.code()});
  EXPECT_THAT(warnings,
              ::testing::UnorderedElementsAre(
                  std::make_pair("variant.headline", "LINE_BREAK_REPLACED"),
                  std::make_pair("variant.standfirst", "CONTROL_REMOVED"),
                  std::make_pair("variant.blocks[0].paragraph.text", "BIDI_OVERRIDE_REMOVED")))
      << v.revision().DebugString();
  const v1::TextWarning* control = nullptr;
  for (const auto& w : v.revision().warnings()) {
    if (w.code() == "CONTROL_REMOVED") control = &w;
  }
  ASSERT_NE(control, nullptr);
  EXPECT_EQ(control->range().start(), 7);
  EXPECT_EQ(control->range().end(), 8);
}

TEST_F(VariantEditingTest, TextIsStoredInNfc) {
  // "é" typed as e + combining acute comes back precomposed.
  v1::Variant v = Create("en", "Caf\x65\xcc\x81 culture");
  EXPECT_EQ(v.headline(), "Caf\xc3\xa9 culture");
}

// An update is merged with the stored content before its transaction (outside the write lock);
// when another write changed the variant meanwhile it must merge again, or it would put back
// what that write replaced.
TEST_F(VariantEditingTest, ConcurrentEditsOfDifferentFieldsNeverUndoEachOther) {
  const v1::Variant v = Create("en", "H 0");
  constexpr int kEdits = 40;
  auto edit = [&](const std::string& field, const std::string& prefix) {
    for (int i = 1; i <= kEdits; ++i) {
      v1::UpdateVariantRequest request;
      request.mutable_variant()->set_name(v.name());
      const std::string value = absl::StrCat(prefix, " ", i);
      if (field == "headline") request.mutable_variant()->set_headline(value);
      if (field == "standfirst") request.mutable_variant()->set_standfirst(value);
      request.mutable_update_mask()->add_paths(field);
      EXPECT_TRUE(newsroom().variant_editing().UpdateVariant(request, Editor()).ok());
    }
  };
  std::thread headlines(edit, "headline", "H");
  std::thread standfirsts(edit, "standfirst", "S");
  headlines.join();
  standfirsts.join();
  v1::GetVariantRequest get;
  get.set_name(v.name());
  get.set_view(v1::VARIANT_VIEW_LATEST);
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant latest,
                            newsroom().variant_reading().GetVariant(get, Editor()));
  EXPECT_EQ(latest.headline(), absl::StrCat("H ", kEdits));
  EXPECT_EQ(latest.standfirst(), absl::StrCat("S ", kEdits));
  EXPECT_EQ(latest.latest_revision(), 1 + 2 * kEdits);
}

}  // namespace
}  // namespace jisr::articles
