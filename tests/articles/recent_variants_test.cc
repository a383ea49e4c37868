// RecentVariants (services/articles/recent_variants.h): the variants committed writes left, for
// the next write of each. An entry is given back only for exactly the row it was parsed from, is
// given back once, and the memory stays within its bytes, oldest out first. Real text: the
// UDHR in Arabic and in English, as a variant's blocks.
#include "services/articles/recent_variants.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "clients/import/udhr_html.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/fixtures.h"

namespace jisr::articles {
namespace {

// The declaration in `language` as variant `id`, stored at `version`: its row holds the
// serialized variant, as a row stored whole does.
StoredVariant Declaration(const std::string& id, const std::string& file,
                          const std::string& language, int64_t version) {
  auto udhr = import::ParseUdhrHtml(
      ::jisr::testing::ReadFileOrDie(::jisr::testing::FixturePath(file)), language);
  EXPECT_TRUE(udhr.ok()) << udhr.status();
  StoredVariant v;
  v.variant = *std::move(udhr);
  v.variant.set_name("variants/" + id);
  v.row.id = id;
  v.row.language = language;
  v.row.version = version;
  v.row.data = v.variant.SerializeAsString();
  return v;
}

StoredVariant Arabic(int64_t version, const std::string& id = "udhr-ar") {
  return Declaration(id, "udhr/arb.html", "ar", version);
}

TEST(RecentVariantsTest, GivesBackWhatItKeptForExactlyThatRowAndOnlyOnce) {
  RecentVariants recent(64 << 20);
  const StoredVariant stored = Arabic(3);
  ASSERT_GT(stored.variant.blocks_size(), 30) << "the whole declaration";
  recent.Put(stored);
  EXPECT_EQ(recent.stats().entries, 1u);
  std::optional<StoredVariant> taken = recent.Take(stored.row);
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(taken->variant.SerializeAsString(), stored.variant.SerializeAsString());
  EXPECT_EQ(taken->row.data, stored.row.data);
  // Taken means gone: the write that took it puts its own result back when it commits.
  EXPECT_FALSE(recent.Take(stored.row).has_value());
  EXPECT_EQ(recent.stats().hits, 1);
  EXPECT_EQ(recent.stats().misses, 1);
  EXPECT_EQ(recent.stats().entries, 0u);
  EXPECT_EQ(recent.stats().bytes, 0u);
}

TEST(RecentVariantsTest, ARowWrittenSinceIsNeverAnsweredFromMemory) {
  RecentVariants recent(64 << 20);
  // Another writer (another process, a replica's primary) has since stored version 4.
  recent.Put(Arabic(3));
  StoredVariant newer = Arabic(4);
  EXPECT_FALSE(recent.Take(newer.row).has_value());
  EXPECT_EQ(recent.stats().entries, 0u) << "a stale entry is dropped, not kept for later";
  // The same version with other bytes (a history that went another way) is not it either.
  recent.Put(Arabic(4));
  newer.row.data += "x";
  EXPECT_FALSE(recent.Take(newer.row).has_value());
  EXPECT_EQ(recent.stats().hits, 0);
  EXPECT_EQ(recent.stats().misses, 2);
}

TEST(RecentVariantsTest, StaysWithinItsBytesAndForgetsTheOldestFirst) {
  const StoredVariant sample = Arabic(1);
  {
    RecentVariants probe(64 << 20);
    probe.Put(sample);
    const size_t one = probe.stats().bytes;
    ASSERT_GT(one, sample.row.data.size());
    RecentVariants recent(one * 4 + one / 2);  // room for four
    for (int i = 0; i < 6; ++i) recent.Put(Arabic(1, absl::StrCat("udhr-ar-", i)));
    EXPECT_EQ(recent.stats().entries, 4u);
    EXPECT_LE(recent.stats().bytes, one * 4 + one / 2);
    EXPECT_FALSE(recent.Take(Arabic(1, "udhr-ar-0").row).has_value()) << "the oldest went first";
    EXPECT_FALSE(recent.Take(Arabic(1, "udhr-ar-1").row).has_value());
    EXPECT_TRUE(recent.Take(Arabic(1, "udhr-ar-5").row).has_value());
    // Putting a variant again replaces it: its bytes are counted once.
    const size_t before = recent.stats().bytes;
    recent.Put(Arabic(1, "udhr-ar-4"));
    EXPECT_EQ(recent.stats().bytes, before);
    EXPECT_EQ(recent.stats().entries, 3u);
  }
  // One variant larger than a quarter of the memory is not kept: it would empty it.
  RecentVariants small(sample.row.data.size());
  small.Put(sample);
  EXPECT_EQ(small.stats().entries, 0u);
}

}  // namespace
}  // namespace jisr::articles
