// A write built to make the largest view it can, through a real jisrd: a request just under the
// transport's limit whose analysed view (the text, its isolated form, its spans) would be over
// it. jisrd refuses it with INVALID_ARGUMENT naming the field to shorten, stores nothing, and
// every reader goes on getting the variant as it was.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tests/abuse/abusers.h"
#include "tests/security/security_support.h"
#include "tests/testing/test_credentials.h"

namespace jisr::abuse {
namespace {

// A 1 MiB transport limit keeps the test quick: jisrd allows views of three quarters of it.
constexpr int kMessageBytes = 1 << 20;

// The fields a status's google.rpc.BadRequest names.
std::vector<std::string> FieldsNamed(const grpc::Status& status) {
  google::rpc::Status details;
  std::vector<std::string> fields;
  if (!details.ParseFromString(status.error_details())) return fields;
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad;
    if (!any.UnpackTo(&bad)) continue;
    for (const auto& violation : bad.field_violations()) fields.push_back(violation.field());
  }
  return fields;
}

TEST(LargestViewTest, AWriteWhoseViewWouldPassTheLimitIsRefusedAndTheVariantStillReads) {
  testing::TempDir dir;
  auto served = StartWithSeed(dir, {absl::StrCat("--max_message_bytes=", kMessageBytes)});
  ASSERT_TRUE(served.ok()) << served.status();
  security::Client client(served->process.target());
  security::Admin admin(client);
  absl::StatusOr<v1::Variant> before = admin.GetLatest(served->seed);
  ASSERT_TRUE(before.ok()) << before.status();

  const v1::UpdateVariantRequest update = OversizeUpdate(*before, kMessageBytes);
  ASSERT_LT(update.ByteSizeLong(), static_cast<size_t>(kMessageBytes));
  ASSERT_GT(update.ByteSizeLong(), static_cast<size_t>(kMessageBytes) * 9 / 10);

  v1::Variant updated;
  grpc::Status refused = client.articles().UpdateVariant(
      security::CallAs(testing::kTestAdmin, 120).get(), update, &updated);
  ASSERT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << security::Describe(refused);
  std::fprintf(stderr, "largest view: a %zu-byte update: %s\n", update.ByteSizeLong(),
               security::Describe(refused).c_str());
  EXPECT_EQ(security::ErrorInfoOf(refused).reason(), "VIEW_TOO_LARGE");
  const std::vector<std::string> fields = FieldsNamed(refused);
  ASSERT_EQ(fields.size(), 1u) << security::Describe(refused);
  EXPECT_TRUE(absl::StartsWith(fields[0], "variant.")) << fields[0];
  EXPECT_THAT(refused.error_message(), ::testing::HasSubstr("shorten"));

  // Nothing was stored: the same revision, etag and text, for editors and for readers.
  absl::StatusOr<v1::Variant> after = admin.GetLatest(served->seed);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->etag(), before->etag());
  EXPECT_EQ(after->revision().number(), before->revision().number());
  EXPECT_EQ(after->blocks_size(), before->blocks_size());
  v1::GetVariantRequest get;
  get.set_name(served->seed);
  v1::Variant published;
  grpc::Status read =
      client.articles().GetVariant(security::CallAs(testing::kTestReader).get(), get, &published);
  ASSERT_TRUE(read.ok()) << security::Describe(read);
  EXPECT_EQ(published.headline(), before->headline());
}

}  // namespace
}  // namespace jisr::abuse
