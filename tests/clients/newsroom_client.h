// A C++ client of a TestNewsroom's real gRPC server, on the server's in-process channel, with
// the test credentials (tests/testing/test_credentials.h).
#ifndef JISR_TESTS_CLIENTS_NEWSROOM_CLIENT_H_
#define JISR_TESTS_CLIENTS_NEWSROOM_CLIENT_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "clients/cpp/article_client.h"
#include "gtest/gtest.h"
#include "tests/testing/test_credentials.h"
#include "tests/testing/test_newsroom.h"

namespace jisr::testing {

// The principal the client tests write as: the test policy's editor (every language, and
// stories). Its token has no display name, so its author_name is the principal too.
inline constexpr const char* kClientAuthor = kTestEditor;

// A client of `env`'s server (StartServer must have been called) with a bearer token for
// `principal` (with `name` as its display name, when given); `principal` empty means no
// credentials at all (anonymous: a reader, on the test server's loopback listener).
inline std::unique_ptr<jisr::client::ArticleClient> NewsroomClient(
    TestNewsroom& env, const std::string& principal = kClientAuthor,
    absl::Duration deadline = absl::Seconds(10), const std::string& name = "") {
  jisr::client::ClientOptions options;
  options.target = "in-process";
  if (!principal.empty()) options.token = TestCredentials::Get().Token(principal, name);
  options.default_deadline = deadline;
  auto client = jisr::client::ArticleClient::FromChannel(env.server().InProcessChannel(), options);
  EXPECT_TRUE(client.ok()) << client.status();
  return client.ok() ? *std::move(client) : nullptr;
}

// The names of every variant on the server, deleted ones included.
inline std::vector<std::string> AllVariantNames(jisr::client::ArticleClient& client) {
  jisr::v1::ListVariantsRequest list;
  list.set_show_deleted(true);
  list.set_page_size(500);
  absl::StatusOr<jisr::v1::ListVariantsResponse> listed = client.ListVariants(list);
  EXPECT_TRUE(listed.ok()) << listed.status();
  std::vector<std::string> names;
  if (listed.ok()) {
    for (const auto& variant : listed->variants()) names.push_back(variant.name());
  }
  return names;
}

}  // namespace jisr::testing

#endif  // JISR_TESTS_CLIENTS_NEWSROOM_CLIENT_H_
