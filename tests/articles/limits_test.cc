// The view limit (services/articles/view_limits.h) and the byte cap on list pages
// (services/articles/paging.h): a write never stores a published view, or answers with a view,
// that a reader could not fetch; it is refused with INVALID_ARGUMENT (VIEW_TOO_LARGE) naming the
// view's largest field, and rolls back whole. A list page stops before the item that would take
// it past the cap, and its next_page_token continues from the last item shown.
//
// The test newsroom keeps the default limit (6 MiB), so what it writes stands for data stored
// before a smaller limit was set; each test then opens a second newsroom over the same storage
// with a small limit, as jisrd restarted with a smaller --max_message_bytes would be.
#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/articles/timestamps.h"
#include "services/articles/view_limits.h"
#include "services/common/errors.h"
#include "tests/articles/domain_test_support.h"

namespace jisr::articles {
namespace {

using ::jisr::testing::Editor;
using ::jisr::testing::IsOk;
using ::jisr::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using ::testing::StartsWith;
namespace v1 = ::jisr::v1;

constexpr size_t kLimit = 16 << 10;

// At least `chars` characters of English prose, in whole sentences.
std::string Prose(size_t chars, absl::string_view sentence = "Talks resumed in Geneva today.") {
  std::string out;
  while (out.size() < chars) absl::StrAppend(&out, out.empty() ? "" : " ", sentence);
  return out;
}

// The field a VIEW_TOO_LARGE error names; a test failure when `status` is not one.
std::string TooLargeField(const absl::Status& status) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_EQ(ErrorReason(status), "VIEW_TOO_LARGE") << status;
  const std::vector<FieldViolation> violations = FieldViolationsOf(status);
  EXPECT_THAT(violations, SizeIs(1)) << status;
  return violations.empty() ? "" : violations[0].field;
}

class LimitsTest : public domain_test::DomainTest {
 protected:
  // A newsroom over the test newsroom's storage and clock, with views limited to `max_bytes`.
  Newsroom& Limited(size_t max_bytes = kLimit) {
    NewsroomOptions options;
    options.config = newsroom().config();
    options.clock = [this] { return env_.clock().Now(); };
    options.max_view_bytes = max_bytes;
    limited_ = std::make_unique<Newsroom>(std::move(options), &env_.storage());
    return *limited_;
  }

  static absl::StatusOr<v1::Variant> CreateIn(Newsroom& in, const std::string& language,
                                              const std::string& headline, const std::string& body,
                                              const std::string& story = "",
                                              const std::string& variant_id = "") {
    v1::CreateVariantRequest request;
    request.set_variant_id(variant_id);
    request.mutable_variant()->set_language(language);
    request.mutable_variant()->set_headline(headline);
    request.mutable_variant()->set_story(story);
    *request.mutable_variant()->add_blocks() = domain_test::Paragraph(body);
    return in.variant_editing().CreateVariant(request, Editor());
  }
  // Replaces the body of `current` with one paragraph (and the headline, when given).
  static absl::StatusOr<v1::Variant> Rewrite(Newsroom& in, const v1::Variant& current,
                                             const std::string& body,
                                             const std::string& headline = "",
                                             bool validate_only = false) {
    v1::UpdateVariantRequest request;
    request.mutable_variant()->set_name(current.name());
    request.mutable_variant()->set_etag(current.etag());
    *request.mutable_variant()->add_blocks() = domain_test::Paragraph(body);
    request.mutable_update_mask()->add_paths("blocks");
    if (!headline.empty()) {
      request.mutable_variant()->set_headline(headline);
      request.mutable_update_mask()->add_paths("headline");
    }
    request.set_validate_only(validate_only);
    return in.variant_editing().UpdateVariant(request, Editor());
  }
  static absl::StatusOr<v1::Variant> PublishIn(Newsroom& in, const std::string& name) {
    v1::PublishVariantRequest request;
    request.set_name(name);
    return in.publishing().PublishVariant(request, Editor());
  }
  static absl::StatusOr<v1::Variant> ReadIn(Newsroom& in, const std::string& name,
                                            v1::VariantView view) {
    v1::GetVariantRequest request;
    request.set_name(name);
    request.set_view(view);
    return in.variant_reading().GetVariant(request, Editor());
  }

