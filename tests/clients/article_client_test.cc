// The C++ client against the real article service (TestNewsroom: the real gRPC server over a
// real SQLite file, with the test credentials): the principal its token proves is recorded on
// the revisions it writes, request ids make retries safe, the default deadline ends a call the
// server is slow to answer, the server's error details come back as payloads, and Watch delivers
// the committed changes and resumes from a cursor. Option checks, the status conversion and
// request ids need no server. Credentials in depth: client_credentials_test.cc.
#include "clients/cpp/article_client.h"

#include <regex>
#include <set>
#include <string>
#include <vector>

#include "clients/cpp/grpc_status.h"
#include "clients/cpp/request_id.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "services/common/errors.h"
#include "services/common/status_details.h"
#include "services/storage/storage.h"
#include "tests/clients/newsroom_client.h"
#include "tests/testing/test_newsroom.h"

namespace jisr::client {
namespace {

using ::jisr::testing::kClientAuthor;
using ::jisr::testing::kTestDeskAr;
using ::jisr::testing::NewsroomClient;
using ::jisr::testing::TestCredentials;
using ::testing::HasSubstr;

class ArticleClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_.StartServer();
    client_ = NewsroomClient(env_);
    ASSERT_NE(client_, nullptr);
  }

  jisr::v1::Variant Create(const std::string& id, const std::string& language,
                           const std::string& headline) {
    jisr::v1::CreateVariantRequest create;
    create.set_variant_id(id);
    create.mutable_variant()->set_language(language);
    create.mutable_variant()->set_headline(headline);
    absl::StatusOr<jisr::v1::Variant> created = client_->CreateVariant(create);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? *created : jisr::v1::Variant();
  }

  jisr::v1::Variant Latest(const std::string& name) {
    jisr::v1::GetVariantRequest get;
    get.set_name(name);
    get.set_view(jisr::v1::VARIANT_VIEW_LATEST);
    absl::StatusOr<jisr::v1::Variant> variant = client_->GetVariant(get);
    EXPECT_TRUE(variant.ok()) << variant.status();
    return variant.ok() ? *variant : jisr::v1::Variant();
  }

  std::vector<std::string> VariantNames() { return jisr::testing::AllVariantNames(*client_); }

  std::vector<jisr::v1::Revision> Revisions(const std::string& variant) {
    jisr::v1::ListRevisionsRequest list;
    list.set_parent(variant);
    absl::StatusOr<jisr::v1::ListRevisionsResponse> listed = client_->ListRevisions(list);
    EXPECT_TRUE(listed.ok()) << listed.status();
    if (!listed.ok()) return {};
    return {listed->revisions().begin(), listed->revisions().end()};
  }

  // Watches with `request` until `count` events have arrived.
  std::vector<jisr::v1::ChangeEvent> WatchFor(const jisr::v1::WatchRequest& request, size_t count) {
    std::vector<jisr::v1::ChangeEvent> events;
    const absl::Status status =
        client_->Watch(request, [&events, count](const jisr::v1::ChangeEvent& event) {
          events.push_back(event);
          return events.size() < count;
        });
    EXPECT_TRUE(status.ok()) << status;
    return events;
  }

  jisr::testing::TestNewsroom env_;
  std::unique_ptr<ArticleClient> client_;
};

TEST_F(ArticleClientTest, WaitForReadyAnswersOnceTheServiceServes) {
  EXPECT_TRUE(client_->WaitForReady(absl::Seconds(5)).ok());
}

TEST_F(ArticleClientTest, ConnectReachesTheServerOnItsLoopbackPort) {
  ClientOptions options;
  options.target = "127.0.0.1:" + std::to_string(env_.server().port());
  options.token_path = TestCredentials::Get().TokenFile(kClientAuthor);
  absl::StatusOr<std::unique_ptr<ArticleClient>> network = ArticleClient::Connect(options);
  ASSERT_TRUE(network.ok()) << network.status();
  ASSERT_TRUE((*network)->WaitForReady(absl::Seconds(10)).ok());

  jisr::v1::CreateVariantRequest create;
  create.set_variant_id("over-tcp");
  create.mutable_variant()->set_language("ar");
  create.mutable_variant()->set_headline("وزير الخارجية الأميركي يختتم زيارته إلى الصين");
  absl::StatusOr<jisr::v1::Variant> created = (*network)->CreateVariant(create);
  ASSERT_TRUE(created.ok()) << created.status();

  // Written over the network, read back through the in-process channel.
  const jisr::v1::Variant stored = Latest("variants/over-tcp");
  EXPECT_EQ(stored.headline(), "وزير الخارجية الأميركي يختتم زيارته إلى الصين");
  EXPECT_EQ(stored.direction(), jisr::v1::TEXT_DIRECTION_RIGHT_TO_LEFT);
  EXPECT_EQ(stored.revision().author(), kClientAuthor);
}

