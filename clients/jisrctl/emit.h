// Shared shapes of jisrctl commands: print a result as text or JSON, and follow list pages.
#ifndef JISR_CLIENTS_JISRCTL_EMIT_H_
#define JISR_CLIENTS_JISRCTL_EMIT_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "clients/jisrctl/cli.h"
#include "clients/jisrctl/output.h"

namespace jisr::jisrctl {

// Prints a successful result with `print_text`, or as JSON with --json; passes errors on.
template <typename Message>
absl::Status Emit(const Cli& cli, const absl::StatusOr<Message>& result,
                  void (*print_text)(std::ostream&, const Message&)) {
  if (!result.ok()) return result.status();
  if (cli.json) return PrintJson(*cli.out, *result);
  print_text(*cli.out, *result);
  return absl::OkStatus();
}

// The page size the contract gives a list request whose page_size is 0.
inline constexpr int kDefaultPageSize = 50;

// Calls `fetch` page after page (page size and first token from the flags) and returns one
// response holding every item, up to --limit. When --limit stops it early, next_page_token
// says where to continue, and a progress line says so.
template <typename Request, typename Response, typename Fetch, typename Items>
absl::StatusOr<Response> CollectPages(const Cli& cli, Request request, Fetch fetch, Items items,
                                      const char* what) {
  request.set_page_token(cli.flags.page_token);
  const int page_size = cli.flags.page_size > 0 ? cli.flags.page_size : kDefaultPageSize;
  Response all;
  for (int page = 1;; ++page) {
    // Never ask for more than --limit leaves room for: the server's next_page_token follows the
    // last item it sent, so items fetched and then dropped would be skipped by a caller who
    // continues from that token.
    const int room = cli.flags.limit > 0 ? cli.flags.limit - items(all)->size() : page_size;
    request.set_page_size(room < page_size ? room : cli.flags.page_size);
    absl::StatusOr<Response> response = fetch(request);
    if (!response.ok()) return response.status();
    for (auto& item : *items(*response)) *items(all)->Add() = std::move(item);
    const std::string& next = response->next_page_token();
    const bool at_limit = cli.flags.limit > 0 && items(all)->size() >= cli.flags.limit;
    if (at_limit) {
      all.set_next_page_token(next);
      if (!next.empty()) {
        cli.Progress(absl::StrCat("stopped at --limit=", cli.flags.limit,
                                  "; continue with --page-token=", next));
      }
      return all;
    }
    if (next.empty()) return all;
    cli.Progress(
        absl::StrCat("fetched page ", page, " (", items(all)->size(), " ", what, " so far)"));
    request.set_page_token(next);
  }
}

}  // namespace jisr::jisrctl

#endif  // JISR_CLIENTS_JISRCTL_EMIT_H_