  std::unique_ptr<Newsroom> limited_;
};

// The largest field, named by reflection: one element that dominates, a repeated field whose
// elements share the bytes, the text analysis, the alternates; a response of several variants.
TEST(LargestFieldTest, NamesTheFieldToShorten) {
  v1::Variant one_block;
  for (int i = 0; i < 20; ++i) {
    *one_block.add_blocks() = domain_test::Paragraph(i == 12 ? std::string(5000, 'x') : "short");
  }
  EXPECT_EQ(TooLargeField(ViewTooLarge(one_block, one_block.ByteSizeLong(), 100, "a view")),
            "variant.blocks[12]");

  v1::Variant many_blocks;
  for (int i = 0; i < 20; ++i) *many_blocks.add_blocks() = domain_test::Paragraph(Prose(500));
  EXPECT_EQ(TooLargeField(ViewTooLarge(many_blocks, many_blocks.ByteSizeLong(), 100, "a view")),
            "variant.blocks");

  v1::Variant analysed;
  *analysed.add_blocks() = domain_test::Paragraph(Prose(2000));
  v1::FieldText* field = analysed.mutable_text()->add_fields();
  field->set_field("blocks[0].paragraph.text");
  field->set_isolated_text(Prose(2000));
  field->set_search_key(Prose(2000));
  const absl::Status text = ViewTooLarge(analysed, analysed.ByteSizeLong(), 100, "a view");
  EXPECT_EQ(TooLargeField(text), "variant.text");
  EXPECT_THAT(text.message(), HasSubstr("most of it for variant.blocks[0].paragraph.text"));

  v1::Variant many_languages;
  for (int i = 0; i < 40; ++i) many_languages.add_alternates()->set_headline(Prose(200));
  EXPECT_EQ(
      TooLargeField(ViewTooLarge(many_languages, many_languages.ByteSizeLong(), 100, "a view")),
      "variant.alternates");

  v1::BatchPublishVariantsResponse batch;
  batch.add_variants()->set_headline("small");
  *batch.add_variants() = one_block;
  EXPECT_EQ(TooLargeField(CheckAnswerSize(batch, 100)), "variants[1]");
  EXPECT_THAT(CheckAnswerSize(batch, batch.ByteSizeLong()), IsOk());
}

TEST_F(LimitsTest, ACreateWhoseLatestViewIsTooLargeIsRefusedAndStoresNothing) {
  Newsroom& limited = Limited();
  auto created = CreateIn(limited, "en", "Too long", Prose(12000), "", "too-long");
  const std::string field = TooLargeField(created.status());
  // The analysis of the text (isolated text, search key) outweighs the text itself.
  EXPECT_EQ(field, "variant.text");
  EXPECT_THAT(created.status().message(),
              HasSubstr("most of it for variant.blocks[0].paragraph.text"));
  EXPECT_THAT(created.status().message(),
              HasSubstr(absl::StrCat("view limit of ", kLimit, " bytes")));
  EXPECT_THAT(created.status().message(), HasSubstr("split the article"));
  // Rolled back whole: no variant, and no story made for it.
  EXPECT_THAT(ReadIn(limited, "variants/too-long", v1::VARIANT_VIEW_LATEST),
              StatusIs(absl::StatusCode::kNotFound));
  v1::ListStoriesRequest stories;
  JISR_ASSERT_OK_AND_ASSIGN(auto listed, limited.stories().ListStories(stories, Editor()));
  EXPECT_EQ(listed.stories_size(), 0);
  EXPECT_TRUE(Events().empty());
  // One that fits is created.
  JISR_EXPECT_OK(CreateIn(limited, "en", "Short enough", Prose(1000)));
}

TEST_F(LimitsTest, AnUpdateWhoseLatestViewIsTooLargeKeepsThePreviousRevision) {
  Newsroom& limited = Limited();
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant v, CreateIn(limited, "en", "Short", Prose(500)));
  JISR_ASSERT_OK_AND_ASSIGN(v, PublishIn(limited, v.name()));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant published,
                            ReadIn(limited, v.name(), v1::VARIANT_VIEW_PUBLISHED));

  for (bool validate_only : {true, false}) {
    auto updated = Rewrite(limited, v, Prose(12000), "", validate_only);
    EXPECT_EQ(TooLargeField(updated.status()), "variant.text") << validate_only;
    EXPECT_THAT(updated.status().message(), HasSubstr(v.name()));
  }
  // The variant is as it was, in both views.
  EXPECT_EQ(RevisionCount(v.name()), 1);
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant latest, ReadIn(limited, v.name(), v1::VARIANT_VIEW_LATEST));
  EXPECT_EQ(latest.etag(), v.etag());
  EXPECT_EQ(latest.latest_revision(), 1);
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant still,
                            ReadIn(limited, v.name(), v1::VARIANT_VIEW_PUBLISHED));
  EXPECT_EQ(still.SerializeAsString(), published.SerializeAsString());
}

