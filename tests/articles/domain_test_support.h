// What the article domain tests share: a Newsroom over a real SQLite file with a manual clock
// (tests/testing/test_newsroom.h), the calls most tests make through its components, and a
// published English source with its Arabic translation for the tests that start from one.
// Header-only: each test binary includes it once.
#ifndef JISR_TESTS_ARTICLES_DOMAIN_TEST_SUPPORT_H_
#define JISR_TESTS_ARTICLES_DOMAIN_TEST_SUPPORT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"  // also ==, < and << of Timestamps in EXPECT_EQ
#include "gtest/gtest.h"
#include "jisr/v1/events.pb.h"
#include "services/articles/newsroom.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_newsroom.h"

namespace jisr::articles::domain_test {

namespace v1 = ::jisr::v1;
using ::jisr::testing::Editor;

// A paragraph block; the server gives it an id when `id` is empty. A translation's block names
// the source block it renders in `source_block_id`.
inline v1::Block Paragraph(const std::string& text, const std::string& id = "",
                           const std::string& source_block_id = "") {
  v1::Block block;
  block.set_id(id);
  block.set_source_block_id(source_block_id);
  block.mutable_paragraph()->set_text(text);
  return block;
}

class DomainTest : public ::testing::Test {
 protected:
  Newsroom& newsroom() { return env_.newsroom(); }

  // A draft with one paragraph (id "p1"), in a new story unless `story` or a translation
  // `source` is named.
  v1::Variant Create(const std::string& language, const std::string& headline,
                     const std::string& story = "", const std::string& source = "") {
    v1::CreateVariantRequest request;
    request.mutable_variant()->set_language(language);
    request.mutable_variant()->set_headline(headline);
    request.mutable_variant()->set_story(story);
    if (!source.empty()) {
      request.mutable_variant()->mutable_translation_source()->set_variant(source);
    }
    *request.mutable_variant()->add_blocks() = Paragraph("First paragraph of " + headline, "p1");
    auto created = newsroom().variant_editing().CreateVariant(request, Editor());
    EXPECT_TRUE(created.ok()) << created.status();
    return created.value_or(v1::Variant());
  }

  // A new headline (masked to "headline") on the etag of `current`.
  absl::StatusOr<v1::Variant> Edit(
      const v1::Variant& current, const std::string& headline,
      v1::ChangeSignificance significance = v1::CHANGE_SIGNIFICANCE_SIGNIFICANT) {
    v1::UpdateVariantRequest request;
    request.mutable_variant()->set_name(current.name());
    request.mutable_variant()->set_etag(current.etag());
    request.mutable_variant()->set_headline(headline);
    request.mutable_update_mask()->add_paths("headline");
    request.set_significance(significance);
    return newsroom().variant_editing().UpdateVariant(request, Editor());
  }

  absl::StatusOr<v1::Variant> Publish(const std::string& name, int64_t revision = 0) {
    v1::PublishVariantRequest request;
    request.set_name(name);
    request.set_revision(revision);
    return newsroom().publishing().PublishVariant(request, Editor());
  }

  absl::StatusOr<v1::Variant> Read(const std::string& name,
                                   v1::VariantView view = v1::VARIANT_VIEW_PUBLISHED) {
    v1::GetVariantRequest request;
    request.set_name(name);
    request.set_view(view);
    return newsroom().variant_reading().GetVariant(request, Editor());
  }

  // The editor's view; a failed read is a test failure.
  v1::Variant Latest(const std::string& name) {
    auto v = Read(name, v1::VARIANT_VIEW_LATEST);
    EXPECT_TRUE(v.ok()) << v.status();
    return v.value_or(v1::Variant());
  }

  int RevisionCount(const std::string& name) {
    v1::ListRevisionsRequest request;
    request.set_parent(name);
    request.set_page_size(500);
    auto list = newsroom().revision_history().ListRevisions(request, Editor());
    EXPECT_TRUE(list.ok()) << list.status();
    return list.ok() ? list->revisions_size() : -1;
  }

  // Every change event committed so far, oldest first.
  std::vector<v1::ChangeEvent> Events() {
    auto rows = env_.storage().ReadEvents(0, 100000);
    EXPECT_TRUE(rows.ok()) << rows.status();
    std::vector<v1::ChangeEvent> out;
    if (!rows.ok()) return out;
    for (const auto& row : *rows) {
      out.emplace_back();
      out.back().ParseFromString(row.data);
    }
    return out;
  }

  testing::TestNewsroom env_;
};

// Starts from an English source with three paragraphs (p1, p2, p3) and its Arabic translation
// aligned block by block (a1, a2, a3), both published in one batch.
class PublishedPairTest : public DomainTest {
 protected:
  void SetUp() override {
    v1::CreateVariantRequest en;
    en.mutable_variant()->set_language("en");
    en.mutable_variant()->set_headline("Talks resume in Geneva");
    *en.mutable_variant()->add_blocks() = Paragraph("Delegations met on Monday.", "p1");
    *en.mutable_variant()->add_blocks() = Paragraph("The talks lasted three hours.", "p2");
    *en.mutable_variant()->add_blocks() = Paragraph("A second round is planned.", "p3");
    JISR_ASSERT_OK_AND_ASSIGN(en_, newsroom().variant_editing().CreateVariant(en, Editor()));
    v1::CreateVariantRequest ar;
    ar.mutable_variant()->set_language("ar");
    ar.mutable_variant()->set_headline("استئناف المحادثات في جنيف");
    ar.mutable_variant()->mutable_translation_source()->set_variant(en_.name());
    *ar.mutable_variant()->add_blocks() = Paragraph("التقت الوفود يوم الاثنين.", "a1", "p1");
    *ar.mutable_variant()->add_blocks() = Paragraph("استمرت المحادثات ثلاث ساعات.", "a2", "p2");
    *ar.mutable_variant()->add_blocks() = Paragraph("من المقرر عقد جولة ثانية.", "a3", "p3");
    JISR_ASSERT_OK_AND_ASSIGN(ar_, newsroom().variant_editing().CreateVariant(ar, Editor()));
    v1::BatchPublishVariantsRequest publish;
    publish.add_names(en_.name());
    publish.add_names(ar_.name());
    JISR_ASSERT_OK(newsroom().publishing().BatchPublishVariants(publish, Editor()));
  }

  // Edits the English paragraph p2 and publishes.
  void EditSourceAndPublish(const std::string& text, v1::ChangeSignificance significance) {
    v1::Variant en = Latest(en_.name());
    v1::UpdateVariantRequest update;
    *update.mutable_variant() = en;
    update.mutable_variant()->mutable_blocks(1)->mutable_paragraph()->set_text(text);
    update.mutable_update_mask()->add_paths("blocks");
    update.set_significance(significance);
    ASSERT_THAT(newsroom().variant_editing().UpdateVariant(update, Editor()),
                ::jisr::testing::IsOk());
    v1::PublishVariantRequest publish;
    publish.set_name(en_.name());
    ASSERT_THAT(newsroom().publishing().PublishVariant(publish, Editor()), ::jisr::testing::IsOk());
  }

  v1::Variant en_;
  v1::Variant ar_;
};

}  // namespace jisr::articles::domain_test

#endif  // JISR_TESTS_ARTICLES_DOMAIN_TEST_SUPPORT_H_
