// RevisionHistory (services/articles/revision_history.h), over a real SQLite file: an editor's
// view of a variant's past. Revisions are listed newest first and keep their content; two are
// compared block by block (added, removed, moved, changed); an old one is restored as a new
// revision, which touches its siblings only through their translation status.
#include "services/articles/newsroom.h"
#include "services/common/errors.h"
#include "tests/articles/domain_test_support.h"

namespace jisr::articles {
namespace {

using domain_test::Paragraph;
using ::jisr::testing::Editor;
using ::jisr::testing::StatusIs;
using ::testing::SizeIs;
namespace v1 = ::jisr::v1;

class RevisionHistoryTest : public domain_test::DomainTest {};
// The tests that start from a published English source and its Arabic translation.
class RevisionsOfAPairTest : public domain_test::PublishedPairTest {};

TEST_F(RevisionHistoryTest, RevisionsAreListedNewestFirstAndKeepTheirContent) {
  v1::Variant v = Create("en", "Revision one");
  JISR_ASSERT_OK_AND_ASSIGN(v, Edit(v, "Revision two"));
  JISR_ASSERT_OK_AND_ASSIGN(v, Edit(v, "Revision three", v1::CHANGE_SIGNIFICANCE_MINOR));
  v1::ListRevisionsRequest list;
  list.set_parent(v.name());
  JISR_ASSERT_OK_AND_ASSIGN(auto revisions,
                            newsroom().revision_history().ListRevisions(list, Editor()));
  ASSERT_THAT(revisions.revisions(), SizeIs(3));
  EXPECT_EQ(revisions.revisions(0).number(), 3);
  EXPECT_EQ(revisions.revisions(0).significance(), v1::CHANGE_SIGNIFICANCE_MINOR);
  EXPECT_FALSE(revisions.revisions(0).has_snapshot());
  v1::GetRevisionRequest get;
  get.set_name(v.name() + "/revisions/1");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Revision first,
                            newsroom().revision_history().GetRevision(get, Editor()));
  EXPECT_EQ(first.snapshot().headline(), "Revision one");
  get.set_name(v.name() + "/revisions/9");
  EXPECT_THAT(newsroom().revision_history().GetRevision(get, Editor()),
              StatusIs(absl::StatusCode::kNotFound));
  get.set_name(v.name() + "/revisions/01");
  EXPECT_THAT(newsroom().revision_history().GetRevision(get, Editor()),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(RevisionsOfAPairTest, DiffRevisionsReportsAddedRemovedMovedAndChangedBlocks) {
  v1::Variant en = Latest(en_.name());
  v1::UpdateVariantRequest update;
  update.mutable_variant()->set_name(en.name());
  update.mutable_variant()->set_headline("Talks resume in Geneva after a pause");
  // p3 first, p1 edited, p2 removed, p4 new.
  *update.mutable_variant()->add_blocks() = en.blocks(2);
  *update.mutable_variant()->add_blocks() = Paragraph("Delegations met on Monday morning.", "p1");
  *update.mutable_variant()->add_blocks() = Paragraph("Observers were hopeful.", "p4");
  update.mutable_update_mask()->add_paths("headline");
  update.mutable_update_mask()->add_paths("blocks");
  JISR_ASSERT_OK(newsroom().variant_editing().UpdateVariant(update, Editor()));
  v1::DiffRevisionsRequest diff_request;
  diff_request.set_name(en.name());
  diff_request.set_from_revision(1);
  JISR_ASSERT_OK_AND_ASSIGN(auto diff,
                            newsroom().revision_history().DiffRevisions(diff_request, Editor()));
  EXPECT_EQ(diff.to_revision(), 2);
  ASSERT_THAT(diff.diff().fields(), SizeIs(1));
  EXPECT_EQ(diff.diff().fields(0).field(), "headline");
  EXPECT_EQ(diff.diff().fields(0).old_value(), "Talks resume in Geneva");
  std::vector<std::pair<std::string, int>> blocks;
  for (const auto& b : diff.diff().blocks()) blocks.push_back({b.block_id(), b.kind()});
  // p3 kept its place relative to p1? No: p1 and p3 swapped; one of them is the mover.
  EXPECT_THAT(blocks, ::testing::UnorderedElementsAre(
                          std::make_pair("p3", int{v1::BLOCK_CHANGE_KIND_MOVED}),
                          std::make_pair("p1", int{v1::BLOCK_CHANGE_KIND_CHANGED}),
                          std::make_pair("p4", int{v1::BLOCK_CHANGE_KIND_ADDED}),
                          std::make_pair("p2", int{v1::BLOCK_CHANGE_KIND_REMOVED})));
}

TEST_F(RevisionsOfAPairTest, RestoringARevisionAppendsANewOneAndAffectsSiblingsOnlyByStaleness) {
  EditSourceAndPublish("The talks lasted five hours.", v1::CHANGE_SIGNIFICANCE_SIGNIFICANT);
  const std::string ar_etag = Latest(ar_.name()).etag();
  v1::RestoreRevisionRequest restore;
  restore.set_name(en_.name() + "/revisions/1");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant restored,
                            newsroom().revision_history().RestoreRevision(restore, Editor()));
  EXPECT_EQ(restored.latest_revision(), 3);
  EXPECT_EQ(restored.revision().restored_from(), 1);
  EXPECT_EQ(restored.revision().change_note(), "Restored revision 1");
  EXPECT_EQ(restored.blocks(1).paragraph().text(), "The talks lasted three hours.");
  EXPECT_EQ(Latest(ar_.name()).etag(), ar_etag) << "the Arabic variant itself is untouched";
}

}  // namespace
}  // namespace jisr::articles