TEST_F(LimitsTest, APublishThatWouldMakeASiblingsPublishedViewTooLargeIsRefused) {
  // B is published with a view just under the limit; publishing A adds A to B's alternates.
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant b, CreateIn(newsroom(), "en", "Beside", Prose(3000)));
  JISR_ASSERT_OK(Publish(b.name()));
  JISR_ASSERT_OK_AND_ASSIGN(
      v1::Variant a, CreateIn(newsroom(), "ar", "محادثات جنيف تستأنف بعد توقف دام ثلاثة أسابيع",
                              "التقت الوفود يوم الاثنين.", b.story()));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant before, Read(b.name()));
  const size_t bytes = before.ByteSizeLong();
  Newsroom& limited = Limited(bytes + 40);

  auto published = PublishIn(limited, a.name());
  EXPECT_THAT(TooLargeField(published.status()), StartsWith("variant."));
  EXPECT_THAT(published.status().message(),
              HasSubstr(absl::StrCat("the published view of ", b.name())));
  // Nothing changed: A is a draft, B's page is as it was.
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant draft, ReadIn(limited, a.name(), v1::VARIANT_VIEW_LATEST));
  EXPECT_EQ(draft.state(), v1::VARIANT_STATE_DRAFT);
  EXPECT_THAT(ReadIn(limited, a.name(), v1::VARIANT_VIEW_PUBLISHED),
              StatusIs(absl::StatusCode::kNotFound));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant after,
                            ReadIn(limited, b.name(), v1::VARIANT_VIEW_PUBLISHED));
  EXPECT_EQ(after.SerializeAsString(), before.SerializeAsString());
}

TEST_F(LimitsTest, EveryAnswerIsCheckedAResponseOfSeveralVariantsToo) {
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant en, CreateIn(newsroom(), "en", "Both", Prose(3000)));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant ar,
                            CreateIn(newsroom(), "ar", "كلاهما",
                                     Prose(3000, "استؤنفت المحادثات في جنيف اليوم."), en.story()));
  const size_t largest =
      std::max(Latest(en.name()).ByteSizeLong(), Latest(ar.name()).ByteSizeLong());
  // Each view fits; the two together, in one answer, do not.
  Newsroom& limited = Limited(largest + 2000);
  v1::BatchPublishVariantsRequest batch;
  batch.add_names(en.name());
  batch.add_names(ar.name());
  auto both = limited.publishing().BatchPublishVariants(batch, Editor());
  EXPECT_THAT(TooLargeField(both.status()), StartsWith("variants["));
  EXPECT_THAT(both.status().message(), HasSubstr("fewer variants in one call"));
  EXPECT_EQ(Latest(en.name()).state(), v1::VARIANT_STATE_DRAFT);
  EXPECT_EQ(Latest(ar.name()).state(), v1::VARIANT_STATE_DRAFT);
  JISR_EXPECT_OK(PublishIn(limited, en.name()));
  JISR_EXPECT_OK(PublishIn(limited, ar.name()));
}

