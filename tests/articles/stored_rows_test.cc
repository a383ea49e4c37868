// How variant rows are stored (services/articles/stored_rows.h), on both engines, read through
// the real gRPC server: a variant whose content is its latest revision's stores its blocks once
// (in the revision) and keeps in its row what a list's overview shows, and every answer is the
// same as from a row that holds it whole, or the metadata alone, as rows written before this form
// do; those still read as they are, with no rewrite.
#include "services/articles/stored_rows.h"

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "clients/import/scraped_article.h"
#include "clients/import/udhr_html.h"
#include "gmock/gmock.h"
#include "jisr/v1/article_service.grpc.pb.h"
#include "services/articles/revision_snapshots.h"
#include "services/articles/variant_views.h"
#include "services/storage/blob_codec.h"
#include "tests/articles/engine_test_support.h"
#include "tests/testing/fixtures.h"
#include "tests/testing/test_credentials.h"

namespace jisr::articles::engine_test {
namespace {

namespace v1 = ::jisr::v1;
using ::testing::HasSubstr;
using ::testing::Not;

class StoredRowsTest : public EngineDomainTest {
 protected:
  // The seed article (en) and the UDHR in Arabic as its translation, both published, the
  // English one with a second revision.
  void SetUp() override {
    EngineDomainTest::SetUp();
    if (HasFatalFailure()) return;
    stub_ = env().StartServer();
    JISR_ASSERT_OK_AND_ASSIGN(
        auto seed,
        import::ParseScrapedArticle(
            ::jisr::testing::ReadFileOrDie(::jisr::testing::FixturePath("seed-article-en.txt")),
            "en"));
    en_ = Call(&v1::ArticleService::Stub::CreateVariant, Create(seed.variant));
    created_.push_back(en_);
    v1::UpdateVariantRequest update;
    *update.mutable_variant() = en_;
    update.mutable_variant()->set_headline(en_.headline() + " (updated)");
    update.mutable_update_mask()->add_paths("headline");
    en_ = Call(&v1::ArticleService::Stub::UpdateVariant, update);
    JISR_ASSERT_OK_AND_ASSIGN(
        v1::Variant udhr,
        import::ParseUdhrHtml(
            ::jisr::testing::ReadFileOrDie(::jisr::testing::FixturePath("udhr/arb.html")), "ar"));
    udhr.set_story(en_.story());
    ar_ = Call(&v1::ArticleService::Stub::CreateVariant, Create(udhr));
    created_.push_back(ar_);
    JISR_ASSERT_OK_AND_ASSIGN(
        v1::Variant udhr_en,
        import::ParseUdhrHtml(
            ::jisr::testing::ReadFileOrDie(::jisr::testing::FixturePath("udhr/eng.html")), "en"));
    created_.push_back(Call(&v1::ArticleService::Stub::CreateVariant, Create(udhr_en)));
    // Spans the writer isolated already (no marks added), capitals beyond ASCII (a search key
    // that is not the text lowercased) and two paragraphs in one field: analysis no restore makes.
    v1::Variant marked;
    marked.set_language("ar");
    marked.set_headline(
        "\xC3\x89lys\xC3\xA9"
        "e \xD9\x82\xD8\xA7\xD9\x84");  // "Élysée قال"
    marked.add_blocks()->mutable_paragraph()->set_text(
        "\xD9\x82\xD8\xA7\xD9\x84\xD8\xAA \xE2\x81\xA6"
        "AFP\xE2\x81\xA9 "
        "\xD8\xA5\xD9\x86 150 \xD8\xB4\xD8\xAE\xD8\xB5\xD8\xA7");  // "قالت ⁦AFP⁩ إن 150
                                                                   // شخصا"
    marked.add_blocks()->mutable_quote()->set_text("First line\n\xD8\xB3\xD8\xB7\xD8\xB1");
    created_.push_back(Call(&v1::ArticleService::Stub::CreateVariant, Create(marked)));
    for (const v1::Variant* v : {&en_, &ar_}) {
      v1::PublishVariantRequest publish;
      publish.set_name(v->name());
      Call(&v1::ArticleService::Stub::PublishVariant, publish);
    }
  }

