#include "services/text/excerpt.h"

#include <string>

#include "gtest/gtest.h"
#include "tests/text/test_support.h"
#include "unicode/brkiter.h"
#include "unicode/unistr.h"

namespace jisr::text {
namespace {

using ::jisr::text::testing::SeedArticleLines;
using ::jisr::text::testing::UdhrParagraphs;

constexpr char kEllipsis[] = "\xE2\x80\xA6";

std::string Cut(absl::string_view text, int32_t max_chars) {
  absl::StatusOr<std::string> excerpt = Excerpt(text, max_chars);
  EXPECT_TRUE(excerpt.ok()) << excerpt.status();
  return excerpt.ok() ? *excerpt : "";
}

int32_t CodePoints(absl::string_view text) {
  return icu::UnicodeString::fromUTF8(text).countChar32();
}

bool EndsWith(absl::string_view text, absl::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// True when `prefix` ends at a grapheme cluster boundary of `text`.
bool EndsAtGraphemeBoundary(const std::string& text, const std::string& prefix) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> graphemes(
      icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
  const icu::UnicodeString utf16 = icu::UnicodeString::fromUTF8(text);
  graphemes->setText(utf16);
  return graphemes->isBoundary(icu::UnicodeString::fromUTF8(prefix).length());
}

TEST(ExcerptTest, ShortTextIsUnchanged) {
  EXPECT_EQ(Cut("Mr Xi said progress had been made.", 34), "Mr Xi said progress had been made.");
  EXPECT_EQ(Cut("المادة 1", 8), "المادة 1");
}

TEST(ExcerptTest, CutsAtAWordBoundaryWithTheEllipsisInsideTheLimit) {
  const std::string text =
      "The US Secretary of State secured a last-minute meeting with Chinese "
      "President Xi Jinping on Monday";
  EXPECT_EQ(Cut(text, 30), std::string("The US Secretary of State") + kEllipsis);
  EXPECT_EQ(Cut(text, 26), std::string("The US Secretary of State") + kEllipsis);
  EXPECT_EQ(Cut(text, 25), std::string("The US Secretary of") + kEllipsis);
  // Clause punctuation before the cut goes.
  EXPECT_EQ(Cut("Washington and Beijing have been at odds, with tension", 42),
            std::string("Washington and Beijing have been at odds") + kEllipsis);
  EXPECT_EQ(Cut(text, 1), kEllipsis);
}

TEST(ExcerptTest, EveryExcerptOfRealTextFitsAndEndsAtAWord) {
  std::vector<std::string> texts = UdhrParagraphs("arb");
  for (const std::string& line : SeedArticleLines()) texts.push_back(line);
  for (const std::string& text : texts) {
    for (int32_t max_chars : {10, 25, 60, 140}) {
      const std::string excerpt = Cut(text, max_chars);
      EXPECT_LE(CodePoints(excerpt), max_chars) << excerpt;
      if (excerpt == text) continue;
      ASSERT_TRUE(EndsWith(excerpt, kEllipsis)) << excerpt;
      const std::string kept = excerpt.substr(0, excerpt.size() - 3);
      EXPECT_EQ(text.compare(0, kept.size(), kept), 0) << excerpt;
      EXPECT_TRUE(EndsAtGraphemeBoundary(text, kept)) << excerpt;
    }
  }
}

TEST(ExcerptTest, NeverSplitsAGraphemeCluster) {
  // One long "word" of e + combining acute, and of a ZWJ family emoji.
  std::string accents;
  for (int i = 0; i < 20; ++i) accents += "e\xCC\x81";
  for (int32_t max_chars = 2; max_chars < 40; ++max_chars) {
    const std::string excerpt = Cut(accents, max_chars);
    const std::string kept = excerpt.substr(0, excerpt.size() - 3);
    EXPECT_TRUE(EndsAtGraphemeBoundary(accents, kept)) << max_chars;
    EXPECT_LE(CodePoints(excerpt), max_chars);
  }
  std::string families;
  for (int i = 0; i < 6; ++i) families += "👨‍👩‍👧";
  for (int32_t max_chars = 2; max_chars < 30; ++max_chars) {
    const std::string excerpt = Cut(families, max_chars);
    const std::string kept = excerpt.substr(0, excerpt.size() - 3);
    EXPECT_TRUE(EndsAtGraphemeBoundary(families, kept)) << max_chars;
  }
}

TEST(ExcerptTest, TrimmingBeforeTheEllipsisNeverLeavesAPrependedMarkAlone) {
  // U+0600 ARABIC NUMBER SIGN is Prepend: it joins the character after it, even a space
  // (UAX #29 GB9b), so trimming that space would split the cluster.
  const std::string text = "Lorem ipsum \xD8\x80  dolor sit, amet consectetur";
  for (int32_t max_chars = 1; max_chars <= CodePoints(text); ++max_chars) {
    const std::string excerpt = Cut(text, max_chars);
    if (excerpt == text) continue;
    const std::string kept = excerpt.substr(0, excerpt.size() - 3);
    EXPECT_TRUE(EndsAtGraphemeBoundary(text, kept)) << max_chars << ": " << excerpt;
    EXPECT_LE(CodePoints(excerpt), max_chars);
  }
}

TEST(ExcerptTest, NeverSplitsLamAlef) {
  // A long run of lam-alef pairs (and lam-alef with a shadda on the lam).
  std::string word;
  for (int i = 0; i < 15; ++i) word += i % 2 ? "لا" : "لّا";
  for (int32_t max_chars = 2; max_chars < 40; ++max_chars) {
    const std::string excerpt = Cut(word, max_chars);
    const std::string kept = excerpt.substr(0, excerpt.size() - 3);
    if (kept.empty()) continue;
    // The kept part never ends with a lam (or a lam and its mark) whose alef
    // was cut off.
    EXPECT_FALSE(EndsWith(kept, "ل")) << max_chars;
    EXPECT_FALSE(EndsWith(kept, "لّ")) << max_chars;
    EXPECT_LE(CodePoints(excerpt), max_chars);
  }
}

TEST(ExcerptTest, RejectsBadInput) {
  EXPECT_EQ(Excerpt("text", 0).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Excerpt("\xC3", 5).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace jisr::text