// A variant stored before the limit that is over it does not hold up its story: writes that
// leave its page as large go on; one that would make it larger is refused naming it; once it is
// shortened, everything goes on.
TEST_F(LimitsTest, AVariantStoredOverTheLimitDoesNotFailEveryWriteToItsStory) {
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant x,
                            CreateIn(newsroom(), "en", "Old and long", Prose(12000)));
  JISR_ASSERT_OK(Publish(x.name()));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant y,
                            CreateIn(newsroom(), "ar", "قصير", "نص قصير.", x.story()));
  JISR_ASSERT_OK(Publish(y.name()));
  Newsroom& limited = Limited();
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant old_page,
                            ReadIn(limited, x.name(), v1::VARIANT_VIEW_PUBLISHED));
  ASSERT_GT(old_page.ByteSizeLong(), kLimit);

  // The sibling is edited and published again: X's page is rebuilt no larger, and served.
  JISR_ASSERT_OK_AND_ASSIGN(y, Rewrite(limited, Latest(y.name()), "نص جديد."));
  JISR_ASSERT_OK(PublishIn(limited, y.name()));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant page,
                            ReadIn(limited, x.name(), v1::VARIANT_VIEW_PUBLISHED));
  EXPECT_EQ(page.ByteSizeLong(), old_page.ByteSizeLong());

  // A longer headline for the sibling would grow X's page: refused, naming X.
  JISR_ASSERT_OK_AND_ASSIGN(
      y, Rewrite(limited, Latest(y.name()), "نص جديد.", "عنوان أطول بكثير من العنوان الأول"));
  auto grown = PublishIn(limited, y.name());
  EXPECT_EQ(TooLargeField(grown.status()), "variant.text");
  EXPECT_THAT(grown.status().message(), HasSubstr(absl::StrCat("published view of ", x.name())));

  // X shortened and published: the sibling's publish goes through.
  JISR_ASSERT_OK_AND_ASSIGN(x, Rewrite(limited, Latest(x.name()), Prose(1000)));
  JISR_ASSERT_OK(PublishIn(limited, x.name()));
  JISR_ASSERT_OK(PublishIn(limited, y.name()));
  JISR_ASSERT_OK_AND_ASSIGN(page, ReadIn(limited, x.name(), v1::VARIANT_VIEW_PUBLISHED));
  EXPECT_LE(page.ByteSizeLong(), kLimit);
}

