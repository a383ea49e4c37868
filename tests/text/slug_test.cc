#include "services/text/slug.h"

#include <string>

#include "gtest/gtest.h"
#include "tests/text/test_support.h"
#include "unicode/unistr.h"

namespace jisr::text {
namespace {

using ::jisr::text::testing::SeedArticleLines;

std::string Slug(absl::string_view text, absl::string_view language, SlugScript script,
                 int32_t max_chars = kDefaultSlugMaxChars) {
  absl::StatusOr<std::string> slug = Slugify(text, language, script, max_chars);
  EXPECT_TRUE(slug.ok()) << slug.status();
  return slug.ok() ? *slug : "";
}

TEST(SlugifyTest, SeedHeadline) {
  const std::string headline =
      "US Secretary of State wraps up major trip to China with Xi Jinping "
      "meeting";
  // The headline as the scraped page carries it.
  bool found = false;
  for (const std::string& line : SeedArticleLines()) found |= line == headline;
  EXPECT_TRUE(found);
  EXPECT_EQ(Slug(headline, "en", SlugScript::kNative),
            "us-secretary-of-state-wraps-up-major-trip-to-china-with-xi-"
            "jinping-meeting");
  EXPECT_EQ(Slug(headline, "en", SlugScript::kLatin), Slug(headline, "en", SlugScript::kNative));
}

TEST(SlugifyTest, EnglishPunctuationApostrophesAndAccents) {
  EXPECT_EQ(Slug("China's \"One China\" policy — Blinken’s café visit!", "en", SlugScript::kNative),
            "chinas-one-china-policy-blinkens-cafe-visit");
  EXPECT_EQ(Slug("  150 metres: 2018's   close call  ", "en", SlugScript::kNative),
            "150-metres-2018s-close-call");
}

TEST(SlugifyTest, ArabicNativeSlug) {
  EXPECT_EQ(Slug("الإعلان العالمي لحقوق الإنسان", "ar", SlugScript::kNative),
            "الإعلان-العالمي-لحقوق-الإنسان");
  // Harakat and tatweel do not change the slug; digits become ASCII; Latin
  // words are folded.
  EXPECT_EQ(Slug("يُولَدُ جـميع الناس أحرارًا عام ٢٠٢٣ مع AFP", "ar", SlugScript::kNative),
            "يولد-جميع-الناس-أحرارا-عام-2023-مع-afp");
}

TEST(SlugifyTest, ArabicLatinSlugIsAsciiAndDeterministic) {
  const std::string slug = Slug("الإعلان العالمي لحقوق الإنسان", "ar", SlugScript::kLatin);
  EXPECT_FALSE(slug.empty());
  for (const char c : slug) {
    EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') << slug;
  }
  EXPECT_EQ(std::count(slug.begin(), slug.end(), '-'), 3) << slug;
  EXPECT_EQ(slug, Slug("الإعلانُ العالميّ لحقوقِ الإنسان", "ar", SlugScript::kLatin));
}

TEST(SlugifyTest, LongHeadlinesAreCutAtAWordBoundary) {
  const std::string headline =
      "Washington and Beijing have been at odds under President Joe Biden, "
      "with tension mounting in recent months over Taiwan";
  const std::string slug = Slug(headline, "en", SlugScript::kNative);
  EXPECT_LE(slug.size(), 80u);
  EXPECT_EQ(slug,
            "washington-and-beijing-have-been-at-odds-under-president-joe-"
            "biden-with-tension");
  EXPECT_EQ(Slug(headline, "en", SlugScript::kNative, 20), "washington-and");
  // One word longer than the limit is cut inside the word.
  EXPECT_EQ(Slug("Supercalifragilistic", "en", SlugScript::kNative, 5), "super");
  const std::string arabic = Slug("الإعلان العالمي", "ar", SlugScript::kNative, 4);
  EXPECT_EQ(icu::UnicodeString::fromUTF8(arabic).countChar32(), 4);
}

TEST(SlugifyTest, NeverEmpty) {
  EXPECT_EQ(Slug("!!! — ???", "en", SlugScript::kNative), kUntitledSlug);
  EXPECT_EQ(Slug("", "ar", SlugScript::kNative), kUntitledSlug);
}

TEST(SlugifyTest, RejectsBadInput) {
  EXPECT_EQ(Slugify("a", "en", SlugScript::kNative, 0).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Slugify("\xFF", "en", SlugScript::kNative).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(PercentEncodeSlugTest, EncodesUtf8BytesAndKeepsAscii) {
  EXPECT_EQ(PercentEncodeSlug("us-secretary-of-state"), "us-secretary-of-state");
  EXPECT_EQ(PercentEncodeSlug("حقوق-2023"), "%D8%AD%D9%82%D9%88%D9%82-2023");
}

}  // namespace
}  // namespace jisr::text