TEST_F(ArticleClientTest, TheVerifiedPrincipalOfAWriteIsRecordedAndAnotherDeskReadsIt) {
  jisr::v1::CreateVariantRequest create;
  create.set_variant_id("blinken-en");
  create.mutable_variant()->set_language("en");
  create.mutable_variant()->set_headline("Blinken meets Xi");
  create.set_request_id(NewRequestId());
  absl::StatusOr<jisr::v1::Variant> created = client_->CreateVariant(create);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->name(), "variants/blinken-en");
  EXPECT_EQ(created->revision().author(), kClientAuthor);
  // Its token has no `name` claim and the policy gives no display name: the principal it is.
  EXPECT_EQ(created->revision().author_name(), kClientAuthor);

  // Another desk, with its own credentials, sees who wrote it.
  auto desk = NewsroomClient(env_, kTestDeskAr);
  jisr::v1::GetVariantRequest get;
  get.set_name("variants/blinken-en");
  get.set_view(jisr::v1::VARIANT_VIEW_LATEST);
  absl::StatusOr<jisr::v1::Variant> read = desk->GetVariant(get);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->revision().author(), kClientAuthor);

  jisr::v1::ListRevisionsRequest revisions;
  revisions.set_parent("variants/blinken-en");
  absl::StatusOr<jisr::v1::ListRevisionsResponse> listed = desk->ListRevisions(revisions);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->revisions_size(), 1);
  EXPECT_EQ(listed->revisions(0).author(), kClientAuthor);

  // A caller with no credentials reads published views only: asked for the draft, it is told
  // to send credentials; in the published view, the draft is not there for it.
  auto anonymous = NewsroomClient(env_, /*principal=*/"");
  EXPECT_EQ(anonymous->GetVariant(get).status().code(), absl::StatusCode::kUnauthenticated);
  get.set_view(jisr::v1::VARIANT_VIEW_PUBLISHED);
  EXPECT_EQ(anonymous->GetVariant(get).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ArticleClientTest, ACreateRetriedWithItsRequestIdWritesOnce) {
  jisr::v1::CreateVariantRequest create;
  // No variant_id: a second write would get a second, generated name.
  create.mutable_variant()->set_language("en");
  create.mutable_variant()->set_headline("Blinken meets Xi");
  create.set_request_id(NewRequestId());
  absl::StatusOr<jisr::v1::Variant> first = client_->CreateVariant(create);
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<jisr::v1::Variant> retried = client_->CreateVariant(create);
  ASSERT_TRUE(retried.ok()) << retried.status();

  EXPECT_EQ(retried->name(), first->name());
  EXPECT_EQ(retried->etag(), first->etag());
  EXPECT_THAT(VariantNames(), ::testing::ElementsAre(first->name()));
  EXPECT_EQ(Revisions(first->name()).size(), 1u);
}

TEST_F(ArticleClientTest, ServerErrorDetailsBecomePayloads) {
  jisr::v1::GetVariantRequest get;
  get.set_name("variants/missing");
  absl::StatusOr<jisr::v1::Variant> missing = client_->GetVariant(get);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "variants/missing (name) does not exist");
  EXPECT_EQ(jisr::ErrorReason(missing.status()), "VARIANT_NOT_FOUND");
  const auto resource = missing.status().GetPayload(jisr::kResourceInfoTypeUrl);
  ASSERT_TRUE(resource.has_value());
  google::rpc::ResourceInfo info;
  ASSERT_TRUE(info.ParseFromString(std::string(*resource)));
  EXPECT_EQ(info.resource_name(), "variants/missing");

  Create("blinken-en", "en", "Blinken meets Xi");
  jisr::v1::UpdateVariantRequest update;
  jisr::v1::Variant* variant = update.mutable_variant();
  variant->set_name("variants/blinken-en");
  variant->set_headline(std::string(301, 'x'));
  variant->add_blocks()->mutable_paragraph()->set_text("The first paragraph.");
  variant->add_blocks()->mutable_paragraph()->set_text("The second paragraph.");
  variant->add_blocks()->mutable_paragraph()->set_text("");
  update.mutable_update_mask()->add_paths("headline");
  update.mutable_update_mask()->add_paths("blocks");
  absl::StatusOr<jisr::v1::Variant> updated = client_->UpdateVariant(update);
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(jisr::ErrorReason(updated.status()), "INVALID_FIELD");
  const std::vector<jisr::FieldViolation> violations = jisr::FieldViolationsOf(updated.status());
  ASSERT_EQ(violations.size(), 2u) << updated.status();
  EXPECT_EQ(violations[0].field, "variant.headline");
  EXPECT_THAT(violations[0].description, HasSubstr("301 characters, at most 300"));
  EXPECT_EQ(violations[1].field, "variant.blocks[2].paragraph.text");
  EXPECT_THAT(violations[1].description, HasSubstr("must not be empty"));
  // Nothing was written.
  EXPECT_EQ(Latest("variants/blinken-en").latest_revision(), 1);
}