// A due schedule that cannot be carried out within the limit fails on its own; the others run.
TEST_F(LimitsTest, AScheduleThatWouldMakeAViewTooLargeFailsAloneAndTheOthersRun) {
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant small, CreateIn(newsroom(), "en", "Small", Prose(500)));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant large, CreateIn(newsroom(), "en", "Large", Prose(12000)));
  std::vector<std::string> names;
  for (const v1::Variant* v : {&small, &large}) {
    v1::CreateScheduleRequest request;
    request.mutable_schedule()->add_variants(v->name());
    request.mutable_schedule()->set_action(v1::SCHEDULE_ACTION_PUBLISH);
    *request.mutable_schedule()->mutable_due_time() =
        ToProto(env_.clock().Now() + absl::Minutes(names.size() + 1));
    JISR_ASSERT_OK_AND_ASSIGN(v1::Schedule schedule,
                              newsroom().schedules().CreateSchedule(request, Editor()));
    names.push_back(schedule.name());
  }
  Newsroom& limited = Limited();
  env_.clock().Advance(absl::Hours(1));
  JISR_ASSERT_OK_AND_ASSIGN(std::vector<v1::Schedule> ran, limited.schedules().RunDueSchedules());
  ASSERT_THAT(ran, SizeIs(2));
  EXPECT_EQ(ran[0].name(), names[0]);
  EXPECT_EQ(ran[0].state(), v1::SCHEDULE_STATE_DONE);
  EXPECT_EQ(ran[1].name(), names[1]);
  EXPECT_EQ(ran[1].state(), v1::SCHEDULE_STATE_FAILED);
  EXPECT_THAT(ran[1].failure(), HasSubstr(absl::StrCat("published view of ", large.name())));
  EXPECT_EQ(Latest(small.name()).state(), v1::VARIANT_STATE_PUBLISHED);
  const v1::Variant still = Latest(large.name());
  EXPECT_EQ(still.state(), v1::VARIANT_STATE_DRAFT);
  EXPECT_EQ(still.scheduled_changes_size(), 0);
  JISR_ASSERT_OK_AND_ASSIGN(ran, limited.schedules().RunDueSchedules());
  EXPECT_THAT(ran, SizeIs(0));
}

// Every page of a list, from the first: `fetch(token)` returns a page's item names and its
// next_page_token. Each page must hold something.
template <typename Fetch>
std::vector<std::vector<std::string>> PageThrough(Fetch fetch) {
  std::vector<std::vector<std::string>> pages;
  std::string token;
  do {
    std::pair<std::vector<std::string>, std::string> page = fetch(token);
    EXPECT_FALSE(page.first.empty()) << "page " << pages.size() << " is empty";
    pages.push_back(std::move(page.first));
    token = std::move(page.second);
  } while (!token.empty() && pages.size() < 100);
  return pages;
}

std::vector<std::string> Joined(const std::vector<std::vector<std::string>>& pages) {
  std::vector<std::string> out;
  for (const auto& page : pages) out.insert(out.end(), page.begin(), page.end());
  return out;
}

template <typename Item>
std::vector<std::string> NamesOf(const google::protobuf::RepeatedPtrField<Item>& items) {
  std::vector<std::string> out;
  for (const Item& item : items) out.push_back(item.name());
  return out;
}

// What a list page may take: its items within the cap, and its token.
template <typename Response>
void ExpectWithinCap(const Response& page, size_t cap) {
  EXPECT_LE(page.ByteSizeLong(), cap + page.next_page_token().size() + 4);
}

TEST_F(LimitsTest, ListVariantsStopsAtTheByteCapAndPagesThroughEveryVariantOnce) {
  for (int i = 0; i < 7; ++i) {
    JISR_ASSERT_OK(CreateIn(newsroom(), "en", absl::StrCat("Variant ", i), Prose(1500)));
    env_.clock().Advance(absl::Seconds(1));
  }
  v1::ListVariantsRequest request;
  request.set_view(v1::VARIANT_VIEW_LATEST);
  JISR_ASSERT_OK_AND_ASSIGN(auto all, newsroom().variant_reading().ListVariants(request, Editor()));
  const std::vector<std::string> expected = NamesOf(all.variants());
  ASSERT_THAT(expected, SizeIs(7));

  Newsroom& limited = Limited();
  request.set_page_size(10);
  const auto pages = PageThrough([&](const std::string& token) {
    request.set_page_token(token);
    auto page = limited.variant_reading().ListVariants(request, Editor());
    EXPECT_THAT(page, IsOk());
    if (!page.ok()) return std::make_pair(std::vector<std::string>(), std::string());
    ExpectWithinCap(*page, kLimit);
    for (const v1::Variant& v : page->variants()) EXPECT_EQ(v.blocks_size(), 1);
    return std::make_pair(NamesOf(page->variants()), page->next_page_token());
  });
  ASSERT_GT(pages.size(), 1u);
  EXPECT_LT(pages[0].size(), 10u);
  EXPECT_EQ(Joined(pages), expected);

  // An item over the cap on its own (stored before the cap) fails the list, naming it.
  Newsroom& tiny = Limited(1024);
  request.clear_page_token();
  auto refused = tiny.variant_reading().ListVariants(request, Editor());
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr(expected[0])));
  EXPECT_EQ(ErrorReason(refused.status()), "VIEW_TOO_LARGE");
}

