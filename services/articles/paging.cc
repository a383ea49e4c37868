#include "services/articles/paging.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/io/coded_stream.h"
#include "services/articles/view_limits.h"
#include "services/common/errors.h"
#include "services/common/fnv.h"
#include "services/common/sealed_token.h"

namespace jisr::articles {
namespace {

constexpr int32_t kDefaultPageSize = 50;
constexpr int32_t kMaxPageSize = 500;

std::string FilterHash(absl::string_view filter) {
  return absl::StrCat(absl::Hex(Fnv1a64(filter)));
}

absl::Status InvalidToken(absl::string_view why) {
  return InvalidFieldError("page_token", why, "INVALID_PAGE_TOKEN");
}

}  // namespace

absl::StatusOr<Page> Page::Start(int32_t page_size, absl::string_view page_token,
                                 std::string filter) {
  if (page_size < 0 || page_size > kMaxPageSize) {
    return InvalidFieldError("page_size", "0 to 500 (0 means 50)");
  }
  Page page(page_size == 0 ? kDefaultPageSize : page_size, std::move(filter));
  if (page_token.empty()) return page;
  // A token is SealToken("number:text:filter-hash"); the text may itself hold colons.
  const std::optional<std::string> opened = OpenToken(page_token);
  if (!opened.has_value()) {
    return InvalidToken(
        "not a page token this server issued, or altered since: pass next_page_token from the "
        "previous response unchanged, or start again without a token");
  }
  const std::string& raw = *opened;
  const size_t first = raw.find(':');
  const size_t last = raw.rfind(':');
  PagePosition position;
  if (first == std::string::npos || last == first ||
      !absl::SimpleAtoi(absl::string_view(raw).substr(0, first), &position.number) ||
      last == first + 1) {
    return InvalidToken(
        "not a page token this server issued: pass next_page_token from the "
        "previous response unchanged");
  }
  if (raw.substr(last + 1) != FilterHash(page.filter_)) {
    return InvalidToken(
        "the other fields of the request changed since this token was issued: "
        "keep them the same while paging, or start again without a token");
  }
  position.text = raw.substr(first + 1, last - first - 1);
  page.after_ = std::move(position);
  return page;
}

std::string Page::Encode(const PagePosition& position) const {
  return SealToken(absl::StrCat(position.number, ":", position.text, ":", FilterHash(filter_)));
}

size_t Page::ListedBytes(size_t bytes) {
  // A list's items are field 1 of its response: a one-byte tag.
  return 1 + google::protobuf::io::CodedOutputStream::VarintSize64(bytes) + bytes;
}

absl::Status Page::TooLargeForAPage(absl::string_view name, size_t bytes, size_t max_bytes) {
  return PreconditionError(
      kViewTooLarge, name,
      absl::StrCat(name, " alone takes ", bytes, " bytes in this list, more than a page holds (",
                   max_bytes,
                   " bytes): it was stored before views were limited. Shorten it (or split "
                   "the article) so it can be listed again"));
}

}  // namespace jisr::articles
