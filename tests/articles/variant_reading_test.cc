// VariantReading (services/articles/variant_reading.h), over a real SQLite file: what renderers
// and editors read. Renderers get the published revision (never a draft), by name or by
// (language, slug), with the text analysis and the newsroom's datelines (or a style they ask
// for); editors get the latest draft. Lists are newest change first, filtered by language, paged,
// and ordered by headline in the language's alphabetical order.
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
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
namespace v1 = ::jisr::v1;

class VariantReadingTest : public domain_test::DomainTest {};

TEST_F(VariantReadingTest, RenderersSeeThePublishedRevisionNotTheDraft) {
  v1::Variant v = Create("en", "Published headline");
  EXPECT_THAT(Read(v.name()), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(Read(v.name()).status()), "NOT_PUBLISHED");
  JISR_ASSERT_OK_AND_ASSIGN(v, Publish(v.name()));
  JISR_ASSERT_OK_AND_ASSIGN(v, Edit(v, "Draft headline"));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant published, Read(v.name()));
  EXPECT_EQ(published.headline(), "Published headline");
  EXPECT_EQ(published.revision().number(), 1);
  EXPECT_EQ(published.published_revision(), 1);
  // Whether a draft is waiting is the newsroom's to know, not readers'.
  EXPECT_EQ(published.latest_revision(), 0);
  EXPECT_FALSE(published.has_unpublished_changes());
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant draft, Read(v.name(), v1::VARIANT_VIEW_LATEST));
  EXPECT_EQ(draft.headline(), "Draft headline");
  EXPECT_EQ(draft.latest_revision(), 2);
  EXPECT_TRUE(draft.has_unpublished_changes());
}

TEST_F(VariantReadingTest, LookupBySlugFindsPublishedVariantsAndSlugsAreUniquePerLanguage) {
  v1::Variant v = Create("en", "Slug test");
  JISR_ASSERT_OK(Publish(v.name()));
  v1::LookupVariantRequest lookup;
  lookup.set_language("en");
  lookup.set_slug("slug-test");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant found,
                            newsroom().variant_reading().LookupVariant(lookup, Editor()));
  EXPECT_EQ(found.name(), v.name());
  lookup.set_language("ar");
  EXPECT_THAT(newsroom().variant_reading().LookupVariant(lookup, Editor()),
              StatusIs(absl::StatusCode::kNotFound));

  v1::Variant same_headline = Create("en", "Slug test");
  EXPECT_EQ(same_headline.slug(), "slug-test-2");
  v1::CreateVariantRequest taken;
  taken.mutable_variant()->set_language("en");
  taken.mutable_variant()->set_headline("Other");
  taken.mutable_variant()->set_slug("slug-test");
  EXPECT_THAT(newsroom().variant_editing().CreateVariant(taken, Editor()),
              StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_F(VariantReadingTest, EveryTextFieldIsAnalysedAndTheDatelinesAreTheNewsrooms) {
  v1::CreateVariantRequest request;
  request.mutable_variant()->set_language("ar");
  request.mutable_variant()->set_headline("وكالة AFP تنشر الخبر");
  *request.mutable_variant()->add_blocks() =
      Paragraph("قال مسؤولون إن 150 شخصاً حضروا المؤتمر في 2018.");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant v,
                            newsroom().variant_editing().CreateVariant(request, Editor()));
  ASSERT_EQ(v.text().fields_size(), 2);
  const v1::FieldText& headline = v.text().fields(0);
  EXPECT_EQ(headline.field(), "headline");
  EXPECT_EQ(headline.base_direction(), v1::TEXT_DIRECTION_RIGHT_TO_LEFT);
  ASSERT_EQ(headline.isolates_size(), 1);
  EXPECT_EQ(headline.isolates(0).direction(), v1::TEXT_DIRECTION_LEFT_TO_RIGHT);
  EXPECT_EQ(headline.isolates(0).range().start(), 6);  // "AFP" after "وكالة "
  EXPECT_EQ(headline.isolates(0).range().end(), 9);
  EXPECT_EQ(v.text().fields(1).field(), "blocks[0].paragraph.text");
  EXPECT_EQ(v.text().fields(1).isolates_size(), 2);
  EXPECT_GT(v.text().word_count(), 8);
  EXPECT_GT(v.text().reading_time_seconds(), 0);
  EXPECT_FALSE(v.text().excerpt().empty());
  EXPECT_TRUE(v.text().datelines().published().empty()) << "not published yet";

  env_.clock().Advance(absl::Hours(1));
  v1::PublishVariantRequest publish;
  publish.set_name(v.name());
  *publish.mutable_publish_time() = TimeUtil::SecondsToTimestamp(1687179960);  // 2023-06-19 13:06Z
  // Back-dating is for administrators.
  JISR_ASSERT_OK(newsroom().publishing().PublishVariant(publish, ::jisr::testing::Admin()));
  v1::GetVariantRequest get;
  get.set_name(v.name());
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant page,
                            newsroom().variant_reading().GetVariant(get, Editor()));
  EXPECT_EQ(page.text().fields_size(), 2) << "the published view carries the analysis";
  EXPECT_THAT(page.text().datelines().updated(), HasSubstr("\xD8\x8C")) << "Arabic comma";
  get.mutable_dateline_style()->set_locale("en-AE");
  JISR_ASSERT_OK_AND_ASSIGN(page, newsroom().variant_reading().GetVariant(get, Editor()));
  EXPECT_EQ(page.text().datelines().updated(), "Updated: June 19, 2023, 5:06 PM");
  get.mutable_dateline_style()->set_calendar("no-such-calendar");
  auto bad = newsroom().variant_reading().GetVariant(get, Editor());
  EXPECT_THAT(bad, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(FieldViolationsOf(bad.status())[0].field, "dateline_style.calendar");
}