TEST_F(LimitsTest, ListRevisionsInTheFullViewStopsAtTheByteCap) {
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant v, CreateIn(newsroom(), "en", "Revised", Prose(1500)));
  for (int i = 0; i < 5; ++i) {
    JISR_ASSERT_OK_AND_ASSIGN(
        v, Rewrite(newsroom(), v, Prose(1500, absl::StrCat("Revision ", i + 2, " of the talks."))));
  }
  v1::ListRevisionsRequest request;
  request.set_parent(v.name());
  request.set_view(v1::REVISION_VIEW_FULL);
  JISR_ASSERT_OK_AND_ASSIGN(auto all,
                            newsroom().revision_history().ListRevisions(request, Editor()));
  const std::vector<std::string> expected = NamesOf(all.revisions());
  ASSERT_THAT(expected, SizeIs(6));
  EXPECT_EQ(expected[0], absl::StrCat(v.name(), "/revisions/6"));

  Newsroom& limited = Limited();
  request.set_page_size(10);
  const auto pages = PageThrough([&](const std::string& token) {
    request.set_page_token(token);
    auto page = limited.revision_history().ListRevisions(request, Editor());
    EXPECT_THAT(page, IsOk());
    if (!page.ok()) return std::make_pair(std::vector<std::string>(), std::string());
    ExpectWithinCap(*page, kLimit);
    for (const v1::Revision& r : page->revisions()) EXPECT_TRUE(r.has_snapshot());
    return std::make_pair(NamesOf(page->revisions()), page->next_page_token());
  });
  ASSERT_GT(pages.size(), 1u);
  EXPECT_LT(pages[0].size(), 6u);
  EXPECT_EQ(Joined(pages), expected);
}

TEST_F(LimitsTest, ListStoriesStopsAtTheByteCap) {
  for (int i = 0; i < 5; ++i) {
    JISR_ASSERT_OK_AND_ASSIGN(
        v1::Variant en, CreateIn(newsroom(), "en",
                                 Prose(150, absl::StrCat("Story ", i, " of the talks.")), "Body."));
    JISR_ASSERT_OK(
        CreateIn(newsroom(), "ar", Prose(150, "استؤنفت المحادثات في جنيف."), "نص.", en.story()));
    env_.clock().Advance(absl::Seconds(1));
  }
  v1::ListStoriesRequest request;
  JISR_ASSERT_OK_AND_ASSIGN(auto all, newsroom().stories().ListStories(request, Editor()));
  const std::vector<std::string> expected = NamesOf(all.stories());
  ASSERT_THAT(expected, SizeIs(5));
  ASSERT_THAT(all.stories(0).variants(), SizeIs(2));

  // Room for two stories a page, not three.
  const size_t cap = all.stories(0).ByteSizeLong() * 5 / 2;
  Newsroom& limited = Limited(cap);
  request.set_page_size(10);
  const auto pages = PageThrough([&](const std::string& token) {
    request.set_page_token(token);
    auto page = limited.stories().ListStories(request, Editor());
    EXPECT_THAT(page, IsOk());
    if (!page.ok()) return std::make_pair(std::vector<std::string>(), std::string());
    ExpectWithinCap(*page, cap);
    return std::make_pair(NamesOf(page->stories()), page->next_page_token());
  });
  EXPECT_THAT(pages, SizeIs(3));
  EXPECT_EQ(Joined(pages), expected);
}

}  // namespace
}  // namespace jisr::articles
