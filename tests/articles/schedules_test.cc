// Schedules (services/articles/schedules.h), over a real SQLite file with a manual clock: a
// scheduled publish runs once when due and never again; a schedule that cannot run fails whole
// and changes nothing; a canceled one never runs; a due time in the past is refused.
#include "services/articles/newsroom.h"
#include "services/common/errors.h"
#include "tests/articles/domain_test_support.h"

namespace jisr::articles {
namespace {

using domain_test::Paragraph;
using ::jisr::testing::Editor;
using ::jisr::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::SizeIs;
namespace v1 = ::jisr::v1;

class SchedulesTest : public domain_test::PublishedPairTest {};

TEST_F(SchedulesTest, ASchedulePublishesItsVariantsOnceWhenDue) {
  v1::CreateVariantRequest en;
  en.mutable_variant()->set_language("en");
  en.mutable_variant()->set_headline("Embargoed until noon");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant embargoed,
                            newsroom().variant_editing().CreateVariant(en, Editor()));
  v1::CreateScheduleRequest create;
  create.mutable_schedule()->add_variants(embargoed.name());
  create.mutable_schedule()->set_action(v1::SCHEDULE_ACTION_PUBLISH);
  *create.mutable_schedule()->mutable_due_time() = google::protobuf::Timestamp();
  create.mutable_schedule()->mutable_due_time()->set_seconds(
      absl::ToUnixSeconds(env_.clock().Now() + absl::Hours(4)));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Schedule schedule,
                            newsroom().schedules().CreateSchedule(create, Editor()));
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

TEST_F(SchedulesTest, AScheduleThatCannotRunFailsWholeAndACanceledOneNeverRuns) {
  v1::CreateVariantRequest ar;
  ar.mutable_variant()->set_language("ar");
  *ar.mutable_variant()->add_blocks() = Paragraph("مسودة بلا عنوان", "x1");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant headless,
                            newsroom().variant_editing().CreateVariant(ar, Editor()));
  v1::CreateScheduleRequest create;
  create.mutable_schedule()->add_variants(headless.name());
  create.mutable_schedule()->set_action(v1::SCHEDULE_ACTION_PUBLISH);
  create.mutable_schedule()->mutable_due_time()->set_seconds(
      absl::ToUnixSeconds(env_.clock().Now() + absl::Minutes(10)));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Schedule failing,
                            newsroom().schedules().CreateSchedule(create, Editor()));
  create.mutable_schedule()->set_variants(0, en_.name());
  create.mutable_schedule()->set_action(v1::SCHEDULE_ACTION_UNPUBLISH);
  JISR_ASSERT_OK_AND_ASSIGN(v1::Schedule canceled,
                            newsroom().schedules().CreateSchedule(create, Editor()));
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
