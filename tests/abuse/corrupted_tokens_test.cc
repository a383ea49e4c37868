// Page tokens and Watch cursors built or altered by hand, through a real jisrd: every one is
// refused with INVALID_ARGUMENT naming the field, and none moves a list or a stream anywhere.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/abuse/abusers.h"
#include "tests/abuse/token_mangler.h"
#include "tests/security/security_support.h"
#include "tests/testing/test_credentials.h"

namespace jisr::abuse {
namespace {

// How many altered tokens, and altered cursors, each test sends.
constexpr int kAltered = 5000;

class CorruptedTokensTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto served = StartWithSeed(dir_);
    ASSERT_TRUE(served.ok()) << served.status();
    served_ = std::make_unique<ServedSeed>(*std::move(served));
    client_ = std::make_unique<security::Client>(served_->process.target());
    security::Admin admin(*client_);
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(admin.CreateVariant("en", absl::StrCat("English piece ", i)).ok());
      ASSERT_TRUE(admin.CreateVariant("ar", absl::StrCat("مقال عربي رقم ", i)).ok());
    }
  }

  // ListVariants of `language`, two at a time, after `token`, as the administrator.
  grpc::Status List(const std::string& language, const std::string& token,
                    v1::ListVariantsResponse* response) {
    v1::ListVariantsRequest request;
    request.set_language(language);
    request.set_page_size(2);
    request.set_page_token(token);
    return client_->articles().ListVariants(security::CallAs(testing::kTestAdmin).get(), request,
                                            response);
  }

  // Opens a Watch after `cursor`: its status when jisrd ended it at once, OK when it was open
  // (it is then closed).
  grpc::Status Watch(const std::string& cursor) {
    auto context = security::CallAs(testing::kTestAdmin);
    v1::WatchRequest request;
    request.set_cursor(cursor);
    auto reader = client_->articles().Watch(context.get(), request);
    reader->WaitForInitialMetadata();
    if (context->GetServerInitialMetadata().count("x-jisr-watch-cursor") == 0) {
      return reader->Finish();
    }
    context->TryCancel();
    reader->Finish();
    return grpc::Status::OK;
  }

  testing::TempDir dir_;
  std::unique_ptr<ServedSeed> served_;
  std::unique_ptr<security::Client> client_;
};

// What went wrong with the altered tokens that were not refused as they should be.
struct Misses {
  int count = 0;
  std::vector<std::string> first;
  void Add(const std::string& token, const grpc::Status& status) {
    if (++count <= 10) first.push_back(absl::StrCat(token, " -> ", security::Describe(status)));
  }
};

std::string Show(const Misses& misses) {
  std::string out;
  for (const auto& line : misses.first) absl::StrAppend(&out, "\n  ", line);
  return out;
}

TEST_F(CorruptedTokensTest, EveryAlteredPageTokenIsRefusedAndNoneServesAnotherFilter) {
  v1::ListVariantsResponse english;
  v1::ListVariantsResponse arabic;
  ASSERT_TRUE(List("en", "", &english).ok());
  ASSERT_TRUE(List("ar", "", &arabic).ok());
  ASSERT_FALSE(english.next_page_token().empty());
  ASSERT_FALSE(arabic.next_page_token().empty());

  // The real token continues the list it came from, and only that list.
  v1::ListVariantsResponse next;
  ASSERT_TRUE(List("en", english.next_page_token(), &next).ok());
  ASSERT_GT(next.variants_size(), 0);
  for (const auto& variant : next.variants()) EXPECT_EQ(variant.language(), "en");
  grpc::Status crossed = List("en", arabic.next_page_token(), &next);
  EXPECT_EQ(crossed.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << security::Describe(crossed);
  EXPECT_EQ(security::ErrorInfoOf(crossed).reason(), "INVALID_PAGE_TOKEN");

  TokenMangler mangler(/*seed=*/20261204);
  Misses misses;
  for (int i = 0; i < kAltered; ++i) {
    const std::string altered = mangler.Alter(english.next_page_token());
    v1::ListVariantsResponse response;
    grpc::Status status = List("en", altered, &response);
    if (status.error_code() != grpc::StatusCode::INVALID_ARGUMENT ||
        security::ErrorInfoOf(status).reason() != "INVALID_PAGE_TOKEN" ||
        response.variants_size() != 0) {
      misses.Add(altered, status);
    }
  }
  EXPECT_EQ(misses.count, 0) << "altered page tokens that were not refused:" << Show(misses);
  std::fprintf(stderr, "corrupted tokens: %d altered page tokens, %d not refused\n", kAltered,
               misses.count);
}

TEST_F(CorruptedTokensTest, EveryAlteredWatchCursorIsRefused) {
  security::Admin admin(*client_);
  absl::StatusOr<std::string> head = admin.HeadCursor();
  ASSERT_TRUE(head.ok()) << head.status();
  // The real cursor opens a stream.
  grpc::Status real = Watch(*head);
  ASSERT_TRUE(real.ok()) << security::Describe(real);

  TokenMangler mangler(/*seed=*/41220261);
  Misses misses;
  for (int i = 0; i < kAltered; ++i) {
    const std::string altered = mangler.Alter(*head);
    grpc::Status status = Watch(altered);
    if (status.error_code() != grpc::StatusCode::INVALID_ARGUMENT ||
        security::ErrorInfoOf(status).reason() != "INVALID_CURSOR") {
      misses.Add(altered, status);
    }
  }
  EXPECT_EQ(misses.count, 0) << "altered cursors that were not refused:" << Show(misses);
  std::fprintf(stderr, "corrupted tokens: %d altered Watch cursors, %d not refused\n", kAltered,
               misses.count);
}

}  // namespace
}  // namespace jisr::abuse
