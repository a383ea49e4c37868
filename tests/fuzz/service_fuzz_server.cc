#include "tests/fuzz/service_fuzz_server.h"

#include <cstdio>
#include <cstdlib>

#include "absl/synchronization/notification.h"
#include "jisr/v1/article_service.pb.h"
#include "services/config/newsroom_config.h"
#include "services/storage/sqlite/sqlite_storage.h"
#include "tests/testing/test_credentials.h"

namespace jisr::fuzz {

void Require(bool condition, const char* target, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "%s: broken promise: %s\n", target, what);
  std::abort();
}

ServiceFuzzServer& ServiceFuzzServer::Get() {
  static ServiceFuzzServer* const server = [] {
    auto* s = new ServiceFuzzServer();
    auto storage = storage::sqlite::SqliteStorage::Open({s->dir_.File("jisr.db"), 4});
    Require(storage.ok(), "service_fuzz", "SQLite opens");
    s->storage_ = *std::move(storage);
    articles::NewsroomOptions options;
    options.config = *config::ParseLanguages("en,ar", "Asia/Dubai");
    s->newsroom_ = std::make_unique<articles::Newsroom>(options, s->storage_.get());
    s->feed_ =
        std::make_unique<articles::ChangeFeed>(s->storage_.get(), articles::ChangeFeed::Options{});
    Require(s->feed_->Start().ok(), "service_fuzz", "the feed starts");
    api::ServerOptions server_options;
    server_options.listen_address = "127.0.0.1:0";
    server_options.pools.read_threads = 4;
    server_options.access = testing::TestCredentials::Get().Access();
    auto server = api::JisrServer::Start(server_options, s->newsroom_.get(), s->feed_.get(),
                                         s->storage_.get());
    Require(server.ok(), "service_fuzz", "the server starts");
    s->server_ = *std::move(server);
    s->stub_ = std::make_unique<grpc::GenericStub>(s->server_->InProcessChannel());
    s->bearer_ = "Bearer " + testing::TestCredentials::Get().Token(testing::kTestAdmin);
    s->Seed();
    return s;
  }();
  return *server;
}

grpc::Status ServiceFuzzServer::Call(const std::string& service, const std::string& method,
                                     const std::string& request, std::string* response) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", bearer_);
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  grpc::Slice slice(request);
  grpc::ByteBuffer in(&slice, 1);
  grpc::ByteBuffer out;
  grpc::Status status;
  absl::Notification done;
  stub_->UnaryCall(&context, "/" + service + "/" + method, grpc::StubOptions(), &in, &out,
                   [&](grpc::Status s) {
                     status = std::move(s);
                     done.Notify();
                   });
  done.WaitForNotification();
  if (status.ok() && response != nullptr) {
    std::vector<grpc::Slice> slices;
    (void)out.Dump(&slices);
    response->clear();
    for (const grpc::Slice& s : slices) response->append(s.begin(), s.end());
  }
  return status;
}

int64_t ServiceFuzzServer::LastEvent() {
  absl::StatusOr<int64_t> last = storage_->LastEventSequence();
  Require(last.ok(), "service_fuzz", "the events table answers");
  return *last;
}

void ServiceFuzzServer::Seed() {
  v1::CreateStoryRequest story;
  story.set_story_id("seed-story");
  story.mutable_story()->set_title("Seed");
  Require(Call("jisr.v1.ArticleService", "CreateStory", story.SerializeAsString(), nullptr).ok(),
          "service_fuzz", "the seed story");
  v1::CreateVariantRequest en;
  en.set_variant_id("seed-en");
  en.mutable_variant()->set_language("en");
  en.mutable_variant()->set_story("stories/seed-story");
  en.mutable_variant()->set_headline("Seed headline");
  en.mutable_variant()->add_blocks()->mutable_paragraph()->set_text("A paragraph, AFP 2023.");
  Require(Call("jisr.v1.ArticleService", "CreateVariant", en.SerializeAsString(), nullptr).ok(),
          "service_fuzz", "the English seed");
  v1::CreateVariantRequest ar;
  ar.set_variant_id("seed-ar");
  ar.mutable_variant()->set_language("ar");
  ar.mutable_variant()->set_headline("عنوان البذرة");
  ar.mutable_variant()->mutable_translation_source()->set_variant("variants/seed-en");
  Require(Call("jisr.v1.ArticleService", "CreateVariant", ar.SerializeAsString(), nullptr).ok(),
          "service_fuzz", "the Arabic seed");
  v1::BatchPublishVariantsRequest publish;
  publish.add_names("variants/seed-en");
  publish.add_names("variants/seed-ar");
  Require(
      Call("jisr.v1.ArticleService", "BatchPublishVariants", publish.SerializeAsString(), nullptr)
          .ok(),
      "service_fuzz", "the seeds published");
}

}  // namespace jisr::fuzz
