#include "tests/text/test_support.h"

#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/strip.h"
#include "tests/testing/fixtures.h"
#include "tests/text/fixtures.h"
#include "unicode/utf8.h"

namespace jisr::text::testing {
namespace {

// A fixture that cannot be read stops the test at once (see tests/testing/fixtures.h).
[[noreturn]] void StopTest(const absl::Status& status) {
  throw jisr::testing::FixtureUnavailable(std::string(status.message()));
}

std::vector<std::string> Elements(absl::string_view code, const std::vector<std::string>& tags) {
  absl::StatusOr<std::vector<std::string>> texts = UdhrElements(code, tags);
  if (!texts.ok()) StopTest(texts.status());
  return *std::move(texts);
}

struct Decoded {
  std::vector<UChar32> code_points;
  std::vector<int32_t> utf8_offsets;  // of each code point, plus the end
};

Decoded Decode(absl::string_view text) {
  Decoded decoded;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    decoded.utf8_offsets.push_back(i);
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    decoded.code_points.push_back(c);
  }
  decoded.utf8_offsets.push_back(length);
  return decoded;
}

}  // namespace

std::vector<std::string> UdhrParagraphs(absl::string_view code) { return Elements(code, {"p"}); }

std::vector<std::string> UdhrHeadings(absl::string_view code) {
  return Elements(code, {"h1", "h2"});
}

std::vector<std::string> SeedArticleLines() {
  absl::StatusOr<std::string> contents = ReadFixture("seed-article-en.txt");
  if (!contents.ok()) StopTest(contents.status());
  const std::string& text = *contents;
  std::vector<std::string> lines;
  std::istringstream stream(text);
  std::string line;
  while (std::getline(stream, line)) {
    absl::string_view stripped = absl::StripAsciiWhitespace(line);
    if (!stripped.empty()) lines.emplace_back(stripped);
  }
  EXPECT_GT(lines.size(), 20u);
  return lines;
}

TextRange RangeOf(absl::string_view haystack, absl::string_view needle) {
  const size_t utf8_start = haystack.find(needle);
  EXPECT_NE(utf8_start, absl::string_view::npos) << needle;
  TextRange range;
  if (utf8_start == absl::string_view::npos) return range;
  const size_t utf8_end = utf8_start + needle.size();
  const Decoded decoded = Decode(haystack);
  int32_t utf16 = 0;
  for (size_t i = 0; i < decoded.code_points.size(); ++i) {
    if (static_cast<size_t>(decoded.utf8_offsets[i]) == utf8_start) {
      range.start = static_cast<int32_t>(i);
      range.utf16_start = utf16;
    }
    if (static_cast<size_t>(decoded.utf8_offsets[i]) == utf8_end) {
      range.end = static_cast<int32_t>(i);
      range.utf16_end = utf16;
    }
    utf16 += decoded.code_points[i] > 0xFFFF ? 2 : 1;
  }
  if (utf8_end == haystack.size()) {
    range.end = static_cast<int32_t>(decoded.code_points.size());
    range.utf16_end = utf16;
  }
  range.utf8_start = static_cast<int32_t>(utf8_start);
  range.utf8_end = static_cast<int32_t>(utf8_end);
  return range;
}

std::string Slice(absl::string_view text, const TextRange& range) {
  EXPECT_LE(range.utf8_start, range.utf8_end);
  EXPECT_LE(static_cast<size_t>(range.utf8_end), text.size());
  const std::string by_bytes(text.substr(range.utf8_start, range.utf8_end - range.utf8_start));

  const Decoded decoded = Decode(text);
  std::string by_code_points;
  for (int32_t i = range.start; i < range.end; ++i) {
    char bytes[4];
    int32_t length = 0;
    U8_APPEND_UNSAFE(bytes, length, decoded.code_points[i]);
    by_code_points.append(bytes, length);
  }

  std::string by_utf16;
  int32_t utf16 = 0;
  for (size_t i = 0; i < decoded.code_points.size(); ++i) {
    const UChar32 c = decoded.code_points[i];
    if (utf16 >= range.utf16_start && utf16 < range.utf16_end) {
      char bytes[4];
      int32_t length = 0;
      U8_APPEND_UNSAFE(bytes, length, c);
      by_utf16.append(bytes, length);
    }
    utf16 += c > 0xFFFF ? 2 : 1;
  }
  EXPECT_EQ(by_bytes, by_code_points) << "code point range disagrees";
  EXPECT_EQ(by_bytes, by_utf16) << "UTF-16 range disagrees";
  return by_bytes;
}

}  // namespace jisr::text::testing
