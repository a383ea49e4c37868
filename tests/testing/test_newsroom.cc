#include "tests/testing/test_newsroom.h"

#include <cstdlib>

#include "gtest/gtest.h"
#include "services/storage/sqlite/sqlite_storage.h"
#include "tests/testing/test_credentials.h"

namespace jisr::testing {

namespace {

std::unique_ptr<storage::Storage> OpenSqlite(const std::string& path) {
  auto storage = storage::sqlite::SqliteStorage::Open({path, 8});
  if (!storage.ok()) {
    ADD_FAILURE() << storage.status();
    std::abort();
  }
  return std::move(*storage);
}

}  // namespace

TestNewsroom::TestNewsroom() : TestNewsroom(nullptr, {}) {}

TestNewsroom::TestNewsroom(std::unique_ptr<storage::Storage> storage,
                           articles::RetentionOptions retention)
    : db_path_(dir_.File("jisr.db")),
      clock_(absl::FromUnixSeconds(1709280000)),
      storage_(storage != nullptr ? std::move(storage) : OpenSqlite(db_path_)) {
  auto config = config::ParseLanguages("en,ar", "Asia/Dubai");
  articles::NewsroomOptions options;
  options.config = *config;
  options.clock = [this] { return clock_.Now(); };
  options.retention = retention;
  newsroom_ = std::make_unique<articles::Newsroom>(options, storage_.get());
}

TestNewsroom::~TestNewsroom() {
  server_.reset();
  feed_.reset();
  newsroom_.reset();
  storage_.reset();
}

std::unique_ptr<jisr::v1::ArticleService::Stub> TestNewsroom::StartServer() {
  api::ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.pools.read_threads = 8;
  options.access = TestCredentials::Get().Access();
  feed_ = std::make_unique<articles::ChangeFeed>(storage_.get(), articles::ChangeFeed::Options{});
  if (absl::Status started = feed_->Start(); !started.ok()) {
    ADD_FAILURE() << started;
    std::abort();
  }
  auto server = api::JisrServer::Start(options, newsroom_.get(), feed_.get(), storage_.get());
  if (!server.ok()) {
    ADD_FAILURE() << server.status();
    std::abort();
  }
  server_ = std::move(*server);
  return jisr::v1::ArticleService::NewStub(server_->InProcessChannel());
}

articles::CallContext Editor(const std::string& author) {
  return Caller(author, {access::Role::kEditor});
}

articles::CallContext Admin(const std::string& principal) {
  return Caller(principal, {access::Role::kAdmin});
}

articles::CallContext Caller(const std::string& principal, absl::btree_set<access::Role> roles,
                             absl::btree_set<std::string> desk_languages) {
  articles::CallContext call;
  call.caller.principal = principal;
  call.caller.display_name = principal;
  call.caller.anonymous = false;
  call.caller.roles = std::move(roles);
  call.caller.desk_languages = std::move(desk_languages);
  return call;
}

articles::CallContext Anonymous(bool reader) {
  articles::CallContext call;
  if (reader) call.caller.roles = {access::Role::kReader};
  return call;
}

}  // namespace jisr::testing
