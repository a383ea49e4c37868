// A jisrd whose storage fills up (--max_database_mb standing in for a full disk: SQLite returns
// SQLITE_FULL either way): the write that does not fit is refused with RESOURCE_EXHAUSTED and a
// message saying what to do, and leaves nothing behind (no revision, the etag unchanged);
// published reads go on, across a restart too, and health says so (writes NOT_SERVING, the
// article service and the process SERVING); with a larger cap every acknowledged write is there
// and writes succeed again.
#include <signal.h>

#include <map>
#include <random>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/operations/operations_support.h"
#include "tests/testing/health_check.h"
#include "tests/testing/temp_dir.h"

namespace jisr {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
namespace v1 = ::jisr::v1;
using HealthStatus = grpc::health::v1::HealthCheckResponse;
constexpr char kWrites[] = "jisr.v1.ArticleService.Writes";

// A body of about 24 KiB, different for each `n`, so a 1 MiB file fills in a few dozen writes:
// four paragraphs of 6,000 bytes of random words, which do not compress much (rows are stored
// compressed, and a revision as a delta against an earlier one).
void SetBody(v1::Variant& variant, int n) {
  std::mt19937_64 random(static_cast<uint64_t>(n));
  for (int block = 0; block < 4; ++block) {
    std::string text;
    while (text.size() < 6000) absl::StrAppend(&text, absl::Hex(random()), " ");
    variant.add_blocks()->mutable_paragraph()->set_text(text);
  }
}

class DiskFullTest : public ::testing::Test {
 protected:
  void Start(const std::string& max_database_mb) {
    stub_.reset();
    jisrd_.reset();
    jisrd_ = testing::StartJisrdOn(dir_.File("jisr.db"), dir_.path(),
                                   {"--max_database_mb=" + max_database_mb});
    ASSERT_NE(jisrd_, nullptr);
    stub_ = testing::ConnectTo(*jisrd_);
    channel_ = grpc::CreateChannel(jisrd_->target(), grpc::InsecureChannelCredentials());
  }

  grpc::Status Update(const v1::Variant& current, int n, v1::Variant* updated) {
    v1::UpdateVariantRequest update;
    update.mutable_variant()->set_name(current.name());
    update.mutable_variant()->set_etag(current.etag());
    update.mutable_variant()->set_headline(absl::StrCat("Update ", n));
    SetBody(*update.mutable_variant(), n);
    update.mutable_update_mask()->add_paths("headline");
    update.mutable_update_mask()->add_paths("blocks");
    return stub_->UpdateVariant(testing::EditorCall().get(), update, updated);
  }

  v1::Variant Latest(const std::string& name) {
    v1::GetVariantRequest get;
    get.set_name(name);
    get.set_view(v1::VARIANT_VIEW_LATEST);
    v1::Variant read;
    const grpc::Status status = stub_->GetVariant(testing::EditorCall().get(), get, &read);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return read;
  }

  // What a reader gets for the published variant, by name and by slug.
  void ExpectPublishedReads(const v1::Variant& published) {
    v1::GetVariantRequest get;
    get.set_name(published.name());
    v1::Variant read;
    grpc::Status status = stub_->GetVariant(testing::EditorCall().get(), get, &read);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(read.headline(), "Published before the disk filled");
    v1::LookupVariantRequest lookup;
    lookup.set_language("en");
    lookup.set_slug(published.slug());
    status = stub_->LookupVariant(testing::EditorCall().get(), lookup, &read);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(read.name(), published.name());
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::JisrdProcess> jisrd_;
  std::unique_ptr<v1::ArticleService::Stub> stub_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(DiskFullTest, AWriteThatDoesNotFitIsRefusedWholeAndReadsGoOn) {
  Start("1");
  v1::CreateVariantRequest create;
  create.mutable_variant()->set_language("en");
  create.mutable_variant()->set_headline("Published before the disk filled");
  v1::Variant published;
  ASSERT_TRUE(stub_->CreateVariant(testing::EditorCall().get(), create, &published).ok());
  v1::PublishVariantRequest publish;
  publish.set_name(published.name());
  ASSERT_TRUE(stub_->PublishVariant(testing::EditorCall().get(), publish, &published).ok());
  create.mutable_variant()->set_headline("Edited until the disk filled");
  v1::Variant draft;
  ASSERT_TRUE(stub_->CreateVariant(testing::EditorCall().get(), create, &draft).ok());

  // Updates until one does not fit; each acknowledged one is remembered by revision number.
  std::map<int64_t, std::string> acknowledged;  // revision -> headline
  grpc::Status refused;
  for (int n = 1; n <= 400 && refused.ok(); ++n) {
    v1::Variant updated;
    refused = Update(draft, n, &updated);
    if (refused.ok()) {
      acknowledged[updated.latest_revision()] = updated.headline();
      draft = updated;
    }
  }
  ASSERT_FALSE(refused.ok()) << "400 updates of 24 KiB fitted under a 1 MiB cap";
  ASSERT_FALSE(acknowledged.empty());
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(refused.error_message(),
            "storage is full: free disk space or raise --max_database_mb; nothing of this write "
            "was saved");
  EXPECT_THAT(refused.error_message(), Not(HasSubstr(dir_.path())));

  // Nothing of it was saved: the etag and the latest revision are those of the last success.
  const v1::Variant after = Latest(draft.name());
  EXPECT_EQ(after.etag(), draft.etag());
  EXPECT_EQ(after.latest_revision(), draft.latest_revision());
  v1::GetRevisionRequest revision;
  revision.set_name(absl::StrCat(draft.name(), "/revisions/", draft.latest_revision() + 1));
  v1::Revision missing;
  EXPECT_EQ(stub_->GetRevision(testing::EditorCall().get(), revision, &missing).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ExpectPublishedReads(published);
  // Probes see it: writes cannot commit, while the article service (reads) and the process
  // serve, so a full disk takes no replica out of rotation for readers.
  EXPECT_EQ(testing::AwaitHealth(*channel_, kWrites, HealthStatus::NOT_SERVING),
            HealthStatus::NOT_SERVING);
  EXPECT_EQ(testing::Health(*channel_, "jisr.v1.ArticleService"), HealthStatus::SERVING);
  EXPECT_EQ(testing::Health(*channel_, ""), HealthStatus::SERVING);

  // Restarted at the same cap: reads come from the file now, and writes are still refused.
  Start("1");
  ExpectPublishedReads(published);
  v1::Variant updated;
  EXPECT_EQ(Update(draft, 1000, &updated).error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);

  // With room again: every acknowledged revision is there, and writes succeed.
  Start("64");
  EXPECT_EQ(testing::AwaitHealth(*channel_, kWrites, HealthStatus::SERVING), HealthStatus::SERVING);
  for (const auto& [number, headline] : acknowledged) {
    revision.set_name(absl::StrCat(draft.name(), "/revisions/", number));
    v1::Revision read;
    const grpc::Status status = stub_->GetRevision(testing::EditorCall().get(), revision, &read);
    ASSERT_TRUE(status.ok()) << "revision " << number << ": " << status.error_message();
    EXPECT_EQ(read.snapshot().headline(), headline);
  }
  ASSERT_TRUE(Update(draft, 1001, &updated).ok());
  EXPECT_EQ(updated.latest_revision(), draft.latest_revision() + 1);
  ExpectPublishedReads(published);
}

}  // namespace
}  // namespace jisr
