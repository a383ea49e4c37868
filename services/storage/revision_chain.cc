#include "services/storage/revision_chain.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/storage/blob_codec.h"

namespace jisr::storage {
namespace {

// Whether revision `number` starts a chain (is stored whole when inserted).
bool StartsChain(int64_t number) {
  return number <= 1 || (number - 1) % kRevisionsPerSnapshot == 0;
}

// Decoded data by revision number, filled in ascending order as the chain is walked.
using Decoded = std::map<int64_t, std::string>;

absl::Status DecodeInto(const RevisionRow& row, Decoded& decoded) {
  if (!IsDeltaBlob(row.data)) {
    JISR_ASSIGN_OR_RETURN(decoded[row.number], DecodeBlob(row.data));
    return absl::OkStatus();
  }
  auto base = decoded.find(row.number - 1);
  if (base == decoded.end()) {
    return absl::DataLossError(absl::StrCat("revision ", row.number,
                                            " is stored against a revision that is missing;"
                                            " restore the database from a backup"));
  }
  JISR_ASSIGN_OR_RETURN(decoded[row.number], DecodeBlobAgainst(row.data, base->second));
  return absl::OkStatus();
}

// Decodes the chain that revision `number` of `variant_id` depends on (the revisions before it
// back to one stored whole) into `decoded`.
absl::Status LoadChainBefore(absl::string_view variant_id, int64_t number,
                             const StoredRevisionRange& load, Decoded& decoded) {
  if (number <= 1 || decoded.count(number - 1) > 0) return absl::OkStatus();
  JISR_ASSIGN_OR_RETURN(
      std::vector<RevisionRow> chain,
      load(variant_id, std::max<int64_t>(1, number - kRevisionsPerSnapshot + 1), number - 1));
  for (const RevisionRow& row : chain) {
    if (decoded.count(row.number) > 0) continue;
    absl::Status status = DecodeInto(row, decoded);
    // A row that cannot decode only matters if a later one depends on it.
    if (!status.ok()) decoded.erase(row.number);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> EncodeRevisionData(const RevisionRow& row,
                                               const StoredRevisionRange& load) {
  if (StartsChain(row.number)) return EncodeBlob(row.data);
  Decoded decoded;
  JISR_RETURN_IF_ERROR(LoadChainBefore(row.variant_id, row.number, load, decoded));
  auto base = decoded.find(row.number - 1);
  if (base == decoded.end()) return EncodeBlob(row.data);
  return EncodeBlobAgainst(row.data, base->second);
}

absl::Status DecodeRevisionData(std::vector<RevisionRow>& rows, const StoredRevisionRange& load) {
  std::vector<RevisionRow*> ascending;
  for (RevisionRow& row : rows) ascending.push_back(&row);
  std::sort(ascending.begin(), ascending.end(),
            [](const RevisionRow* a, const RevisionRow* b) { return a->number < b->number; });
  Decoded decoded;
  for (RevisionRow* row : ascending) {
    if (IsDeltaBlob(row->data)) {
      JISR_RETURN_IF_ERROR(LoadChainBefore(row->variant_id, row->number, load, decoded));
    }
    JISR_RETURN_IF_ERROR(DecodeInto(*row, decoded));
  }
  for (RevisionRow* row : ascending) row->data = decoded[row->number];
  return absl::OkStatus();
}

absl::StatusOr<std::vector<RevisionRow>> RewriteRevision(const RevisionRow& row,
                                                         const StoredRevisionRange& load) {
  std::vector<RevisionRow> writes;
  JISR_ASSIGN_OR_RETURN(std::vector<RevisionRow> next,
                        load(row.variant_id, row.number + 1, row.number + 1));
  if (!next.empty() && IsDeltaBlob(next.front().data)) {
    JISR_RETURN_IF_ERROR(DecodeRevisionData(next, load));
    next.front().data = EncodeBlob(next.front().data);
    writes.push_back(std::move(next.front()));
  }
  RevisionRow whole = row;
  whole.data = EncodeBlob(row.data);
  writes.push_back(std::move(whole));
  return writes;
}

}  // namespace jisr::storage
