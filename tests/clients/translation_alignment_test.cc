// Block alignment between a source variant and a translation imported with the same ids.
#include "clients/import/translation_alignment.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jisr::import {
namespace {

jisr::v1::Variant WithParagraphs(const std::vector<std::string>& ids) {
  jisr::v1::Variant variant;
  for (const std::string& id : ids) {
    auto* block = variant.add_blocks();
    block->set_id(id);
    if (id.rfind("facts", 0) == 0) {
      block->mutable_fact_box()->set_title("t");
    } else if (id.find("-p") == std::string::npos && id.find('-') != std::string::npos) {
      block->mutable_heading()->set_text("h");
    } else {
      block->mutable_paragraph()->set_text("x");
    }
  }
  return variant;
}

std::vector<std::string> SourceIds(const jisr::v1::Variant& variant) {
  std::vector<std::string> ids;
  for (const auto& block : variant.blocks()) ids.push_back(block.source_block_id());
  return ids;
}

TEST(TranslationAlignmentTest, GroupsComeFromTheIdStructure) {
  EXPECT_EQ(BlockGroup("article-3-p1"), "article-3");
  EXPECT_EQ(BlockGroup("article-11-list1"), "article-11");
  EXPECT_EQ(BlockGroup("article-3"), "article-3");
  EXPECT_EQ(BlockGroup("preamble"), "preamble");
  EXPECT_EQ(BlockGroup("preamble-p10"), "preamble");
  EXPECT_EQ(BlockGroup("p7"), "");
  EXPECT_EQ(BlockGroup("facts1"), "");
  EXPECT_EQ(BlockGroup(""), "");
}

TEST(TranslationAlignmentTest, SameShapeMapsEveryBlock) {
  const jisr::v1::Variant source = WithParagraphs({"p1", "p2", "facts1"});
  jisr::v1::Variant translation = WithParagraphs({"p1", "p2", "facts1"});
  EXPECT_EQ(AlignTranslationBlocks(source, &translation), 3);
  EXPECT_THAT(SourceIds(translation), ::testing::ElementsAre("p1", "p2", "facts1"));
}

TEST(TranslationAlignmentTest, DifferentShapeMapsOnlyTheGroupHeading) {
  const jisr::v1::Variant source =
      WithParagraphs({"sec-a", "sec-a-p1", "sec-a-p2", "sec-b", "sec-b-p1"});
  jisr::v1::Variant translation = WithParagraphs({"sec-a", "sec-a-p1", "sec-b", "sec-b-p1"});
  translation.mutable_blocks(1)->set_source_block_id("stale");
  EXPECT_EQ(AlignTranslationBlocks(source, &translation), 3);
  EXPECT_THAT(SourceIds(translation), ::testing::ElementsAre("sec-a", "", "sec-b", "sec-b-p1"));
}

TEST(TranslationAlignmentTest, KindMustMatch) {
  const jisr::v1::Variant source = WithParagraphs({"p1"});
  jisr::v1::Variant translation;
  auto* block = translation.add_blocks();
  block->set_id("p1");
  block->mutable_quote()->set_text("q");
  EXPECT_EQ(AlignTranslationBlocks(source, &translation), 0);
  EXPECT_EQ(translation.blocks(0).source_block_id(), "");
}

}  // namespace
}  // namespace jisr::import
