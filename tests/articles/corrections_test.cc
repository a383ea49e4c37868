// Corrections (services/articles/corrections.h), over a real SQLite file, from a published
// English source and its Arabic translation: a correction published on one variant is pending on
// its siblings until their desks match or dismiss it, and readers see it on the page.
#include "services/articles/newsroom.h"
#include "services/common/errors.h"
#include "tests/articles/domain_test_support.h"

namespace jisr::articles {
namespace {

using ::jisr::testing::Editor;
using ::jisr::testing::StatusIs;
using ::testing::SizeIs;
namespace v1 = ::jisr::v1;

class CorrectionsTest : public domain_test::PublishedPairTest {};

TEST_F(CorrectionsTest, ACorrectionIsPendingOnSiblingsUntilMatchedOrDismissed) {
  v1::AddCorrectionRequest add;
  add.set_name(en_.name());
  add.mutable_correction()->set_kind(v1::CORRECTION_KIND_CORRECTION);
  add.mutable_correction()->set_text("An earlier version misstated the length of the talks.");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant en, newsroom().corrections().AddCorrection(add, Editor()));
  ASSERT_THAT(en.corrections(), SizeIs(1));
  const std::string correction_id = en.corrections(0).id();
  EXPECT_THAT(en.pending_corrections(), SizeIs(0));

  v1::Variant ar = Latest(ar_.name());
  ASSERT_THAT(ar.pending_corrections(), SizeIs(1));
  EXPECT_EQ(ar.pending_corrections(0).correction().id(), correction_id);
  EXPECT_EQ(ar.pending_corrections(0).language(), "en");

  v1::AddCorrectionRequest match;
  match.set_name(ar_.name());
  match.mutable_correction()->set_text("ذكرت نسخة سابقة مدة المحادثات بشكل خاطئ.");
  match.mutable_correction()->set_matches(correction_id);
  JISR_ASSERT_OK_AND_ASSIGN(ar, newsroom().corrections().AddCorrection(match, Editor()));
  EXPECT_THAT(ar.pending_corrections(), SizeIs(0));
  EXPECT_THAT(Latest(en_.name()).pending_corrections(), SizeIs(0))
      << "a counterpart is not news to the source";

  // Served to readers.
  v1::GetVariantRequest get;
  get.set_name(en_.name());
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant page,
                            newsroom().variant_reading().GetVariant(get, Editor()));
  ASSERT_THAT(page.corrections(), SizeIs(1));
  EXPECT_TRUE(page.corrections(0).has_publish_time());

  add.mutable_correction()->set_kind(v1::CORRECTION_KIND_CLARIFICATION);
  add.mutable_correction()->set_text("The second round's date is not yet set.");
  JISR_ASSERT_OK_AND_ASSIGN(en, newsroom().corrections().AddCorrection(add, Editor()));
  ar = Latest(ar_.name());
  ASSERT_THAT(ar.pending_corrections(), SizeIs(1));
  v1::DismissCorrectionRequest dismiss;
  dismiss.set_name(ar_.name());
  dismiss.set_correction_id(ar.pending_corrections(0).correction().id());
  JISR_ASSERT_OK_AND_ASSIGN(ar, newsroom().corrections().DismissCorrection(dismiss, Editor()));
  EXPECT_THAT(ar.pending_corrections(), SizeIs(0));
  EXPECT_THAT(newsroom().corrections().DismissCorrection(dismiss, Editor()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

}  // namespace
}  // namespace jisr::articles
