// The contract's AIP behaviours that users build on, through a real jisrd process and the
// generated stubs: an update without a mask changes only what it sends (AIP-134), and Watch
// refuses filters it could never match instead of waiting forever.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "jisr/v1/article_service.grpc.pb.h"
#include "tests/testing/jisrd_process.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_credentials.h"

namespace jisr {
namespace {

namespace v1 = ::jisr::v1;

// A call as the newsroom's editor: it writes variants and stories and watches every change.
std::unique_ptr<grpc::ClientContext> Call(int seconds = 20) {
  auto context = std::make_unique<grpc::ClientContext>();
  testing::TestCredentials::Get().Authorize(*context, testing::kTestEditor);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  return context;
}

// The first field a BadRequest in `status` names, or "".
std::string FirstBadField(const grpc::Status& status) {
  google::rpc::Status details;
  google::rpc::BadRequest bad_request;
  if (!details.ParseFromString(status.error_details())) return "";
  for (const auto& any : details.details()) {
    if (any.Is<google::rpc::BadRequest>()) any.UnpackTo(&bad_request);
  }
  return bad_request.field_violations().empty() ? "" : bad_request.field_violations(0).field();
}

class ContractTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started =
        testing::JisrdProcess::Start({"--data_path=" + dir_.File("jisr.db")}, dir_.path());
    ASSERT_TRUE(started.ok()) << started.status();
    jisrd_ = std::make_unique<testing::JisrdProcess>(std::move(*started));
    stub_ = v1::ArticleService::NewStub(
        grpc::CreateChannel(jisrd_->target(), grpc::InsecureChannelCredentials()));
  }

