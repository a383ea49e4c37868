#include "services/storage/postgres/connection_url.h"

#include <libpq-fe.h>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace jisr::storage::postgres {

absl::StatusOr<std::string> DescribeConnectionUrl(absl::string_view url) {
  if (url.empty()) {
    return absl::InvalidArgumentError(
        "the PostgreSQL URL is empty: give one such as "
        "postgresql://jisr@127.0.0.1:5432/jisr?sslmode=disable");
  }
  std::string owned(url);
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(owned.c_str(), &error);
  if (options == nullptr) {
    // libpq's parse errors quote the offending part, never the whole URL.
    std::string reason = error != nullptr ? error : "out of memory";
    PQfreemem(error);
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot parse the PostgreSQL URL: ", absl::StripTrailingAsciiWhitespace(reason),
        " (expected postgresql://user@host:port/dbname?param=value)"));
  }
  absl::flat_hash_map<std::string, std::string> values;
  for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (option->val != nullptr) values[option->keyword] = option->val;
  }
  PQconninfoFree(options);
  std::string host = values["host"].empty() ? values["hostaddr"] : values["host"];
  std::string description = "postgresql://";
  if (!values["user"].empty()) absl::StrAppend(&description, values["user"], "@");
  absl::StrAppend(&description, host);
  if (!values["port"].empty()) absl::StrAppend(&description, ":", values["port"]);
  absl::StrAppend(&description, "/", values["dbname"]);
  return description;
}

}  // namespace jisr::storage::postgres
