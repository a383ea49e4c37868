// jisrctl's text output, which needs no server: what an editor checks on a variant, and who made
// a change (the principal the credentials proved, with the display name when it differs).
#include <sstream>

#include "clients/jisrctl/output.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jisr::jisrctl {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(OutputTest, VariantTextShowsWhatAnEditorChecks) {
  jisr::v1::Variant variant;
  variant.set_name("variants/blinken-ar");
  variant.set_language("ar");
  variant.set_direction(jisr::v1::TEXT_DIRECTION_RIGHT_TO_LEFT);
  variant.set_state(jisr::v1::VARIANT_STATE_PUBLISHED);
  variant.set_headline("وزير الخارجية الأميركي");
  variant.add_byline()->set_name("ويلي لوري");
  variant.mutable_translation_source()->set_variant("variants/blinken-en");
  variant.mutable_translation_source()->set_revision(1);
  variant.mutable_translation_status()->set_state(jisr::v1::TRANSLATION_STATE_STALE);
  variant.mutable_translation_status()->add_changed_source_blocks("p3");
  auto* block = variant.add_blocks();
  block->set_id("p1");
  block->set_source_block_id("p1");
  block->mutable_paragraph()->set_text("حصل وزير الخارجية");
  std::ostringstream out;
  PrintVariant(out, variant);
  EXPECT_THAT(out.str(), HasSubstr("variants/blinken-ar\n"));
  EXPECT_THAT(out.str(), HasSubstr("  language:        ar (right to left)"));
  EXPECT_THAT(out.str(), HasSubstr("  byline:          ويلي لوري"));
  EXPECT_THAT(out.str(),
              HasSubstr("of variants/blinken-en revision 1; stale; source blocks changed: p3"));
  EXPECT_THAT(out.str(), HasSubstr("    p1 (from p1)  حصل وزير الخارجية"));
}

TEST(OutputTest, ChangesShowThePrincipalAndItsDisplayName) {
  jisr::v1::Revision revision;
  revision.set_name("variants/blinken-ar/revisions/2");
  revision.set_author("desk-ar@newsroom.test");
  revision.set_author_name("سارة حداد");
  std::ostringstream out;
  PrintRevision(out, revision);
  EXPECT_THAT(out.str(), HasSubstr("  author:          desk-ar@newsroom.test (سارة حداد)\n"));

  // A display name that is the principal itself is not repeated.
  jisr::v1::ChangeEvent event;
  event.set_kind(jisr::v1::CHANGE_KIND_UPDATED);
  event.set_variant("variants/blinken-ar");
  event.set_author("editor@newsroom.test");
  event.set_author_name("editor@newsroom.test");
  event.set_cursor("c1");
  std::ostringstream line;
  PrintChangeEvent(line, event);
  EXPECT_THAT(line.str(), HasSubstr("  by editor@newsroom.test  cursor c1\n"));

  // A reader's stream carries no authors: no "by" at all.
  event.clear_author();
  event.clear_author_name();
  std::ostringstream reader_line;
  PrintChangeEvent(reader_line, event);
  EXPECT_THAT(reader_line.str(), Not(HasSubstr(" by ")));
  EXPECT_THAT(reader_line.str(), HasSubstr("variants/blinken-ar  cursor c1\n"));
}

}  // namespace
}  // namespace jisr::jisrctl