TEST_F(ArticleClientTest, DefaultDeadlineEndsACallTheServerIsSlowToAnswer) {
  Create("blinken-en", "en", "Blinken meets Xi");
  auto hurried = NewsroomClient(env_, kClientAuthor, absl::Milliseconds(200));
  jisr::v1::PublishVariantRequest publish;
  publish.set_name("variants/blinken-en");
  publish.set_request_id(NewRequestId());
  {
    // Another writer holds the database, so the server cannot finish the publish: only the
    // client's deadline can end the call.
    absl::StatusOr<std::unique_ptr<jisr::storage::Transaction>> writer =
        env_.storage().BeginWrite();
    ASSERT_TRUE(writer.ok()) << writer.status();
    const absl::Time start = absl::Now();
    absl::StatusOr<jisr::v1::Variant> published = hurried->PublishVariant(publish);
    ASSERT_FALSE(published.ok());
    EXPECT_EQ(published.status().code(), absl::StatusCode::kDeadlineExceeded);
    EXPECT_GE(absl::Now() - start, absl::Milliseconds(190));
    EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  }
  // The server may still carry the write out once the database is free; retried with the same
  // request_id (as the client's contract says to), it is done once and answered.
  absl::StatusOr<jisr::v1::Variant> retried = client_->PublishVariant(publish);
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(retried->state(), jisr::v1::VARIANT_STATE_PUBLISHED);
  EXPECT_EQ(Latest("variants/blinken-en").published_revision(), 1);
}

TEST_F(ArticleClientTest, WatchDeliversCommittedChangesInOrderAndResumesFromACursor) {
  const jisr::v1::Variant english = Create("blinken-en", "en", "Blinken meets Xi");
  const jisr::v1::Variant arabic = Create("blinken-ar", "ar", "بلينكن يلتقي شي");

  jisr::v1::WatchRequest from_oldest;
  from_oldest.set_from_oldest(true);
  // Each variant created alone opens a story: the story's event, then the variant's.
  const std::vector<jisr::v1::ChangeEvent> events = WatchFor(from_oldest, 4);
  ASSERT_EQ(events.size(), 4u);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {english.story(), ""},
      {english.story(), "variants/blinken-en"},
      {arabic.story(), ""},
      {arabic.story(), "variants/blinken-ar"}};
  std::set<std::string> cursors;
  for (size_t i = 0; i < events.size(); ++i) {
    const jisr::v1::ChangeEvent& event = events[i];
    SCOPED_TRACE(event.DebugString());
    EXPECT_EQ(event.kind(), jisr::v1::CHANGE_KIND_CREATED);
    EXPECT_EQ(event.story(), expected[i].first);
    EXPECT_EQ(event.variant(), expected[i].second);
    EXPECT_EQ(event.author(), kClientAuthor);
    EXPECT_EQ(event.author_name(), kClientAuthor);
    EXPECT_FALSE(event.cursor().empty());
    cursors.insert(event.cursor());
    if (i > 0) {
      EXPECT_GT(event.sequence(), events[i - 1].sequence());
    }
  }
  EXPECT_EQ(cursors.size(), 4u);
  EXPECT_EQ(events[1].language(), "en");
  EXPECT_EQ(events[1].revision(), 1);
  EXPECT_EQ(events[3].language(), "ar");

  // Resuming after the English variant's event gives exactly the events after it, then what is
  // committed next.
  jisr::v1::PublishVariantRequest publish;
  publish.set_name("variants/blinken-en");
  ASSERT_TRUE(client_->PublishVariant(publish).ok());
  jisr::v1::WatchRequest resume;
  resume.set_cursor(events[1].cursor());
  const std::vector<jisr::v1::ChangeEvent> resumed = WatchFor(resume, 3);
  ASSERT_EQ(resumed.size(), 3u);
  EXPECT_EQ(resumed[0].sequence(), events[2].sequence());
  EXPECT_EQ(resumed[0].cursor(), events[2].cursor());
  EXPECT_EQ(resumed[1].sequence(), events[3].sequence());
  EXPECT_EQ(resumed[2].kind(), jisr::v1::CHANGE_KIND_PUBLISHED);
  EXPECT_EQ(resumed[2].variant(), "variants/blinken-en");
  EXPECT_EQ(resumed[2].revision(), 1);
}

