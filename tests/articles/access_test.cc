// Who may do what, where the stored data decides: a desk changes only variants in its
// languages (the stored language, read in the write's transaction, whatever name the request
// gives), readers never learn that a draft exists, back-dating is for administrators, and a
// request_id belongs to the principal that sent it.
#include "services/access/caller.h"
#include "services/common/errors.h"
#include "tests/articles/domain_test_support.h"

namespace jisr::articles {
namespace {

using domain_test::Paragraph;
using ::jisr::testing::Anonymous;
using ::jisr::testing::Caller;
using ::jisr::testing::Editor;
using ::jisr::testing::StatusIs;
using Role = access::Role;

class AccessTest : public domain_test::DomainTest {
 protected:
  const CallContext arabic_desk_ = Caller("desk-ar@newsroom.test", {Role::kDesk}, {"ar"});
  const CallContext english_desk_ = Caller("desk-en@newsroom.test", {Role::kDesk}, {"en"});
  const CallContext reader_ = Caller("renderer@newsroom.test", {Role::kReader});

  absl::StatusOr<v1::Variant> CreateAs(const CallContext& call, const std::string& language,
                                       const std::string& headline) {
    v1::CreateVariantRequest request;
    request.mutable_variant()->set_language(language);
    request.mutable_variant()->set_headline(headline);
    return newsroom().variant_editing().CreateVariant(request, call);
  }

  absl::StatusOr<v1::Variant> ReadAs(const CallContext& call, const std::string& name,
                                     v1::VariantView view = v1::VARIANT_VIEW_PUBLISHED) {
    v1::GetVariantRequest request;
    request.set_name(name);
    request.set_view(view);
    return newsroom().variant_reading().GetVariant(request, call);
  }
};

TEST_F(AccessTest, ADeskCreatesInItsLanguagesOnly) {
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant ar, CreateAs(arabic_desk_, "ar", "خبر عاجل"));
  EXPECT_EQ(ar.revision().author(), "desk-ar@newsroom.test");
  auto en = CreateAs(arabic_desk_, "en", "Breaking");
  EXPECT_THAT(en, StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(ErrorReason(en.status()), "LANGUAGE_NOT_GRANTED");
  EXPECT_EQ(ErrorMetadata(en.status(), "permission"), "variants.write");
  EXPECT_THAT(Events(), ::testing::SizeIs(2)) << "the story and the Arabic variant only";
}

// The language that decides is the stored one: the English desk cannot edit, publish or
// correct the Arabic variant by naming it.
TEST_F(AccessTest, ADeskCannotChangeAnotherDesksVariant) {
  const v1::Variant ar = Create("ar", "خبر");
  v1::UpdateVariantRequest update;
  update.mutable_variant()->set_name(ar.name());
  update.mutable_variant()->set_headline("Rewritten by the wrong desk");
  EXPECT_THAT(newsroom().variant_editing().UpdateVariant(update, english_desk_),
              StatusIs(absl::StatusCode::kPermissionDenied));
  v1::PublishVariantRequest publish;
  publish.set_name(ar.name());
  EXPECT_THAT(newsroom().publishing().PublishVariant(publish, english_desk_),
              StatusIs(absl::StatusCode::kPermissionDenied));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant kept, Read(ar.name(), v1::VARIANT_VIEW_LATEST));
  EXPECT_EQ(kept.headline(), "خبر");
  EXPECT_EQ(kept.state(), v1::VARIANT_STATE_DRAFT);
  EXPECT_THAT(newsroom().publishing().PublishVariant(publish, arabic_desk_).status(),
              StatusIs(absl::StatusCode::kOk));
}

// A pair published in one batch needs both languages.
TEST_F(AccessTest, ABatchNeedsEveryLanguageItPublishes) {
  const v1::Variant en = Create("en", "Pair");
  const v1::Variant ar = Create("ar", "زوج", en.story());
  v1::BatchPublishVariantsRequest batch;
  batch.add_names(en.name());
  batch.add_names(ar.name());
  EXPECT_THAT(newsroom().publishing().BatchPublishVariants(batch, arabic_desk_),
              StatusIs(absl::StatusCode::kPermissionDenied));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant still, Read(en.name(), v1::VARIANT_VIEW_LATEST));
  EXPECT_EQ(still.state(), v1::VARIANT_STATE_DRAFT);
}

