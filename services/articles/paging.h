// Keyset paging, written once for every list method. A page token is the sort position of the
// last row a page showed, bound to the request's other fields, so a token cannot be replayed
// against another filter. Storage returns one row more than the page holds: its presence says
// another page follows. A page also stops before the row that would take it past a byte budget,
// so a list of large items (a FULL revision carries its snapshot) still fits in one message;
// the next page starts at that row.
#ifndef JISR_SERVICES_ARTICLES_PAGING_H_
#define JISR_SERVICES_ARTICLES_PAGING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace jisr::articles {

// Where a row sits in a list's order: a number (a time in microseconds, a revision number) and a
// text (an id, or a collation key with an id) that breaks ties.
struct PagePosition {
  int64_t number = 0;
  std::string text;

  std::pair<int64_t, std::string> AsPair() const { return {number, text}; }
};

class Page {
 public:
  // Reads the request's page_size (0 means 50; at most 500) and page_token (empty for the
  // first page). `filter` is every other field of the request that shapes the list, as text.
  // INVALID_ARGUMENT naming page_size or page_token (reason INVALID_PAGE_TOKEN).
  static absl::StatusOr<Page> Start(int32_t page_size, absl::string_view page_token,
                                    std::string filter);

  // How many rows the page shows, and how many to ask storage for.
  int size() const { return size_; }
  int fetch_limit() const { return size_ + 1; }
  // The position of the last row of the previous page; none on the first page.
  const std::optional<PagePosition>& after() const { return after_; }

  // Fills `items` with what the page shows of `rows` (as fetched), in order: each row's item as
  // `make` builds it (absl::StatusOr<std::optional<Item>>; nullopt shows nothing for that row),
  // stopping at size() rows or before the item that would take `items` past `max_bytes`.
  // NextToken then continues after the last row shown. A page is never empty while rows remain,
  // so an item over `max_bytes` on its own is FAILED_PRECONDITION (VIEW_TOO_LARGE) naming it:
  // writes keep every view within the limit, so only data stored before it can be. An error
  // from `make` ends the fill with that error. Call it once per page.
  template <typename Row, typename Item, typename Make>
  absl::Status Fill(const std::vector<Row>& rows, size_t max_bytes,
                    google::protobuf::RepeatedPtrField<Item>& items, Make make) {
    shown_ = 0;
    size_t total = 0;
    for (size_t i = 0; i < rows.size() && static_cast<int>(i) < size_; ++i) {
      absl::StatusOr<std::optional<Item>> item = make(rows[i]);
      if (!item.ok()) return item.status();
      if (item->has_value()) {
        const size_t bytes = ListedBytes((*item)->ByteSizeLong());
        if (total + bytes > max_bytes) {
          if (total == 0) return TooLargeForAPage((*item)->name(), bytes, max_bytes);
          break;
        }
        total += bytes;
        *items.Add() = *std::move(*item);
      }
      shown_ = static_cast<int>(i) + 1;
    }
    return absl::OkStatus();
  }
  // The token of the page after the rows shown (the first size() when Fill was not called), or
  // "" when `rows` (as fetched) holds no more; `position_of` gives a row's PagePosition.
  template <typename Row, typename PositionOf>
  std::string NextToken(const std::vector<Row>& rows, PositionOf position_of) const {
    const int shown = shown_ >= 0 ? shown_ : size_;
    if (shown == 0 || static_cast<int>(rows.size()) <= shown) return "";
    return Encode(position_of(rows[shown - 1]));
  }

 private:
  Page(int size, std::string filter) : size_(size), filter_(std::move(filter)) {}
  std::string Encode(const PagePosition& position) const;
  // What an item of `bytes` adds to a list response: the item, its tag and its length.
  static size_t ListedBytes(size_t bytes);
  static absl::Status TooLargeForAPage(absl::string_view name, size_t bytes, size_t max_bytes);

  int size_;
  std::string filter_;
  std::optional<PagePosition> after_;
  // How many rows Fill showed; -1 before it is called.
  int shown_ = -1;
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_PAGING_H_
