#include "services/articles/stored_rows.h"

#include <optional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/articles/names.h"
#include "services/articles/revision_snapshots.h"
#include "services/articles/variant_views.h"
#include "services/common/status_macros.h"

namespace jisr::articles {
namespace {

namespace v1 = ::jisr::v1;

// Begin the compact forms. A serialized message never begins with 0x00 (field number 0 is
// invalid), so no whole row can be mistaken for one; the engines store either as bytes.
// The first form, written before schema 8, holds the metadata alone.
constexpr absl::string_view kCompactMarker("\0C", 2);
// The form written since: the metadata with the content but the blocks and their analysis, so
// a list's overview reads the row alone.
constexpr absl::string_view kSummaryMarker("\0S", 2);

absl::Status Unreadable(absl::string_view variant_id, absl::string_view why = "") {
  return absl::DataLossError(absl::StrCat("the stored data of ", VariantName(variant_id),
                                          " cannot be read", why, ": restore it from a backup"));
}

// Whether the content of `v` is still that of the revision it was loaded from, which must be
// its latest. A false "no" only costs bytes (the row is stored whole).
bool ContentStillLoaded(const StoredVariant& v) {
  if (v.loaded_revision.empty()) return false;
  v1::Revision revision;
  if (!ParseStoredRevision(v.loaded_revision, revision) ||
      revision.number() != v.variant.latest_revision()) {
    return false;
  }
  return revision.snapshot().SerializeAsString() == ContentSnapshot(v.variant).SerializeAsString();
}

// Whether loading the compact form would give back exactly `variant`: the snapshot leaves out
// the view-time parts of the text (datelines, slug_url), which stored variants never carry.
bool SnapshotRestoresAll(const v1::Variant& variant) {
  return !variant.has_purge() && variant.latest_revision() > 0 && !variant.text().has_datelines() &&
         variant.text().slug_url().empty();
}

}  // namespace

bool IsCompactVariantData(absl::string_view data) {
  return absl::StartsWith(data, kCompactMarker) || absl::StartsWith(data, kSummaryMarker);
}

bool ParseVariantMetadata(absl::string_view data, v1::Variant& out) {
  if (IsCompactVariantData(data)) data.remove_prefix(kCompactMarker.size());
  return out.ParseFromArray(data.data(), static_cast<int>(data.size()));
}

absl::StatusOr<StoredVariant> ReadVariant(storage::Transaction& txn, storage::VariantRow row) {
  StoredVariant v{std::move(row), {}, {}};
  if (!ParseVariantMetadata(v.row.data, v.variant)) return Unreadable(v.row.id);
  if (!IsCompactVariantData(v.row.data)) return v;
  // The revision's snapshot is the whole content; what the row holds of it would merge twice.
  ClearContent(v.variant);
  v.variant.clear_text();
  const int64_t number = v.variant.latest_revision();
  JISR_ASSIGN_OR_RETURN(std::optional<storage::RevisionRow> latest,
                        txn.GetRevision(v.row.id, number));
  v1::Revision revision;
  if (!latest.has_value() || !ParseStoredRevision(latest->data, revision) ||
      !revision.has_snapshot()) {
    return Unreadable(v.row.id, absl::StrCat(" (its content, revision ", number, ", is missing)"));
  }
  v1::Variant filled = std::move(*revision.mutable_snapshot());
  filled.MergeFrom(v.variant);
  v.variant = std::move(filled);
  v.loaded_revision = std::move(latest->data);
  return v;
}

absl::StatusOr<StoredVariant> ReadVariantWithoutBlocks(storage::Transaction& txn,
                                                       storage::VariantRow row) {
  if (!absl::StartsWith(row.data, kSummaryMarker)) return ReadVariant(txn, std::move(row));
  StoredVariant v{std::move(row), {}, {}};
  if (!ParseVariantMetadata(v.row.data, v.variant)) return Unreadable(v.row.id);
  return v;
}

std::string VariantRowData(const StoredVariant& v, bool content_is_latest_snapshot) {
  if (!SnapshotRestoresAll(v.variant) || (!content_is_latest_snapshot && !ContentStillLoaded(v))) {
    return v.variant.SerializeAsString();
  }
  v1::Variant summary = v.variant;
  ClearBlocksAndTheirText(summary);
  return absl::StrCat(kSummaryMarker, summary.SerializeAsString());
}

}  // namespace jisr::articles