  static v1::CreateVariantRequest Create(const v1::Variant& variant) {
    v1::CreateVariantRequest request;
    *request.mutable_variant() = variant;
    return request;
  }

  template <typename Request, typename Response>
  Response Call(grpc::Status (v1::ArticleService::Stub::*method)(grpc::ClientContext*,
                                                                 const Request&, Response*),
                const Request& request) {
    grpc::ClientContext context;
    ::jisr::testing::TestCredentials::Get().Authorize(context, ::jisr::testing::kTestEditor);
    Response response;
    const grpc::Status status = ((*stub_).*method)(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  // Every answer that shows the variants' content or history, serialized.
  std::vector<std::string> Answers() {
    std::vector<std::string> out;
    for (const v1::Variant* v : {&en_, &ar_}) {
      for (v1::VariantView view : {v1::VARIANT_VIEW_LATEST, v1::VARIANT_VIEW_PUBLISHED}) {
        v1::GetVariantRequest get;
        get.set_name(v->name());
        get.set_view(view);
        out.push_back(Call(&v1::ArticleService::Stub::GetVariant, get).SerializeAsString());
      }
      v1::ListRevisionsRequest revisions;
      revisions.set_parent(v->name());
      out.push_back(Call(&v1::ArticleService::Stub::ListRevisions, revisions).SerializeAsString());
      v1::GetRevisionRequest revision;
      revision.set_name(v->name() + "/revisions/1");
      out.push_back(Call(&v1::ArticleService::Stub::GetRevision, revision).SerializeAsString());
    }
    for (v1::VariantView view : {v1::VARIANT_VIEW_LATEST, v1::VARIANT_VIEW_BASIC}) {
      v1::ListVariantsRequest list;
      list.set_view(view);
      out.push_back(Call(&v1::ArticleService::Stub::ListVariants, list).SerializeAsString());
    }
    v1::GetStoryRequest story;
    story.set_name(en_.story());
    out.push_back(Call(&v1::ArticleService::Stub::GetStory, story).SerializeAsString());
    return out;
  }

  // The variant's data as the engine stores it, decoded.
  std::string RowData(const v1::Variant& v) {
    auto txn = storage().BeginRead();
    EXPECT_TRUE(txn.ok());
    auto row = (*txn)->GetVariant(v.name().substr(std::string("variants/").size()));
    EXPECT_TRUE(row.ok() && row->has_value());
    return row.ok() && row->has_value() ? (*row)->data : "";
  }

  // Rewrites the variant's row and its revisions whole, as they were stored before.
  void StoreWhole(const v1::Variant& v) {
    JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginWrite());
    JISR_ASSERT_OK_AND_ASSIGN(auto row, txn->GetVariant(v.name().substr(9)));
    ASSERT_TRUE(row.has_value());
    JISR_ASSERT_OK_AND_ASSIGN(StoredVariant stored, ArticleStore::ParseVariant(*txn, *row));
    row->data = stored.variant.SerializeAsString();
    JISR_ASSERT_OK(txn->UpdateVariant(*row));
    for (int64_t number = 1; number <= stored.variant.latest_revision(); ++number) {
      JISR_ASSERT_OK_AND_ASSIGN(auto stored_revision, txn->GetRevision(row->id, number));
      v1::Revision revision;
      ASSERT_TRUE(ParseStoredRevision(stored_revision->data, revision));
      stored_revision->data = revision.SerializeAsString();
      JISR_ASSERT_OK(txn->UpdateRevision(*stored_revision));
    }
    JISR_ASSERT_OK(txn->Commit());
  }

  // Revision `number` of `v`, as GetRevision answers and as stored (decoded).
  v1::Revision Revision(const v1::Variant& v, int64_t number) {
    v1::GetRevisionRequest request;
    request.set_name(absl::StrCat(v.name(), "/revisions/", number));
    return Call(&v1::ArticleService::Stub::GetRevision, request);
  }
  std::string StoredRevision(const v1::Variant& v, int64_t number) {
    auto txn = storage().BeginRead();
    EXPECT_TRUE(txn.ok());
    auto row = (*txn)->GetRevision(v.name().substr(std::string("variants/").size()), number);
    EXPECT_TRUE(row.ok() && row->has_value());
    return row.ok() && row->has_value() ? (*row)->data : "";
  }

  std::unique_ptr<v1::ArticleService::Stub> stub_;
  // The seed article, the UDHR in Arabic and in English, and a short Arabic variant with what
  // the stored form cannot leave out, as CreateVariant answered.
  std::vector<v1::Variant> created_;
  v1::Variant en_;
  v1::Variant ar_;
};

TEST_P(StoredRowsTest, AVariantRowLeavesItsBlocksToItsLatestRevision) {
  for (const v1::Variant* v : {&en_, &ar_}) {
    const std::string data = RowData(*v);
    EXPECT_TRUE(IsCompactVariantData(data)) << v->name();
    ASSERT_GE(v->blocks_size(), 2) << v->name();
    // The last block's text is in no excerpt: only the revision holds it.
    const std::string last_block = v->blocks(v->blocks_size() - 1).SerializeAsString();
    ASSERT_GT(last_block.size(), 20u) << v->name();
    EXPECT_THAT(data, Not(HasSubstr(last_block.substr(last_block.size() - 20)))) << v->name();
    // What an overview shows stays in the row, so lists read it alone.
    EXPECT_THAT(data, HasSubstr(v->headline())) << v->name();
    EXPECT_THAT(data, HasSubstr(v->text().excerpt())) << v->name();
    EXPECT_LT(data.size(), v->ByteSizeLong() / 4) << v->name();
  }
}

TEST_P(StoredRowsTest, AListsOverviewReadsTheRowAloneAndTheLatestViewTheRevision) {
  v1::ListVariantsRequest list;
  list.set_view(v1::VARIANT_VIEW_BASIC);
  const std::string overview =
      Call(&v1::ArticleService::Stub::ListVariants, list).SerializeAsString();
  // Damage the English variant's latest revision: whatever reads it fails.
  {
    JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginWrite());
    JISR_ASSERT_OK_AND_ASSIGN(auto revision,
                              txn->GetRevision(en_.name().substr(9), en_.latest_revision()));
    ASSERT_TRUE(revision.has_value());
    revision->data = "not a revision";
    JISR_ASSERT_OK(txn->UpdateRevision(*revision));
    JISR_ASSERT_OK(txn->Commit());
  }
  grpc::ClientContext context;
  ::jisr::testing::TestCredentials::Get().Authorize(context, ::jisr::testing::kTestEditor);
  v1::GetVariantRequest get;
  get.set_name(en_.name());
  get.set_view(v1::VARIANT_VIEW_LATEST);
  v1::Variant latest;
  EXPECT_EQ(stub_->GetVariant(&context, get, &latest).error_code(), grpc::StatusCode::DATA_LOSS);
  EXPECT_EQ(Call(&v1::ArticleService::Stub::ListVariants, list).SerializeAsString(), overview);
}

TEST_P(StoredRowsTest, RowsStoredCompactBeforeListSummariesReadTheSame) {
  const std::vector<std::string> current = Answers();
  for (const v1::Variant* v : {&en_, &ar_}) {
    // The compact form before schema 8: a marker, then the metadata without any content.
    JISR_ASSERT_OK_AND_ASSIGN(auto txn, storage().BeginWrite());
    JISR_ASSERT_OK_AND_ASSIGN(auto row, txn->GetVariant(v->name().substr(9)));
    ASSERT_TRUE(row.has_value());
    JISR_ASSERT_OK_AND_ASSIGN(StoredVariant stored, ArticleStore::ParseVariant(*txn, *row));
    ClearContent(stored.variant);
    stored.variant.clear_text();
    row->data = absl::StrCat(std::string("\0C", 2), stored.variant.SerializeAsString());
    JISR_ASSERT_OK(txn->UpdateVariant(*row));
    JISR_ASSERT_OK(txn->Commit());
  }
  ASSERT_THAT(RowData(en_), Not(HasSubstr(en_.headline())));
  EXPECT_EQ(Answers(), current);
}

TEST_P(StoredRowsTest, RowsStoredWholeReadTheSameAndAreNotRewritten) {
  const std::vector<std::string> compact = Answers();
  StoreWhole(en_);
  StoreWhole(ar_);
  const std::string whole = RowData(en_);
  ASSERT_FALSE(IsCompactVariantData(whole));
  ASSERT_EQ(StoredRevision(en_, 1), Revision(en_, 1).SerializeAsString());
  EXPECT_THAT(whole, HasSubstr(en_.headline()));
  EXPECT_EQ(Answers(), compact);
  EXPECT_EQ(RowData(en_), whole) << "reading rewrote the row";

  // The next revision stores it compact again, and reads back what was written.
  v1::UpdateVariantRequest update;
  *update.mutable_variant() = en_;
  update.mutable_variant()->clear_etag();  // publishing changed it
  update.mutable_variant()->set_headline("A third headline");
  update.mutable_update_mask()->add_paths("headline");
  const v1::Variant updated = Call(&v1::ArticleService::Stub::UpdateVariant, update);
  EXPECT_TRUE(IsCompactVariantData(RowData(en_)));
  v1::GetVariantRequest get;
  get.set_name(en_.name());
  get.set_view(v1::VARIANT_VIEW_LATEST);
  EXPECT_EQ(Call(&v1::ArticleService::Stub::GetVariant, get).SerializeAsString(),
            updated.SerializeAsString());
  EXPECT_EQ(updated.headline(), "A third headline");
  EXPECT_EQ(updated.blocks_size(), en_.blocks_size());
}

TEST_P(StoredRowsTest, ARevisionReadsBackTheAnalysisItsWriteMadeAndStoresLess) {
  for (const v1::Variant& created : created_) {
    const v1::Revision revision = Revision(created, 1);
    v1::VariantText analysis = created.text();
    analysis.clear_datelines();
    analysis.clear_slug_url();
    ASSERT_GE(analysis.fields_size(), 3) << created.name();
    EXPECT_EQ(revision.snapshot().text().SerializeAsString(), analysis.SerializeAsString())
        << created.name();
    EXPECT_EQ(revision.snapshot().headline(), created.headline());
    EXPECT_LT(storage::EncodeBlob(StoredRevision(created, 1)).size(),
              storage::EncodeBlob(revision.SerializeAsString()).size())
        << created.name();
  }
}

TEST_P(StoredRowsTest, ChangesThatKeepTheContentKeepTheRowCompact) {
  v1::UnpublishVariantRequest unpublish;
  unpublish.set_name(en_.name());
  const v1::Variant unpublished = Call(&v1::ArticleService::Stub::UnpublishVariant, unpublish);
  EXPECT_TRUE(IsCompactVariantData(RowData(en_)));
  EXPECT_EQ(unpublished.blocks_size(), en_.blocks_size());
  v1::VariantText before = en_.text();
  v1::VariantText after = unpublished.text();
  before.clear_datelines();
  after.clear_datelines();
  EXPECT_EQ(after.SerializeAsString(), before.SerializeAsString());
}

JISR_INSTANTIATE_FOR_EVERY_ENGINE(StoredRowsTest);

}  // namespace
}  // namespace jisr::articles::engine_test
