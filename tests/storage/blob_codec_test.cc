// The stored form of large row data (blob_codec.h): what an engine writes decodes to what it was
// given, and no damaged or hostile stored blob crashes a read or makes it allocate without bound.
#include "services/storage/blob_codec.h"

#include <zstd.h>

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "tests/testing/status_matchers.h"

namespace jisr::storage {
namespace {

using ::jisr::testing::StatusIs;

std::string Prose() {
  std::string text;
  for (int i = 0; i < 100; ++i) absl::StrAppend(&text, "Paragraph ", i, ": the council voted. ");
  return text;
}

TEST(BlobCodecTest, EveryKindOfDataRoundTrips) {
  for (const std::string& data : {std::string(), std::string("x"), std::string(1, '\0'),
                                  std::string("\0\1abc", 5), std::string("\0\0abc", 5), Prose(),
                                  std::string(1 << 20, '\0'), std::string("\x0a\x03old")}) {
    absl::StatusOr<std::string> decoded = DecodeBlob(EncodeBlob(data));
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ(*decoded, data);
  }
}

TEST(BlobCodecTest, ProseShrinksAndOldRowsReadAsTheyAre) {
  EXPECT_LT(EncodeBlob(Prose()).size(), Prose().size() / 4);
  // A row written before compression: a serialized message, never starting with 0x00.
  EXPECT_EQ(DecodeBlob("\x0a\x03old").value(), "\x0a\x03old");
}

TEST(BlobCodecTest, DamagedBlobsAreDataLoss) {
  std::string good = EncodeBlob(Prose());
  std::string truncated = good.substr(0, good.size() - 5);
  std::string flipped = good;
  flipped[good.size() / 2] ^= 0x21;
  std::string trailing = good + "junk";
  for (const std::string& stored :
       {std::string(1, '\0'), std::string("\0\7abc", 5), std::string("\0\1", 2),
        std::string("\0\1garbage", 9), truncated, flipped, trailing}) {
    EXPECT_THAT(DecodeBlob(stored), StatusIs(absl::StatusCode::kDataLoss)) << absl::CEscape(stored);
  }
}

TEST(BlobCodecTest, AFrameClaimingMoreThanTheBoundIsRefusedWithoutDecoding) {
  // A genuine frame of one byte more than the bound: it compresses to a few KiB.
  std::string big(kMaxDecodedBlobBytes + 1, 'a');
  std::string frame(ZSTD_compressBound(big.size()), '\0');
  size_t written = ZSTD_compress(frame.data(), frame.size(), big.data(), big.size(), 1);
  ASSERT_FALSE(ZSTD_isError(written));
  frame.resize(written);
  EXPECT_THAT(DecodeBlob(absl::StrCat(std::string("\0\1", 2), frame)),
              StatusIs(absl::StatusCode::kDataLoss));
}

}  // namespace
}  // namespace jisr::storage
