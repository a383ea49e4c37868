#include "services/common/status_details.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"

namespace jisr {

google::rpc::Status ToRpcStatus(const absl::Status& status) {
  google::rpc::Status out;
  out.set_code(static_cast<int>(status.code()));
  out.set_message(std::string(status.message()));
  // Abseil does not promise an order of payloads (and shuffles it in debug builds): sort them,
  // so the same error is the same bytes every time, and two answers can be compared.
  std::vector<std::pair<std::string, std::string>> details;
  status.ForEachPayload([&details](absl::string_view type_url, const absl::Cord& value) {
    if (!absl::StartsWith(type_url, "type.googleapis.com/")) return;
    details.emplace_back(std::string(type_url), std::string(value));
  });
  std::sort(details.begin(), details.end());
  for (auto& [type_url, value] : details) {
    auto* any = out.add_details();
    any->set_type_url(std::move(type_url));
    any->set_value(std::move(value));
  }
  return out;
}

absl::Status FromRpcStatus(const google::rpc::Status& rpc_status) {
  absl::Status status(static_cast<absl::StatusCode>(rpc_status.code()), rpc_status.message());
  if (status.ok()) return status;
  for (const auto& any : rpc_status.details()) {
    status.SetPayload(any.type_url(), absl::Cord(any.value()));
  }
  return status;
}

}  // namespace jisr
