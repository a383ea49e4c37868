// Newsroom datelines in the forms English and Arabic pages print them.
#include "clients/import/datelines.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jisr::import {
namespace {

using ::testing::HasSubstr;

absl::Time Utc(int y, int m, int d, int h, int min) {
  return absl::FromCivil(absl::CivilMinute(y, m, d, h, min), absl::UTCTimeZone());
}

TEST(DatelinesTest, ReadsTheSameInstantInEveryForm) {
  const absl::Time expected = Utc(2023, 6, 19, 13, 6);
  for (const char* text : {
           "June 19, 2023, 5:06 PM",
           "June 19, 2023 at 5:06\u202FPM",
           "19 June 2023 17:06",
           "Jun 19th 2023 5:06pm",
           "June 19, 2023, 5:06 p.m.",
           "19 يونيو 2023، 5:06 م",
           "١٩ يونيو ٢٠٢٣، ٥:٠٦ م",
           "۱۹ حزيران ۲۰۲۳ ۵:۰۶ مساءً",
           "19 جوان 2023م، 5:06 مساء",
       }) {
    absl::StatusOr<absl::Time> time = ParseNewsroomDate(text, GulfTimeZone());
    ASSERT_TRUE(time.ok()) << text << ": " << time.status();
    EXPECT_EQ(*time, expected) << text;
  }
}

TEST(DatelinesTest, TwoWordLevantineMonthsAndMorningHours) {
  absl::StatusOr<absl::Time> time =
      ParseNewsroomDate("3 كانون الثاني 2024، 12:30 ص", GulfTimeZone());
  ASSERT_TRUE(time.ok()) << time.status();
  EXPECT_EQ(*time, Utc(2024, 1, 2, 20, 30));  // 00:30 in Dubai is 20:30 UTC the day before.
}

TEST(DatelinesTest, RecognisesLabelsAndIgnoresOtherLines) {
  auto updated = ParseDatelineLine("Updated: June 19, 2023, 5:06 PM", GulfTimeZone());
  ASSERT_TRUE(updated.ok() && updated->has_value());
  EXPECT_EQ((*updated)->kind, DatelineKind::kUpdated);

  auto published = ParseDatelineLine("تاريخ النشر: 18 يونيو 2023، 9:00 ص", GulfTimeZone());
  ASSERT_TRUE(published.ok() && published->has_value());
  EXPECT_EQ((*published)->kind, DatelineKind::kPublished);
  EXPECT_EQ((*published)->time, Utc(2023, 6, 18, 5, 0));

  for (const char* line : {"Based: Cairo, Egypt", "Updated: the rules changed", "No colon at all",
                           "Date started: Founded in May 2017"}) {
    auto result = ParseDatelineLine(line, GulfTimeZone());
    ASSERT_TRUE(result.ok()) << line;
    EXPECT_FALSE(result->has_value()) << line;
  }
}

TEST(DatelinesTest, ImpossibleDatesAreErrorsThatSayWhy) {
  struct Case {
    const char* text;
    const char* why;
  } cases[] = {
      {"February 30, 2023, 5:06 PM", "no day 30"},
      {"June 19, 5:06 PM", "no four-digit year"},
      {"19 2023 5:06", "no month name"},
      {"June 19, 2023, 13:06 PM", "12-hour time"},
      {"June 19, 2023, 5:6 PM", "is not a day, month, year or time"},
      {"June July 19, 2023", "two months"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<absl::Time> time = ParseNewsroomDate(c.text, GulfTimeZone());
    ASSERT_FALSE(time.ok()) << c.text;
    EXPECT_EQ(time.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(time.status().message(), HasSubstr(c.why)) << c.text;
    EXPECT_THAT(time.status().message(), HasSubstr("expected a line like")) << c.text;
  }
}

}  // namespace
}  // namespace jisr::import
