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

// Calls `fetch` page after page (page size and first token from the flags) and returns one
// response holding every item, up to --limit. When --limit stops it early, next_page_token
// says where to continue, and a progress line says so.
template <typename Request, typename Response, typename Fetch, typename Items>
absl::StatusOr<Response> CollectPages(const Cli& cli, Request request, Fetch fetch, Items items,
                                      const char* what) {
  request.set_page_size(cli.flags.page_size);
  request.set_page_token(cli.flags.page_token);
  Response all;
  for (int page = 1;; ++page) {
    absl::StatusOr<Response> response = fetch(request);
    if (!response.ok()) return response.status();
    for (auto& item : *items(*response)) *items(all)->Add() = std::move(item);
    const std::string& next = response->next_page_token();
    const bool at_limit = cli.flags.limit > 0 && items(all)->size() >= cli.flags.limit;
    if (at_limit) {
      while (items(all)->size() > cli.flags.limit) items(all)->RemoveLast();
      all.set_next_page_token(next);
      if (!next.empty()) {
        cli.Progress(absl::StrCat("stopped at --limit=", cli.flags.limit,
                                  "; continue with --page-token=", next));
      }
      return all;
    }
    if (next.empty()) return all;
    cli.Progress(absl::StrCat("fetched page ", page, " (", items(all)->size(), " ", what,
                              " so far)"));
    request.set_page_token(next);
  }
}

}  // namespace jisr::jisrctl

#endif  // JISR_CLIENTS_JISRCTL_EMIT_H_
