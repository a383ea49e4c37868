#include "services/jisrd/effective_flags.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/reflection.h"
#include "absl/strings/match.h"
#include "services/storage/postgres/connection_url.h"

namespace jisr::jisrd {

LogFields EffectiveFlags() {
  std::vector<std::pair<std::string, std::string>> flags;
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    // jisrd's own flags, not those of the libraries it links (absl's, gRPC's).
    if (!absl::StrContains(flag->Filename(), "services/jisrd/")) continue;
    std::string value = flag->CurrentValue();
    if (name == "database_url" && !value.empty()) {
      auto described = storage::postgres::DescribeConnectionUrl(value);
      value = described.ok() ? *described : "(unreadable URL)";
    }
    flags.emplace_back(std::string(name), std::move(value));
  }
  std::sort(flags.begin(), flags.end());
  LogFields fields;
  for (const auto& [name, value] : flags) fields.Add(name, value);
  return fields;
}

}  // namespace jisr::jisrd
