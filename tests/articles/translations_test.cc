// Translations (services/articles/translations.h) and the translation status derived on every
// write, over a real SQLite file, from a published English source and its Arabic translation: a
// translation records the source revision it reflects; a significant published source edit (and
// only that) makes it stale, with the source's block diff and the translation's aligned blocks;
// bringing it up to date makes it current again; staleness never changes its etag; a desk's
// stale list is oldest first.
#include "services/articles/newsroom.h"
#include "services/common/errors.h"
#include "tests/articles/domain_test_support.h"

namespace jisr::articles {
namespace {

using ::jisr::testing::Editor;
using ::jisr::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::SizeIs;
namespace v1 = ::jisr::v1;

class TranslationsTest : public domain_test::PublishedPairTest {};

TEST_F(TranslationsTest, ATranslationRecordsWhichSourceRevisionItReflects) {
  v1::Variant ar = Latest(ar_.name());
  EXPECT_EQ(ar.translation_source().variant(), en_.name());
  EXPECT_EQ(ar.translation_source().revision(), 1);
  EXPECT_EQ(ar.translation_status().state(), v1::TRANSLATION_STATE_CURRENT);
  EXPECT_EQ(ar.translation_status().reflected_revision(), 1);
  EXPECT_EQ(ar.translation_status().source_published_revision(), 1);
  EXPECT_EQ(Latest(en_.name()).translation_status().state(), v1::TRANSLATION_STATE_NO_SOURCE);
}

TEST_F(TranslationsTest, ASignificantPublishedSourceEditMakesTheTranslationStaleWithABlockDiff) {
  EditSourceAndPublish("The talks lasted five hours.", v1::CHANGE_SIGNIFICANCE_SIGNIFICANT);
  v1::Variant ar = Latest(ar_.name());
  ASSERT_EQ(ar.translation_status().state(), v1::TRANSLATION_STATE_STALE);
  EXPECT_EQ(ar.translation_status().source_published_revision(), 2);
  EXPECT_THAT(ar.translation_status().changed_source_blocks(), ElementsAre("p2"));
  EXPECT_TRUE(ar.translation_status().has_stale_since());

  v1::GetTranslationDiffRequest request;
  request.set_name(ar_.name());
  JISR_ASSERT_OK_AND_ASSIGN(auto why,
                            newsroom().translations().GetTranslationDiff(request, Editor()));
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
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant page,
                            newsroom().variant_reading().GetVariant(get, Editor()));
  EXPECT_EQ(page.translation_status().state(), v1::TRANSLATION_STATE_STALE);
}

TEST_F(TranslationsTest, AMinorSourceEditDoesNotMakeTheTranslationStale) {
  EditSourceAndPublish("The talks lasted three hours .", v1::CHANGE_SIGNIFICANCE_MINOR);
  EXPECT_EQ(Latest(ar_.name()).translation_status().state(), v1::TRANSLATION_STATE_CURRENT);
}

TEST_F(TranslationsTest, AnUnpublishedSourceDraftDoesNotMakeTheTranslationStale) {
  v1::Variant en = Latest(en_.name());
  v1::UpdateVariantRequest update;
  *update.mutable_variant() = en;
  update.mutable_variant()->set_headline("Talks resume in Geneva, draft");
  update.mutable_update_mask()->add_paths("headline");
  ASSERT_THAT(newsroom().variant_editing().UpdateVariant(update, Editor()), testing::IsOk());
  EXPECT_EQ(Latest(ar_.name()).translation_status().state(), v1::TRANSLATION_STATE_CURRENT);
}

TEST_F(TranslationsTest, UpdatingTheTranslationToTheNewSourceRevisionMakesItCurrentAgain) {
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
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant updated,
                            newsroom().variant_editing().UpdateVariant(update, Editor()));
  EXPECT_EQ(updated.translation_status().state(), v1::TRANSLATION_STATE_CURRENT);
  EXPECT_EQ(updated.translation_source().revision(), 2);

  std::vector<int> kinds;
  for (const auto& e : Events()) {
    if (e.variant() == ar_.name()) kinds.push_back(e.kind());
  }
  EXPECT_THAT(kinds, ::testing::IsSupersetOf(
                         {v1::CHANGE_KIND_BECAME_STALE, v1::CHANGE_KIND_BECAME_CURRENT}));
}

TEST_F(TranslationsTest, StalenessAloneNeverAbortsATranslatorsWriteInProgress) {
  const std::string etag_read = Latest(ar_.name()).etag();
  EditSourceAndPublish("The talks lasted five hours.", v1::CHANGE_SIGNIFICANCE_SIGNIFICANT);
  EXPECT_EQ(Latest(ar_.name()).etag(), etag_read);
}

TEST_F(TranslationsTest, TheDesksStaleListIsOldestFirst) {
  // A second pair, made stale later.
  v1::CreateVariantRequest en2;
  en2.mutable_variant()->set_language("en");
  en2.mutable_variant()->set_headline("Second story");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant second_en,
                            newsroom().variant_editing().CreateVariant(en2, Editor()));
  v1::CreateVariantRequest ar2;
  ar2.mutable_variant()->set_language("ar");
  ar2.mutable_variant()->set_headline("القصة الثانية");
  ar2.mutable_variant()->mutable_translation_source()->set_variant(second_en.name());
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant second_ar,
                            newsroom().variant_editing().CreateVariant(ar2, Editor()));
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
  JISR_ASSERT_OK_AND_ASSIGN(auto stale,
                            newsroom().translations().ListStaleTranslations(list, Editor()));
  ASSERT_THAT(stale.variants(), SizeIs(2));
  EXPECT_EQ(stale.variants(0).name(), ar_.name());
  EXPECT_EQ(stale.variants(1).name(), second_ar.name());
  list.set_language("en");
  JISR_ASSERT_OK_AND_ASSIGN(auto none,
                            newsroom().translations().ListStaleTranslations(list, Editor()));
  EXPECT_THAT(none.variants(), SizeIs(0));
}

}  // namespace
}  // namespace jisr::articles
