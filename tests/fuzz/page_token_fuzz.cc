// libFuzzer entry point for page tokens and Watch cursors, the two opaque strings clients send
// back: any bytes give INVALID_ARGUMENT naming page_token (or cursor), or a position; a token is
// only ever accepted for the filter it was issued for, and what a page issues reads back exactly.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "services/articles/change_feed.h"
#include "services/articles/paging.h"
#include "services/common/errors.h"

namespace {

void Require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "page_token_fuzz: broken promise: %s\n", what);
  std::abort();
}

struct Row {
  jisr::articles::PagePosition position;
};

void CheckPageToken(int32_t page_size, const std::string& token) {
  using jisr::articles::Page;
  absl::StatusOr<Page> page = Page::Start(page_size, token, "variants:en");
  if (!page.ok()) {
    Require(absl::IsInvalidArgument(page.status()), "INVALID_ARGUMENT for a bad token or size");
    const std::string field = jisr::FieldViolationsOf(page.status()).at(0).field;
    Require(field == "page_token" || field == "page_size", "the error names the field");
    return;
  }
  Require(page->size() >= 1 && page->size() <= 500, "a page holds 1 to 500 rows");
  if (token.empty()) return;
  Require(!Page::Start(page_size, token, "variants:ar").ok(), "not accepted for another filter");
  // What a page issues reads back as the same position.
  std::vector<Row> rows(page->fetch_limit(), Row{*page->after()});
  const std::string next = page->NextToken(rows, [](const Row& row) { return row.position; });
  absl::StatusOr<Page> again = Page::Start(page_size, next, "variants:ar");
  Require(!again.ok(), "an issued token is bound to its filter");
  again = Page::Start(page_size, next, "variants:en");
  Require(again.ok() && again->after()->number == page->after()->number &&
              again->after()->text == page->after()->text,
          "an issued token reads back");
}

void CheckCursor(const std::string& cursor) {
  absl::StatusOr<int64_t> sequence = jisr::articles::ChangeFeed::ParseCursor("cursor", cursor);
  if (!sequence.ok()) {
    Require(absl::IsInvalidArgument(sequence.status()), "INVALID_ARGUMENT for a bad cursor");
    return;
  }
  Require(*sequence >= 0, "a cursor names a sequence from 0");
  const absl::StatusOr<int64_t> again = jisr::articles::ChangeFeed::ParseCursor(
      "cursor", jisr::articles::ChangeFeed::CursorFor(*sequence));
  Require(again.ok() && *again == *sequence, "a cursor reads back");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > 4096) return 0;
  const int32_t page_size = static_cast<int8_t>(data[0]) * 5;
  const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  CheckPageToken(page_size, rest);
  CheckCursor(rest);
  return 0;
}

namespace jisr::fuzz {
extern const char kFuzzTargetName[] = "page_token_fuzz";
const std::vector<std::string>& FuzzTokens() {
  static const auto* const tokens = new std::vector<std::string>{
      "MTcwOTI4MDAwMDAwMDAwMDp2YXJpYW50LWE6", "=", ":", "-", "_", "AAAA", "0:x:0", "c1"};
  return *tokens;
}
}  // namespace jisr::fuzz