TEST_F(ArticleClientTest, WatchStopsWhenTheCallerSaysSo) {
  Create("blinken-en", "en", "Blinken meets Xi");
  Create("blinken-ar", "ar", "بلينكن يلتقي شي");
  jisr::v1::WatchRequest request;
  request.set_from_oldest(true);
  int seen = 0;
  const absl::Status status =
      client_->Watch(request, [&seen](const jisr::v1::ChangeEvent&) { return ++seen < 2; });
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(seen, 2);
}

TEST_F(ArticleClientTest, WatchReturnsTheStatusTheServerEndsTheStreamWith) {
  jisr::v1::WatchRequest request;
  request.set_cursor("not-a-cursor");
  int seen = 0;
  const absl::Status status = client_->Watch(request, [&seen](const jisr::v1::ChangeEvent&) {
    ++seen;
    return true;
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  const std::vector<jisr::FieldViolation> violations = jisr::FieldViolationsOf(status);
  ASSERT_EQ(violations.size(), 1u) << status;
  EXPECT_EQ(violations[0].field, "cursor");
  EXPECT_EQ(seen, 0);
}

TEST(ArticleClientConnectTest, WaitForReadyNamesTheServerThatDidNotAnswer) {
  ClientOptions options;
  options.target = "localhost:1";  // Nothing listens on port 1.
  auto client = ArticleClient::Connect(options);
  ASSERT_TRUE(client.ok()) << client.status();
  const absl::Status ready = (*client)->WaitForReady(absl::Milliseconds(300));
  EXPECT_EQ(ready.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(ready.message(), HasSubstr("localhost:1 did not answer within 300ms"));
}

TEST(GrpcStatusTest, KeepsCodeAndMessageAndRestoresDetails) {
  EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK).ok());

  const absl::Status original = jisr::InvalidFieldError("variant.language", "unknown language");
  const grpc::Status wire(grpc::StatusCode::INVALID_ARGUMENT, std::string(original.message()),
                          jisr::ToRpcStatus(original).SerializeAsString());
  const absl::Status restored = FromGrpcStatus(wire);
  EXPECT_EQ(restored.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(restored.message(), original.message());
  ASSERT_EQ(jisr::FieldViolationsOf(restored).size(), 1u);
  EXPECT_EQ(jisr::FieldViolationsOf(restored)[0].field, "variant.language");

  const absl::Status garbage =
      FromGrpcStatus(grpc::Status(grpc::StatusCode::UNAVAILABLE, "down", "\xFF\xFF not a proto"));
  EXPECT_EQ(garbage.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(garbage.message(), "down");
}

TEST(RequestIdTest, NewIdsAreDistinctUuidV4) {
  const std::regex uuid4("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = NewRequestId();
    EXPECT_TRUE(std::regex_match(id, uuid4)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(RequestIdTest, KeyedIdsAreStableUuidV8) {
  const std::regex uuid8("^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  const std::string id = RequestIdFromKey("seed-article-en.txt|en");
  EXPECT_TRUE(std::regex_match(id, uuid8)) << id;
  EXPECT_EQ(id, RequestIdFromKey("seed-article-en.txt|en"));
  EXPECT_NE(id, RequestIdFromKey("seed-article-en.txt|ar"));
  EXPECT_NE(RequestIdFromKey(""), RequestIdFromKey(std::string(1, '\0')));
  // Pinned, so a change of hash (which would break idempotency across versions) is noticed.
  EXPECT_EQ(RequestIdFromKey(""), "6c62272e-07bb-8142-a2b8-21756295c58d");
}

}  // namespace
}  // namespace jisr::client
