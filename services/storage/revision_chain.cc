#include "services/storage/revision_chain.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/storage/blob_codec.h"

namespace jisr::storage {
namespace {

// The revision that revision `number` is stored against: the last one stored whole at or before
// it (1, 17, 33, ...).
int64_t BaseOf(int64_t number) {
  return number <= 1 ? number : number - (number - 1) % kRevisionsPerSnapshot;
}

// The decoded data of the whole revision `number`; none when it is missing or not stored whole
// (then nothing can be stored against it).
absl::StatusOr<std::optional<std::string>> LoadWhole(absl::string_view variant_id, int64_t number,
                                                     const StoredRevisionRange& load) {
  JISR_ASSIGN_OR_RETURN(std::vector<RevisionRow> rows, load(variant_id, number, number));
  if (rows.empty() || IsDeltaBlob(rows.front().data)) return std::optional<std::string>();
  JISR_ASSIGN_OR_RETURN(std::string data, DecodeBlob(rows.front().data));
  return std::optional<std::string>(std::move(data));
}

absl::Status MissingBase(const RevisionRow& row) {
  return absl::DataLossError(absl::StrCat("revision ", row.number,
                                          " is stored against a revision that is missing or"
                                          " damaged; restore the database from a backup"));
}

}  // namespace

absl::StatusOr<std::string> EncodeRevisionData(const RevisionRow& row,
                                               const StoredRevisionRange& load) {
  const int64_t base = BaseOf(row.number);
  if (base == row.number) return EncodeBlob(row.data);
  JISR_ASSIGN_OR_RETURN(std::optional<std::string> base_data,
                        LoadWhole(row.variant_id, base, load));
  if (!base_data.has_value()) return EncodeBlob(row.data);
  return EncodeBlobAgainst(row.data, *base_data);
}

absl::Status DecodeRevisionData(std::vector<RevisionRow>& rows, const StoredRevisionRange& load) {
  std::map<int64_t, std::string> bases;  // decoded, by number: a page shares a few
  for (RevisionRow& row : rows) {
    if (!IsDeltaBlob(row.data)) {
      JISR_ASSIGN_OR_RETURN(row.data, DecodeBlob(row.data));
      continue;
    }
    const int64_t base = BaseOf(row.number);
    auto found = bases.find(base);
    if (found == bases.end()) {
      absl::StatusOr<std::optional<std::string>> base_data = LoadWhole(row.variant_id, base, load);
      if (base == row.number || !base_data.ok() || !base_data->has_value()) {
        return MissingBase(row);
      }
      found = bases.emplace(base, std::move(**base_data)).first;
    }
    JISR_ASSIGN_OR_RETURN(row.data, DecodeBlobAgainst(row.data, found->second));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<RevisionRow>> RewriteRevision(const RevisionRow& row,
                                                         const StoredRevisionRange& load) {
  std::vector<RevisionRow> writes;
  if (BaseOf(row.number) == row.number) {
    // The revisions stored against this one, re-encoded whole while its old content is there.
    JISR_ASSIGN_OR_RETURN(
        std::vector<RevisionRow> group,
        load(row.variant_id, row.number + 1, row.number + kRevisionsPerSnapshot - 1));
    group.erase(std::remove_if(group.begin(), group.end(),
                               [](const RevisionRow& r) { return !IsDeltaBlob(r.data); }),
                group.end());
    JISR_RETURN_IF_ERROR(DecodeRevisionData(group, load));
    for (RevisionRow& dependent : group) {
      dependent.data = EncodeBlob(dependent.data);
      writes.push_back(std::move(dependent));
    }
  }
  RevisionRow whole = row;
  whole.data = EncodeBlob(row.data);
  writes.push_back(std::move(whole));
  return writes;
}

}  // namespace jisr::storage
