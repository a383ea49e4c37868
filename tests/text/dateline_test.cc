#include "services/text/dateline.h"

#include <string>
#include <thread>
#include <vector>

#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "tests/text/test_support.h"

namespace jisr::text {
namespace {

using ::jisr::text::testing::SeedArticleLines;

// The seed article's update time: 2023-06-19T13:06:00Z.
absl::Time SeedUpdateTime() {
  absl::Time time;
  std::string error;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, "2023-06-19T13:06:00Z", &time, &error)) << error;
  return time;
}

std::string Line(const DateStyle& style, DatelineKind kind) {
  absl::StatusOr<std::string> line = FormatDateline(SeedUpdateTime(), style, kind);
  EXPECT_TRUE(line.ok()) << line.status();
  return line.ok() ? *line : "";
}

TEST(FormatDatelineTest, NewsroomEnglishLineIsByteExact) {
  const std::string updated = Line(NewsroomDateStyle("en"), DatelineKind::kUpdated);
  EXPECT_EQ(updated, "Updated: June 19, 2023, 5:06 PM");
  // The line the publisher's page printed, as scraped into the seed article.
  bool on_page = false;
  for (const std::string& line : SeedArticleLines()) on_page |= line == updated;
  EXPECT_TRUE(on_page);
  // ASCII only: no "at", no U+202F NARROW NO-BREAK SPACE before PM.
  for (const char c : updated) EXPECT_GE(static_cast<signed char>(c), 0);
  EXPECT_EQ(Line(NewsroomDateStyle("en"), DatelineKind::kPublished),
            "Published: June 19, 2023, 5:06 PM");
}

TEST(FormatDatelineTest, ArabicLineUsesArabicCommaAndLabels) {
  const std::string line = Line(NewsroomDateStyle("ar"), DatelineKind::kUpdated);
  EXPECT_EQ(line, "آخر تحديث: 19 يونيو 2023، 5:06 م");
  EXPECT_NE(line.find("\xD8\x8C"), std::string::npos);  // U+060C
  EXPECT_EQ(line.find(','), std::string::npos);
  EXPECT_EQ(Line(NewsroomDateStyle("ar"), DatelineKind::kPublished),
            "تاريخ النشر: 19 يونيو 2023، 5:06 م");
}

TEST(FormatDatelineTest, ArabicIndicDigitsWhenTheNewsroomUsesThem) {
  DateStyle style = NewsroomDateStyle("ar");
  style.numbering = "arab";
  const std::string line = Line(style, DatelineKind::kUpdated);
  EXPECT_EQ(line, "آخر تحديث: ١٩ يونيو ٢٠٢٣، ٥:٠٦ م");
  for (const char c : line) EXPECT_FALSE(c >= '0' && c <= '9') << line;
}

TEST(FormatDatelineTest, HijriCalendar) {
  DateStyle arabic = NewsroomDateStyle("ar");
  arabic.calendar = "islamic-umalqura";
  EXPECT_EQ(Line(arabic, DatelineKind::kPublished), "تاريخ النشر: 1 ذو الحجة 1444 هـ، 5:06 م");
  arabic.numbering = "arab";
  EXPECT_EQ(Line(arabic, DatelineKind::kPublished), "تاريخ النشر: ١ ذو الحجة ١٤٤٤ هـ، ٥:٠٦ م");
  DateStyle english = NewsroomDateStyle("en");
  english.calendar = "islamic-umalqura";
  EXPECT_EQ(Line(english, DatelineKind::kPublished), "Published: Dhuʻl-Hijjah 1, 1444 AH, 5:06 PM");
}

TEST(FormatDatelineTest, TimeZoneMatters) {
  DateStyle style = NewsroomDateStyle("en");
  style.time_zone = "Europe/London";
  EXPECT_EQ(Line(style, DatelineKind::kUpdated), "Updated: June 19, 2023, 2:06 PM");
}

TEST(FormatDatelineTest, ExplicitPatternAndLabels) {
  DateStyle style = NewsroomDateStyle("fr");
  style.locale = "fr-FR";
  style.time_zone = "Europe/Paris";
  style.published_label = "Publié le";
  EXPECT_EQ(Line(style, DatelineKind::kPublished),
            "Publié le 19 juin 2023 à 15:06");  // ICU's best pattern for fr
  // A language without newsroom labels must set them.
  EXPECT_EQ(FormatDateline(SeedUpdateTime(), style, DatelineKind::kUpdated).status().code(),
            absl::StatusCode::kInvalidArgument);
  style.pattern = "y-MM-dd HH:mm";
  EXPECT_EQ(*FormatDate(SeedUpdateTime(), style), "2023-06-19 15:06");
}

TEST(FormatDatelineTest, RejectsUnknownStyles) {
  const absl::Time time = SeedUpdateTime();
  DateStyle style = NewsroomDateStyle("en");
  style.time_zone = "Asia/Atlantis";
  EXPECT_EQ(FormatDate(time, style).status().code(), absl::StatusCode::kInvalidArgument);
  style = NewsroomDateStyle("en");
  style.numbering = "roman";
  EXPECT_EQ(FormatDate(time, style).status().code(), absl::StatusCode::kInvalidArgument);
  style = NewsroomDateStyle("en");
  style.calendar = "julian";
  EXPECT_EQ(FormatDate(time, style).status().code(), absl::StatusCode::kInvalidArgument);
  style = NewsroomDateStyle("en");
  style.locale = "not a locale";
  EXPECT_EQ(FormatDate(time, style).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FormatDate(absl::InfiniteFuture(), NewsroomDateStyle("en")).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(FormatDatelineTest, ConcurrentCallsShareTheCacheSafely) {
  std::vector<std::thread> threads;
  std::vector<int> mismatches(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([t, &mismatches] {
      DateStyle arabic = NewsroomDateStyle("ar");
      arabic.numbering = (t % 2) ? "arab" : "latn";
      const std::string want_arabic =
          (t % 2) ? "آخر تحديث: ١٩ يونيو ٢٠٢٣، ٥:٠٦ م" : "آخر تحديث: 19 يونيو 2023، 5:06 م";
      for (int i = 0; i < 200; ++i) {
        absl::StatusOr<std::string> en =
            FormatDateline(SeedUpdateTime(), NewsroomDateStyle("en"), DatelineKind::kUpdated);
        absl::StatusOr<std::string> ar =
            FormatDateline(SeedUpdateTime(), arabic, DatelineKind::kUpdated);
        if (!en.ok() || *en != "Updated: June 19, 2023, 5:06 PM") ++mismatches[t];
        if (!ar.ok() || *ar != want_arabic) ++mismatches[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int count : mismatches) EXPECT_EQ(count, 0);
}

}  // namespace
}  // namespace jisr::text