  // An English variant with a headline, a section, tags and one paragraph.
  v1::Variant CreateFullVariant() {
    v1::CreateVariantRequest request;
    v1::Variant* v = request.mutable_variant();
    v->set_language("en");
    v->set_headline("Blinken meets Xi in Beijing");
    v->set_section("World");
    v->add_tags("China");
    v->add_blocks()->mutable_paragraph()->set_text("The first paragraph.");
    v1::Variant created;
    grpc::Status status = stub_->CreateVariant(Call().get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  v1::Variant Latest(const std::string& name) {
    v1::GetVariantRequest request;
    request.set_name(name);
    request.set_view(v1::VARIANT_VIEW_LATEST);
    v1::Variant out;
    grpc::Status status = stub_->GetVariant(Call().get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  grpc::Status Update(const v1::UpdateVariantRequest& request, v1::Variant* out) {
    return stub_->UpdateVariant(Call().get(), request, out);
  }

  // The status a Watch with `request` ends with, within `seconds`.
  grpc::Status WatchStatus(const v1::WatchRequest& request, int seconds = 10) {
    auto context = Call(seconds);
    auto reader = stub_->Watch(context.get(), request);
    v1::ChangeEvent event;
    while (reader->Read(&event)) {
    }
    return reader->Finish();
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::JisrdProcess> jisrd_;
  std::unique_ptr<v1::ArticleService::Stub> stub_;
};

// A new user's first update: only a new headline, no update_mask. The body, section, tags and
// slug stay (they were wiped before AIP-134 was followed).
TEST_F(ContractTest, UpdateWithoutAMaskChangesOnlyTheFieldsItSends) {
  const v1::Variant created = CreateFullVariant();
  v1::UpdateVariantRequest request;
  request.mutable_variant()->set_name(created.name());
  request.mutable_variant()->set_headline("Blinken and Xi agree to keep talking");
  v1::Variant updated;
  ASSERT_TRUE(Update(request, &updated).ok());

  const v1::Variant latest = Latest(created.name());
  EXPECT_EQ(latest.headline(), "Blinken and Xi agree to keep talking");
  EXPECT_EQ(latest.section(), "World");
  EXPECT_THAT(latest.tags(), ::testing::ElementsAre("China"));
  ASSERT_EQ(latest.blocks_size(), 1);
  EXPECT_EQ(latest.blocks(0).paragraph().text(), "The first paragraph.");
  EXPECT_EQ(latest.blocks(0).id(), created.blocks(0).id());
  EXPECT_EQ(latest.slug(), created.slug()) << "the URL does not move unless asked";
  EXPECT_EQ(latest.latest_revision(), 2);
}

// An explicit mask replaces exactly what it names, sent or not; "*" replaces everything.
TEST_F(ContractTest, AMaskReplacesWhatItNamesAndStarReplacesEverything) {
  const v1::Variant created = CreateFullVariant();
  v1::UpdateVariantRequest request;
  request.mutable_variant()->set_name(created.name());
  request.mutable_variant()->set_headline("Ignored: not in the mask");
  request.mutable_update_mask()->add_paths("section");  // named and left empty: cleared
  v1::Variant updated;
  ASSERT_TRUE(Update(request, &updated).ok());
  v1::Variant latest = Latest(created.name());
  EXPECT_EQ(latest.headline(), created.headline());
  EXPECT_EQ(latest.section(), "");
  EXPECT_EQ(latest.blocks_size(), 1);

  request.mutable_update_mask()->Clear();
  request.mutable_update_mask()->add_paths("*");
  request.mutable_variant()->set_headline("Only a headline now");
  ASSERT_TRUE(Update(request, &updated).ok());
  latest = Latest(created.name());
  EXPECT_EQ(latest.headline(), "Only a headline now");
  EXPECT_EQ(latest.blocks_size(), 0);
  EXPECT_THAT(latest.tags(), ::testing::IsEmpty());
  EXPECT_EQ(latest.latest_revision(), 3);
}

// The same for a story: sending only the x-default language keeps the title.
TEST_F(ContractTest, UpdateStoryWithoutAMaskKeepsTheTitle) {
  v1::CreateStoryRequest create;
  create.mutable_story()->set_title("Blinken in Beijing");
  v1::Story story;
  ASSERT_TRUE(stub_->CreateStory(Call().get(), create, &story).ok());
  v1::UpdateStoryRequest update;
  update.mutable_story()->set_name(story.name());
  update.mutable_story()->set_x_default_language("ar");
  v1::Story updated;
  grpc::Status status = stub_->UpdateStory(Call().get(), update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.title(), "Blinken in Beijing");
  EXPECT_EQ(updated.x_default_language(), "ar");
}

// A language jisrd does not publish in, or one with a NUL byte, is refused at once, naming the
// field; so is a kind that is not a ChangeKind. Before, such a stream waited forever.
TEST_F(ContractTest, WatchRefusesFiltersItCouldNeverMatchNamingTheField) {
  struct Case {
    std::string what;
    v1::WatchRequest request;
    std::string field;
  };
  Case unknown{"unknown language", {}, "languages[0]"};
  unknown.request.add_languages("fr");
  Case nul{"language with a NUL byte", {}, "languages[1]"};
  nul.request.add_languages("en");
  nul.request.add_languages(std::string("a\0r", 3));
  Case kind{"unknown kind", {}, "kinds[0]"};
  kind.request.add_kinds(static_cast<v1::ChangeKind>(999));
  for (const Case& c : {unknown, nul, kind}) {
    SCOPED_TRACE(c.what);
    const auto start = std::chrono::steady_clock::now();
    grpc::Status status = WatchStatus(c.request);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    EXPECT_EQ(FirstBadField(status), c.field) << status.error_message();
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(9))
        << "refused at once, not at the deadline";
  }
}

// The filters that can match still stream: a watcher of Arabic changes gets the Arabic create.
TEST_F(ContractTest, WatchWithAConfiguredLanguageStreamsItsChanges) {
  v1::WatchRequest request;
  request.add_languages("ar");
  request.add_kinds(v1::CHANGE_KIND_CREATED);
  request.set_from_oldest(true);
  auto context = Call();
  auto reader = stub_->Watch(context.get(), request);
  v1::CreateVariantRequest create;
  create.mutable_variant()->set_language("ar");
  create.mutable_variant()->set_headline("بلينكن في بكين");
  v1::Variant created;
  ASSERT_TRUE(stub_->CreateVariant(Call().get(), create, &created).ok());
  v1::ChangeEvent event;
  // The story's own CREATED event passes too (story-level events are always sent).
  while (reader->Read(&event) && event.variant().empty()) {
  }
  EXPECT_EQ(event.variant(), created.name());
  EXPECT_EQ(event.language(), "ar");
  context->TryCancel();
}

}  // namespace
}  // namespace jisr
