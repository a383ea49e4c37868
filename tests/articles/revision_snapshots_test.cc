// How a revision's snapshot is stored (services/articles/revision_snapshots.h): the analysis its
// text restores is left out, and read back exactly; a snapshot that cannot leave it out is
// stored as it is.
#include "services/articles/revision_snapshots.h"

#include <string>

#include "gtest/gtest.h"
#include "services/articles/validation.h"

namespace jisr::articles {
namespace {

namespace v1 = ::jisr::v1;

// A revision's stored form leaves out the analysis its text restores, and keeps it all when a
// kept value would read as left out (here an empty search key): then the revision is stored
// exactly as it is, not with the fields before the empty one already left out.
TEST(RevisionSnapshotsTest, ASnapshotIsStoredCompactOrWholeAndReadsBackTheSame) {
  v1::Revision revision;
  revision.set_number(3);
  v1::Variant& snapshot = *revision.mutable_snapshot();
  snapshot.set_headline("The declaration, in full");
  snapshot.set_standfirst("Thirty articles, read aloud");
  snapshot.add_blocks()->mutable_paragraph()->set_text("All human beings are born free.");
  FieldViolations violations;
  const PreparedContent prepared =
      PrepareContent(snapshot, "variant", TextPolicy{"en"}, violations);
  ASSERT_TRUE(violations.ToStatus().ok()) << violations.ToStatus();
  *snapshot.mutable_text() = prepared.analysis;
  ASSERT_EQ(snapshot.text().fields_size(), 3);

  const std::string compact = SerializeRevisionForStorage(revision);
  EXPECT_LT(compact.size(), revision.SerializeAsString().size());
  v1::Revision read;
  ASSERT_TRUE(ParseStoredRevision(compact, read));
  EXPECT_EQ(read.SerializeAsString(), revision.SerializeAsString());

  snapshot.mutable_text()->mutable_fields(2)->clear_search_key();
  EXPECT_EQ(SerializeRevisionForStorage(revision), revision.SerializeAsString());
  ASSERT_TRUE(ParseStoredRevision(revision.SerializeAsString(), read));
  EXPECT_EQ(read.SerializeAsString(), revision.SerializeAsString());
}

}  // namespace
}  // namespace jisr::articles
