// The article service through the real gRPC server: error details on the wire, identity from
// verified credentials only, invalid UTF-8 named by field, health checking and reflection.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/codegen/sync_stream.h>

#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/testing/test_credentials.h"
#include "tests/testing/test_newsroom.h"

namespace jisr {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;
namespace v1 = ::jisr::v1;

class ArticleServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { stub_ = env_.StartServer(); }

  // A call with a bearer token for `principal`, or with no credentials at all (a renderer on
  // loopback, which reads as an anonymous reader) when it is null.
  std::unique_ptr<grpc::ClientContext> Context(const char* principal = testing::kTestEditor) {
    auto context = std::make_unique<grpc::ClientContext>();
    if (principal != nullptr) testing::TestCredentials::Get().Authorize(*context, principal);
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return context;
  }

  v1::Variant CreateAndPublish(const std::string& language, const std::string& headline) {
    v1::CreateVariantRequest create;
    create.mutable_variant()->set_language(language);
    create.mutable_variant()->set_headline(headline);
    v1::Variant created;
    grpc::Status status = stub_->CreateVariant(Context().get(), create, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    v1::PublishVariantRequest publish;
    publish.set_name(created.name());
    v1::Variant published;
    status = stub_->PublishVariant(Context().get(), publish, &published);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return published;
  }

  static google::rpc::Status Details(const grpc::Status& status) {
    google::rpc::Status details;
    EXPECT_TRUE(details.ParseFromString(status.error_details()));
    return details;
  }

  // The ErrorInfo among a status's details (empty when there is none).
  static google::rpc::ErrorInfo ErrorInfoOf(const grpc::Status& status) {
    const google::rpc::Status details = Details(status);
    google::rpc::ErrorInfo info;
    for (const auto& any : details.details()) {
      if (any.UnpackTo(&info)) break;
    }
    return info;
  }

  testing::TestNewsroom env_;
  std::unique_ptr<v1::ArticleService::Stub> stub_;
};

TEST_F(ArticleServiceTest, InvalidInputCarriesBadRequestAndErrorInfoDetails) {
  v1::CreateVariantRequest request;
  request.mutable_variant()->set_language("xx");
  request.mutable_variant()->set_headline(std::string(301, 'h'));
  v1::Variant response;
  grpc::Status status = stub_->CreateVariant(Context().get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status details = Details(status);
  EXPECT_EQ(details.code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::BadRequest bad_request;
  google::rpc::ErrorInfo info;
  for (const auto& any : details.details()) {
    if (any.Is<google::rpc::BadRequest>()) any.UnpackTo(&bad_request);
    if (any.Is<google::rpc::ErrorInfo>()) any.UnpackTo(&info);
  }
  ASSERT_THAT(bad_request.field_violations(), SizeIs(2));
  EXPECT_EQ(bad_request.field_violations(0).field(), "variant.language");
  EXPECT_EQ(bad_request.field_violations(1).field(), "variant.headline");
  EXPECT_EQ(info.domain(), "jisr.newsroom");
  EXPECT_EQ(info.reason(), "INVALID_FIELD");
}

TEST_F(ArticleServiceTest, InvalidUtf8IsRejectedNamingTheField) {
  // Built by hand: generated clients refuse to send invalid UTF-8, other clients may not.
  v1::CreateVariantRequest request;
  request.mutable_variant()->set_language("en");
  request.mutable_variant()->set_headline("Fine");
  request.mutable_variant()->add_blocks()->mutable_paragraph()->set_text("fine");
  request.mutable_variant()->add_blocks()->mutable_paragraph()->set_text("bad \xC3\x28 byte");
  std::string wire = request.SerializePartialAsString();
  grpc::GenericStub generic(env_.server().InProcessChannel());
  grpc::ClientContext context;
  testing::TestCredentials::Get().Authorize(context, testing::kTestEditor);
  grpc::Slice slice(wire);
  grpc::ByteBuffer in(&slice, 1);
  grpc::ByteBuffer out;
  grpc::Status status;
  absl::Notification done;
  generic.UnaryCall(&context, "/jisr.v1.ArticleService/CreateVariant", grpc::StubOptions(), &in,
                    &out, [&](grpc::Status s) {
                      status = std::move(s);
                      done.Notify();
                    });
  done.WaitForNotification();
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("variant.blocks[1].paragraph.text"));
  EXPECT_THAT(status.error_message(), HasSubstr("invalid UTF-8 at byte 4"));
  v1::ListVariantsRequest list;
  v1::ListVariantsResponse listed;
  ASSERT_TRUE(stub_->ListVariants(Context().get(), list, &listed).ok());
  EXPECT_THAT(listed.variants(), SizeIs(0));
}

// Naming an author in metadata is not a credential: without a token or a certificate a write is
// anonymous, and anonymous callers are told credentials are what they lack.
TEST_F(ArticleServiceTest, WritesWithoutCredentialsAreUnauthenticatedAndWriteNothing) {
  v1::CreateVariantRequest request;
  request.mutable_variant()->set_language("en");
  request.mutable_variant()->set_headline("No credentials");
  for (const bool author_metadata : {false, true}) {
    SCOPED_TRACE(author_metadata ? "with x-jisr-author" : "with no metadata");
    std::unique_ptr<grpc::ClientContext> context = Context(nullptr);
    if (author_metadata) context->AddMetadata("x-jisr-author", testing::kTestEditor);
    v1::Variant response;
    grpc::Status status = stub_->CreateVariant(context.get(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
    EXPECT_EQ(ErrorInfoOf(status).reason(), "CREDENTIALS_REQUIRED");
  }
  v1::ListVariantsRequest list;
  v1::ListVariantsResponse listed;
  ASSERT_TRUE(stub_->ListVariants(Context().get(), list, &listed).ok());
  EXPECT_THAT(listed.variants(), SizeIs(0));
}

// x-jisr-author and x-jisr-author-bin once named the author; now they are ignored. Beside a
// token, whatever they say (another principal, Arabic, invalid UTF-8), the write goes through
// and its revision is the token subject's.
TEST_F(ArticleServiceTest, RevisionsRecordTheVerifiedPrincipalHoweverAuthorMetadataIsSet) {
  const std::vector<std::pair<std::string, std::string>> metadata = {
      {"x-jisr-author", testing::kTestAdmin},
      {"x-jisr-author-bin", "سارة الخطيب"},
      {"x-jisr-author-bin", "bad \xC3\x28 byte"},
  };
  for (const auto& [key, value] : metadata) {
    SCOPED_TRACE(key + ": " + value);
    v1::CreateVariantRequest request;
    request.mutable_variant()->set_language("en");
    request.mutable_variant()->set_headline("Claimed authorship");
    std::unique_ptr<grpc::ClientContext> context = Context(testing::kTestEditor);
    context->AddMetadata(key, value);
    v1::Variant created;
    grpc::Status status = stub_->CreateVariant(context.get(), request, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(created.revision().author(), testing::kTestEditor);
    EXPECT_EQ(created.revision().author_name(), testing::kTestEditor);
  }
  v1::Variant v = CreateAndPublish("en", "Authored");
  EXPECT_EQ(v.revision().author(), testing::kTestEditor);
}

// A name that is not ASCII, which x-jisr-author-bin once carried, comes from the token's name
// claim: the revision records the principal, and the name to show beside it.
TEST_F(ArticleServiceTest, ATokensArabicNameBecomesTheRevisionsAuthorName) {
  const std::string principal = "s.haddad@newsroom.test";
  std::unique_ptr<grpc::ClientContext> context = Context(nullptr);
  context->AddMetadata("authorization",
                       "Bearer " + testing::TestCredentials::Get().Token(
                                       principal, "سارة حداد", {testing::kTestEditorsGroup}));
  v1::CreateVariantRequest request;
  request.mutable_variant()->set_language("ar");
  request.mutable_variant()->set_headline("بلينكن في بكين");
  v1::Variant created;
  grpc::Status status = stub_->CreateVariant(context.get(), request, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(created.revision().author(), principal);
  EXPECT_EQ(created.revision().author_name(), "سارة حداد");
}

TEST_F(ArticleServiceTest, RenderersGetThePublishedPageInOneCallByNameOrSlug) {
  v1::Variant en = CreateAndPublish("en", "Renderer read");
  v1::GetVariantRequest get;
  get.set_name(en.name());
  v1::Variant by_name;
  ASSERT_TRUE(stub_->GetVariant(Context(nullptr).get(), get, &by_name).ok());
  EXPECT_EQ(by_name.headline(), "Renderer read");
  EXPECT_EQ(by_name.state(), v1::VARIANT_STATE_PUBLISHED);
  EXPECT_TRUE(by_name.has_update_time());
  ASSERT_THAT(by_name.alternates(), SizeIs(1));
  // The cached path answers the same bytes again.
  v1::Variant again;
  ASSERT_TRUE(stub_->GetVariant(Context(nullptr).get(), get, &again).ok());
  EXPECT_EQ(again.SerializeAsString(), by_name.SerializeAsString());

  v1::LookupVariantRequest lookup;
  lookup.set_language("en");
  lookup.set_slug("renderer-read");
  v1::Variant by_slug;
  ASSERT_TRUE(stub_->LookupVariant(Context(nullptr).get(), lookup, &by_slug).ok());
  EXPECT_EQ(by_slug.name(), en.name());

  get.set_name("variants/does-not-exist");
  grpc::Status missing = stub_->GetVariant(Context(nullptr).get(), get, &by_name);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(ArticleServiceTest, ACachedPageChangesAsSoonAsAnEditIsPublished) {
  v1::Variant v = CreateAndPublish("en", "Before");
  v1::GetVariantRequest get;
  get.set_name(v.name());
  v1::Variant seen;
  ASSERT_TRUE(stub_->GetVariant(Context(nullptr).get(), get, &seen).ok());
  v1::UpdateVariantRequest update;
  update.mutable_variant()->set_name(v.name());
  update.mutable_variant()->set_headline("After");
  update.mutable_update_mask()->add_paths("headline");
  v1::Variant updated;
  ASSERT_TRUE(stub_->UpdateVariant(Context().get(), update, &updated).ok());
  ASSERT_TRUE(stub_->GetVariant(Context(nullptr).get(), get, &seen).ok());
  EXPECT_EQ(seen.headline(), "Before") << "drafts are not published";
  v1::PublishVariantRequest publish;
  publish.set_name(v.name());
  ASSERT_TRUE(stub_->PublishVariant(Context().get(), publish, &updated).ok());
  ASSERT_TRUE(stub_->GetVariant(Context(nullptr).get(), get, &seen).ok());
  EXPECT_EQ(seen.headline(), "After");
}

TEST_F(ArticleServiceTest, HealthCheckingReportsServing) {
  auto health = grpc::health::v1::Health::NewStub(env_.server().InProcessChannel());
  for (const char* service : {"", "jisr.v1.ArticleService", "jisr.v1.TextService"}) {
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    grpc::ClientContext context;
    ASSERT_TRUE(health->Check(&context, request, &response).ok());
    EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING) << service;
  }
}

TEST_F(ArticleServiceTest, ReflectionListsJisrsServices) {
  // The reflection messages come with grpc++_reflection: build them from the generated pool.
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  const auto* request_type =
      pool->FindMessageTypeByName("grpc.reflection.v1alpha.ServerReflectionRequest");
  const auto* response_type =
      pool->FindMessageTypeByName("grpc.reflection.v1alpha.ServerReflectionResponse");
  ASSERT_NE(request_type, nullptr);
  ASSERT_NE(response_type, nullptr);
  auto* factory = google::protobuf::MessageFactory::generated_factory();
  std::unique_ptr<google::protobuf::Message> request(factory->GetPrototype(request_type)->New());
  request->GetReflection()->SetString(request.get(), request_type->FindFieldByName("list_services"),
                                      "");
  auto channel = env_.server().InProcessChannel();
  grpc::ClientContext context;
  const grpc::internal::RpcMethod method(
      "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
      grpc::internal::RpcMethod::BIDI_STREAMING, channel);
  std::unique_ptr<grpc::ClientReaderWriter<grpc::ByteBuffer, grpc::ByteBuffer>> stream(
      grpc::internal::ClientReaderWriterFactory<grpc::ByteBuffer, grpc::ByteBuffer>::Create(
          channel.get(), method, &context));
  std::string wire = request->SerializeAsString();
  grpc::Slice slice(wire);
  ASSERT_TRUE(stream->Write(grpc::ByteBuffer(&slice, 1)));
  stream->WritesDone();
  grpc::ByteBuffer reply;
  ASSERT_TRUE(stream->Read(&reply));
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(reply.Dump(&slices).ok());
  std::string bytes;
  for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  std::unique_ptr<google::protobuf::Message> response(factory->GetPrototype(response_type)->New());
  ASSERT_TRUE(response->ParseFromString(bytes));
  // list_services_response { service { name: "..." } ... }
  EXPECT_THAT(response->DebugString(), HasSubstr("name: \"jisr.v1.ArticleService\""));
  EXPECT_THAT(response->DebugString(), HasSubstr("name: \"jisr.v1.TextService\""));
  EXPECT_THAT(response->DebugString(), HasSubstr("name: \"grpc.health.v1.Health\""));
  EXPECT_TRUE(stream->Finish().ok());
}

}  // namespace
}  // namespace jisr
