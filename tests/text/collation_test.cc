#include "services/text/collation.h"

#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "tests/text/test_support.h"

namespace jisr::text {
namespace {

TEST(SortByCollationTest, ArabicWordsInArabicAlphabeticalOrder) {
  std::vector<std::string> words = {"ياسمين", "ثعلب",    "بحر", "أسامة",
                                    "تفاح",   "إبراهيم", "بَاب", "احمد"};
  ASSERT_TRUE(SortByCollation("ar", &words).ok());
  // Alef with or without hamza sorts as one letter (ا then ب, ح, س decide),
  // and the fatha on "بَاب" does not put it after "بحر": code point order
  // would give أسامة إبراهيم احمد ... بحر بَاب.
  EXPECT_EQ(words, (std::vector<std::string>{"إبراهيم", "احمد", "أسامة", "بَاب", "بحر", "تفاح",
                                             "ثعلب", "ياسمين"}));
}

TEST(SortByCollationTest, EnglishIgnoresCaseAtFirst) {
  std::vector<std::string> words = {"beijing", "Blinken", "AFP", "apple"};
  ASSERT_TRUE(SortByCollation("en", &words).ok());
  EXPECT_EQ(words, (std::vector<std::string>{"AFP", "apple", "beijing", "Blinken"}));
}

TEST(CollationKeyTest, KeysCompareBytewiseLikeTheCollator) {
  std::vector<std::string> words = {"ياسمين", "ثعلب",    "بحر", "أسامة",
                                    "تفاح",   "إبراهيم", "بَاب", "احمد"};
  std::vector<std::string> sorted = words;
  ASSERT_TRUE(SortByCollation("ar", &sorted).ok());
  std::vector<std::string> keys;
  for (const std::string& word : sorted) {
    absl::StatusOr<std::string> key = CollationKey(word, "ar");
    ASSERT_TRUE(key.ok()) << key.status();
    EXPECT_EQ(key->find('\0'), std::string::npos) << "no terminator byte";
    keys.push_back(*key);
  }
  for (size_t i = 1; i < keys.size(); ++i) {
    EXPECT_LT(keys[i - 1], keys[i]) << sorted[i - 1] << " < " << sorted[i];
  }
  absl::StatusOr<std::string> version = CollationVersion("ar");
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(std::count(version->begin(), version->end(), '.'), 3);
}

TEST(CollationKeyTest, RejectsBadInput) {
  EXPECT_EQ(CollationKey("\xFF", "ar").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CollationKey("abc", "").status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<std::string> words = {"a", "\xC3"};
  EXPECT_EQ(SortByCollation("en", &words).code(), absl::StatusCode::kInvalidArgument);
}

TEST(SortByCollationTest, SharedCollatorsAreSafeAcrossThreads) {
  const std::vector<std::string> want = {"إبراهيم", "احمد", "أسامة", "بَاب",
                                         "بحر",     "تفاح", "ثعلب",  "ياسمين"};
  std::vector<int> mismatches(8, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 300; ++i) {
        std::vector<std::string> words(want.rbegin(), want.rend());
        if (!SortByCollation("ar", &words).ok() || words != want) ++mismatches[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int count : mismatches) EXPECT_EQ(count, 0);
}

}  // namespace
}  // namespace jisr::text