TEST_F(VariantReadingTest, ListsAreNewestChangeFirstFilteredAndPaged) {
  std::vector<v1::Variant> created;
  for (int i = 0; i < 5; ++i) {
    env_.clock().Advance(absl::Seconds(1));
    created.push_back(Create(i % 2 == 0 ? "en" : "ar", "Headline " + std::to_string(i)));
  }
  v1::ListVariantsRequest request;
  request.set_page_size(2);
  std::vector<std::string> names;
  do {
    JISR_ASSERT_OK_AND_ASSIGN(auto page,
                              newsroom().variant_reading().ListVariants(request, Editor()));
    for (const auto& v : page.variants()) {
      names.push_back(v.name());
      EXPECT_THAT(v.blocks(), SizeIs(0)) << "the BASIC view has no blocks";
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  EXPECT_THAT(names, ElementsAre(created[4].name(), created[3].name(), created[2].name(),
                                 created[1].name(), created[0].name()));
  request.set_language("ar");
  request.set_page_size(10);
  JISR_ASSERT_OK_AND_ASSIGN(auto arabic,
                            newsroom().variant_reading().ListVariants(request, Editor()));
  EXPECT_THAT(arabic.variants(), SizeIs(2));
  request.set_page_token("not-a-token");
  EXPECT_THAT(newsroom().variant_reading().ListVariants(request, Editor()),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

// A desk overview lists the basic view: no blocks and none of their text analysis, while the
// headline's analysis and the whole article's counts stay; the latest view keeps everything.
TEST_F(VariantReadingTest, TheBasicListViewLeavesOutTheBlocksAndTheirAnalysis) {
  const v1::Variant created = Create("en", "An overview");
  ASSERT_THAT(created.text().fields(), SizeIs(2));
  v1::ListVariantsRequest request;
  JISR_ASSERT_OK_AND_ASSIGN(auto basic,
                            newsroom().variant_reading().ListVariants(request, Editor()));
  ASSERT_THAT(basic.variants(), SizeIs(1));
  const v1::Variant& entry = basic.variants(0);
  EXPECT_THAT(entry.blocks(), SizeIs(0));
  ASSERT_THAT(entry.text().fields(), SizeIs(1));
  EXPECT_EQ(entry.text().fields(0).field(), "headline");
  EXPECT_EQ(entry.text().fields(0).SerializeAsString(),
            created.text().fields(0).SerializeAsString());
  EXPECT_EQ(entry.text().word_count(), created.text().word_count());
  request.set_view(v1::VARIANT_VIEW_LATEST);
  JISR_ASSERT_OK_AND_ASSIGN(auto latest,
                            newsroom().variant_reading().ListVariants(request, Editor()));
  ASSERT_THAT(latest.variants(), SizeIs(1));
  EXPECT_THAT(latest.variants(0).blocks(), SizeIs(1));
  EXPECT_EQ(latest.variants(0).text().SerializeAsString(), created.text().SerializeAsString());
}

// Readers' lists (the published view) answer each entry with what GetVariant answers: from
// memory when it holds the entry's version, else from storage, which then fills memory. A
// second newsroom over the same file stands for a replica whose memory lags another's writes
// (it does not follow the feed here).
TEST_F(VariantReadingTest, ReadersListsAnswerWhatGetVariantAnswersAndFillMemory) {
  v1::Variant en = Create("en", "Front page story");
  JISR_ASSERT_OK(Publish(en.name()));
  env_.clock().Advance(absl::Seconds(1));
  v1::Variant ar = Create("ar", "قصة الصفحة الأولى", en.story(), en.name());
  env_.clock().Advance(absl::Seconds(1));
  JISR_ASSERT_OK(Publish(ar.name()));
  NewsroomOptions options;
  options.config = newsroom().config();
  Newsroom replica(options, &env_.storage());
  v1::ListVariantsRequest request;
  request.set_view(v1::VARIANT_VIEW_PUBLISHED);
  auto list = [&](const Newsroom& room) {
    auto page = room.variant_reading().ListVariants(request, Editor());
    EXPECT_TRUE(page.ok()) << page.status();
    std::vector<std::string> entries;
    for (const auto& v : page->variants()) entries.push_back(v.SerializeAsString());
    return entries;
  };
  auto get = [&](const Newsroom& room, const std::string& name) {
    v1::GetVariantRequest request;
    request.set_name(name);
    auto view = room.variant_reading().GetVariant(request, Editor());
    EXPECT_TRUE(view.ok()) << view.status();
    return view->SerializeAsString();
  };
  const std::vector<std::string> cold = list(replica);
  EXPECT_EQ(replica.published_cache_stats().misses, 2);
  EXPECT_EQ(replica.published_cache_stats().entries, 2) << "the list filled memory";
  const std::vector<std::string> warm = list(replica);
  EXPECT_EQ(replica.published_cache_stats().hits, 2);
  EXPECT_EQ(warm, cold);
  EXPECT_THAT(cold, ElementsAre(get(newsroom(), ar.name()), get(newsroom(), en.name())));
  EXPECT_EQ(list(newsroom()), cold);

  // Written through the other newsroom: the replica's memory holds an older version, so its
  // list reads the entry from storage instead of answering the old headline.
  env_.clock().Advance(absl::Seconds(1));
  JISR_ASSERT_OK_AND_ASSIGN(en, Edit(Latest(en.name()), "Front page story, updated"));
  JISR_ASSERT_OK(Publish(en.name()));
  const std::vector<std::string> after = list(replica);
  ASSERT_THAT(after, SizeIs(2));
  v1::Variant first;
  ASSERT_TRUE(first.ParseFromString(after[0]));
  EXPECT_EQ(first.headline(), "Front page story, updated");
  EXPECT_EQ(after[0], get(newsroom(), en.name()));
  // The Arabic entry's own version did not change, so it is what the replica's GetVariant
  // answers until the replica follows the feed (PublishedViews::FollowFeed).
  EXPECT_EQ(after[1], get(replica, ar.name()));
}

TEST_F(VariantReadingTest, ListsByHeadlineFollowTheLanguagesAlphabeticalOrder) {
  // Code point order would put أحمد (U+0623) before ابراهيم (U+0627); Arabic collation
  // treats the hamza on the alef as the same letter, so the second letters decide.
  for (const char* headline : {"بيت الحكمة", "أحمد يكتب", "ابراهيم يقرأ"}) Create("ar", headline);
  Create("en", "Zebra");
  v1::ListVariantsRequest request;
  request.set_language("ar");
  request.set_order_by("headline");
  request.set_page_size(1);
  std::vector<std::string> headlines;
  do {
    JISR_ASSERT_OK_AND_ASSIGN(auto page,
                              newsroom().variant_reading().ListVariants(request, Editor()));
    for (const auto& v : page.variants()) headlines.push_back(v.headline());
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  EXPECT_THAT(headlines, ElementsAre("ابراهيم يقرأ", "أحمد يكتب", "بيت الحكمة"));
  request.clear_language();
  EXPECT_THAT(newsroom().variant_reading().ListVariants(request, Editor()),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace jisr::articles
