// Publishing (services/articles/publishing.h) and the published views derived on every write,
// over a real SQLite file: the "Updated" time moves only when a significant revision is
// published; archive imports keep their original time (never a future one); readers' alternates
// (hreflang) list only published siblings, reciprocally, with an x-default, while editors see
// every sibling; a batch publish of several languages is all or nothing, with one publish time.
#include "google/protobuf/util/time_util.h"
#include "services/articles/newsroom.h"
#include "services/common/errors.h"
#include "tests/articles/domain_test_support.h"

namespace jisr::articles {
namespace {

using domain_test::Paragraph;
using ::google::protobuf::util::TimeUtil;
using ::jisr::testing::Editor;
using ::jisr::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::SizeIs;
namespace v1 = ::jisr::v1;

class PublishingTest : public domain_test::DomainTest {};
// The tests that start from a published English source and its Arabic translation.
class PublishingAPairTest : public domain_test::PublishedPairTest {};

TEST_F(PublishingTest, UpdateTimeMovesOnlyWhenASignificantRevisionIsPublished) {
  v1::Variant v = Create("en", "Headline");
  env_.clock().Advance(absl::Minutes(5));
  JISR_ASSERT_OK_AND_ASSIGN(v, Publish(v.name()));
  const auto first = v.first_publish_time();
  EXPECT_EQ(v.update_time(), first);
  EXPECT_EQ(v.publish_time(), first);

  env_.clock().Advance(absl::Hours(1));
  JISR_ASSERT_OK_AND_ASSIGN(v, Edit(v, "Headline, typo fixed", v1::CHANGE_SIGNIFICANCE_MINOR));
  JISR_ASSERT_OK_AND_ASSIGN(v, Publish(v.name()));
  EXPECT_EQ(v.update_time(), first) << "a typo fix does not make an article Updated";
  EXPECT_GT(v.publish_time(), first);

  env_.clock().Advance(absl::Hours(1));
  JISR_ASSERT_OK_AND_ASSIGN(v, Edit(v, "Headline with news"));
  JISR_ASSERT_OK_AND_ASSIGN(v, Edit(v, "Headline with news, comma", v1::CHANGE_SIGNIFICANCE_MINOR));
  JISR_ASSERT_OK_AND_ASSIGN(v, Publish(v.name()));
  EXPECT_EQ(v.update_time(), v.publish_time())
      << "the published change includes a significant revision, even if the last was minor";
  EXPECT_EQ(v.first_publish_time(), first);
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant seen, Read(v.name()));
  EXPECT_EQ(seen.update_time(), v.update_time());
}

TEST_F(PublishingTest, ArchiveImportsPublishWithTheOriginalTime) {
  v1::Variant v = Create("en", "From the archive");
  v1::PublishVariantRequest request;
  request.set_name(v.name());
  *request.mutable_publish_time() = TimeUtil::SecondsToTimestamp(1687179960);  // 2023-06-19 13:06Z
  JISR_ASSERT_OK_AND_ASSIGN(
      v, newsroom().publishing().PublishVariant(request, ::jisr::testing::Admin()));
  EXPECT_EQ(TimeUtil::ToString(v.update_time()), "2023-06-19T13:06:00Z");
  EXPECT_EQ(TimeUtil::ToString(v.first_publish_time()), "2023-06-19T13:06:00Z");
  *request.mutable_publish_time() = TimeUtil::SecondsToTimestamp(4102444800);  // 2100
  auto future = newsroom().publishing().PublishVariant(request, ::jisr::testing::Admin());
  EXPECT_THAT(future, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(FieldViolationsOf(future.status())[0].field, "publish_time");
}

TEST_F(PublishingTest, AlternatesListOnlyPublishedSiblingsForReadersAndAllForEditors) {
  v1::Variant en = Create("en", "English headline");
  v1::Variant ar = Create("ar", "عنوان عربي", "", en.name());
  JISR_ASSERT_OK(Publish(en.name()));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant reader, Read(en.name()));
  ASSERT_THAT(reader.alternates(), SizeIs(1));
  EXPECT_EQ(reader.alternates(0).language(), "en");
  EXPECT_TRUE(reader.alternates(0).self());
  EXPECT_TRUE(reader.alternates(0).x_default());

  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant editor, Read(en.name(), v1::VARIANT_VIEW_LATEST));
  ASSERT_THAT(editor.alternates(), SizeIs(2));
  EXPECT_EQ(editor.alternates(1).language(), "ar");
  EXPECT_EQ(editor.alternates(1).state(), v1::VARIANT_STATE_DRAFT);

  JISR_ASSERT_OK(Publish(ar.name()));
  JISR_ASSERT_OK_AND_ASSIGN(reader, Read(en.name()));
  ASSERT_THAT(reader.alternates(), SizeIs(2));
  EXPECT_EQ(reader.alternates(1).language(), "ar");
  EXPECT_EQ(reader.alternates(1).slug(), "عنوان-عربي");
  EXPECT_EQ(reader.alternates(1).headline(), "عنوان عربي");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant reader_ar, Read(ar.name()));
  ASSERT_THAT(reader_ar.alternates(), SizeIs(2)) << "alternates are reciprocal";
  EXPECT_TRUE(reader_ar.alternates(0).x_default());
  EXPECT_TRUE(reader_ar.alternates(1).self());

  v1::UnpublishVariantRequest unpublish;
  unpublish.set_name(ar.name());
  JISR_ASSERT_OK(newsroom().publishing().UnpublishVariant(unpublish, Editor()));
  JISR_ASSERT_OK_AND_ASSIGN(reader, Read(en.name()));
  EXPECT_THAT(reader.alternates(), SizeIs(1)) << "an unpublished sibling never leaks";
  EXPECT_THAT(Read(ar.name()), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(PublishingAPairTest, APairPublishFailsWholeWhenOneVariantCannotBePublished) {
  v1::CreateVariantRequest en;
  en.mutable_variant()->set_language("en");
  en.mutable_variant()->set_headline("Ready in English");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant ready,
                            newsroom().variant_editing().CreateVariant(en, Editor()));
  v1::CreateVariantRequest ar;
  ar.mutable_variant()->set_language("ar");
  ar.mutable_variant()->mutable_translation_source()->set_variant(ready.name());
  *ar.mutable_variant()->add_blocks() = Paragraph("نص بلا عنوان", "x1");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant headless,
                            newsroom().variant_editing().CreateVariant(ar, Editor()));

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
  JISR_ASSERT_OK_AND_ASSIGN(auto both,
                            newsroom().publishing().BatchPublishVariants(publish, Editor()));
  ASSERT_THAT(both.variants(), SizeIs(2));
  EXPECT_EQ(both.variants(0).publish_time(), both.variants(1).publish_time());
  EXPECT_THAT(both.variants(0).alternates(), SizeIs(2));
}

}  // namespace
}  // namespace jisr::articles