// Reading a draft answers exactly as reading a name that does not exist.
TEST_F(AccessTest, AReaderCannotTellADraftFromAMissingName) {
  const v1::Variant draft = Create("en", "Embargoed");
  auto of_draft = ReadAs(reader_, draft.name());
  auto of_missing = ReadAs(reader_, "variants/never-written");
  ASSERT_THAT(of_draft, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(of_draft.status()), ErrorReason(of_missing.status()));
  EXPECT_EQ(std::string(of_draft.status().message()),
            absl::StrCat(draft.name(), " (name) does not exist"));
  // Editors are told the truth.
  EXPECT_EQ(ErrorReason(ReadAs(Editor(), draft.name()).status()), "NOT_PUBLISHED");
}

TEST_F(AccessTest, AReaderSeesThePublishedViewOnly) {
  const v1::Variant v = Create("en", "Published");
  ASSERT_TRUE(Publish(v.name()).ok());
  EXPECT_THAT(ReadAs(reader_, v.name(), v1::VARIANT_VIEW_LATEST),
              StatusIs(absl::StatusCode::kPermissionDenied));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant seen, ReadAs(reader_, v.name()));
  EXPECT_EQ(seen.headline(), "Published");
  EXPECT_TRUE(seen.revision().author().empty()) << "who wrote it is the newsroom's";
  EXPECT_EQ(seen.latest_revision(), 0) << "whether drafts exist is the newsroom's";
  // A reader's list defaults to the published view: the draft is not in it.
  Create("en", "Another draft");
  v1::ListVariantsRequest list;
  JISR_ASSERT_OK_AND_ASSIGN(v1::ListVariantsResponse listed,
                            newsroom().variant_reading().ListVariants(list, reader_));
  ASSERT_EQ(listed.variants_size(), 1);
  EXPECT_EQ(listed.variants(0).name(), v.name());
}

TEST_F(AccessTest, BackdatingIsForAdministrators) {
  const v1::Variant v = Create("en", "Archive");
  v1::PublishVariantRequest publish;
  publish.set_name(v.name());
  *publish.mutable_publish_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(1.6e9);
  auto refused = newsroom().publishing().PublishVariant(publish, Editor());
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(ErrorMetadata(refused.status(), "permission"), "newsroom.administer");
  EXPECT_TRUE(newsroom()
                  .publishing()
                  .PublishVariant(publish, Caller("admin@newsroom.test", {Role::kAdmin}))
                  .ok());
}

// Another principal reusing a request_id does not receive the first response.
TEST_F(AccessTest, ARequestIdBelongsToThePrincipalThatSentIt) {
  v1::CreateVariantRequest request;
  request.set_request_id("shared-id");
  request.mutable_variant()->set_language("ar");
  request.mutable_variant()->set_headline("الأول");
  ASSERT_TRUE(newsroom().variant_editing().CreateVariant(request, arabic_desk_).ok());
  const CallContext other_desk = Caller("other-ar@newsroom.test", {Role::kDesk}, {"ar"});
  auto replay = newsroom().variant_editing().CreateVariant(request, other_desk);
  EXPECT_THAT(replay, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorReason(replay.status()), "REQUEST_ID_REUSED");
}

TEST_F(AccessTest, AnAnonymousReaderMayReadButNeverWrite) {
  EXPECT_THAT(CreateAs(Anonymous(/*reader=*/true), "en", "x"),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

}  // namespace
}  // namespace jisr::articles
