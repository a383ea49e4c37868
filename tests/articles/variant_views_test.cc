// The content helpers a write copies and moves content with stay in step with ContentFields(),
// the list of what a revision records: each field is carried, and nothing else is.
#include "services/articles/variant_views.h"

#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/util/field_mask_util.h"
#include "google/protobuf/util/message_differencer.h"

namespace jisr::articles {
namespace {

using google::protobuf::util::FieldMaskUtil;
using google::protobuf::util::MessageDifferencer;

// A variant with every content field set, and other fields that are not content.
v1::Variant EveryContentField(const std::string& tag) {
  v1::Variant v;
  v.set_headline("Headline " + tag);
  v.set_standfirst("Standfirst " + tag);
  v.add_byline()->set_name("Byline " + tag);
  v.set_section("section-" + tag);
  v.add_tags("tag-" + tag);
  v.set_slug("slug-" + tag);
  v.mutable_hero_image()->set_caption("Hero " + tag);
  v.add_blocks()->mutable_paragraph()->set_text("Paragraph " + tag);
  v.mutable_display_time()->set_seconds(tag.size());
  v.mutable_translation_source()->set_variant("variants/source-" + tag);
  v.set_name("variants/" + tag);
  v.set_latest_revision(static_cast<int64_t>(tag.size()));
  v.mutable_text()->set_word_count(static_cast<int32_t>(tag.size()));
  return v;
}

// What copying the content means, said through ContentFields() and a FieldMask.
v1::Variant CopiedThroughTheMask(const v1::Variant& from, v1::Variant to) {
  google::protobuf::FieldMask mask;
  for (const std::string& field : ContentFields()) mask.add_paths(field);
  ClearContent(to);
  FieldMaskUtil::MergeMessageTo(from, mask, FieldMaskUtil::MergeOptions(), &to);
  return to;
}

TEST(VariantViewsTest, CopyContentCarriesEveryContentFieldAndNothingElse) {
  const v1::Variant from = EveryContentField("from");
  v1::Variant to = EveryContentField("destination-with-a-longer-tag");
  const v1::Variant expected = CopiedThroughTheMask(from, to);
  CopyContent(from, to);
  EXPECT_TRUE(MessageDifferencer::Equals(to, expected)) << to.DebugString();
  EXPECT_EQ(to.name(), "variants/destination-with-a-longer-tag");
  EXPECT_EQ(to.headline(), "Headline from");
}

TEST(VariantViewsTest, CopyContentOfAnEmptyVariantLeavesNoContent) {
  v1::Variant to = EveryContentField("destination");
  CopyContent(v1::Variant(), to);
  EXPECT_TRUE(MessageDifferencer::Equals(to, CopiedThroughTheMask(v1::Variant(), to)));
  EXPECT_FALSE(to.has_hero_image());
  EXPECT_FALSE(to.has_translation_source());
  EXPECT_EQ(to.blocks_size(), 0);
}

TEST(VariantViewsTest, MoveContentGivesWhatCopyGives) {
  v1::Variant from = EveryContentField("from");
  v1::Variant copied = EveryContentField("destination");
  v1::Variant moved = copied;
  CopyContent(from, copied);
  MoveContent(from, moved);
  EXPECT_TRUE(MessageDifferencer::Equals(moved, copied)) << moved.DebugString();
}

}  // namespace
}  // namespace jisr::articles
