// Keyset paging, written once for every list method. A page token is the sort position of the
// last row a page showed, bound to the request's other fields, so a token cannot be replayed
// against another filter. Storage returns one row more than the page holds: its presence says
// another page follows.
#ifndef JISR_SERVICES_ARTICLES_PAGING_H_
#define JISR_SERVICES_ARTICLES_PAGING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

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

  // The first `size()` of `rows` (what the page shows), each passed to `show`.
  template <typename Row, typename Show>
  void ForEachShown(const std::vector<Row>& rows, Show show) const {
    for (size_t i = 0; i < rows.size() && static_cast<int>(i) < size_; ++i) show(rows[i]);
  }
  // The token of the page after `rows` (as fetched), or "" when there is none; `position_of`
  // gives a row's PagePosition.
  template <typename Row, typename PositionOf>
  std::string NextToken(const std::vector<Row>& rows, PositionOf position_of) const {
    if (static_cast<int>(rows.size()) <= size_) return "";
    return Encode(position_of(rows[size_ - 1]));
  }

 private:
  Page(int size, std::string filter) : size_(size), filter_(std::move(filter)) {}
  std::string Encode(const PagePosition& position) const;

  int size_;
  std::string filter_;
  std::optional<PagePosition> after_;
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_PAGING_H_
