// ArticleStore: reading variants and stories, parsed, with the checks most changes need first.
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/articles/article_store.h"
#include "services/articles/names.h"
#include "services/articles/purged.h"
#include "services/articles/request_checks.h"
#include "services/articles/stored_rows.h"
#include "services/common/errors.h"
#include "services/common/status_macros.h"

namespace jisr::articles {
namespace {

namespace v1 = ::jisr::v1;

absl::Status UnreadableStory(absl::string_view id) {
  return absl::DataLossError(absl::StrCat("the stored data of ", StoryName(id),
                                          " cannot be read: restore it from a backup"));
}

}  // namespace

absl::StatusOr<StoredVariant> ArticleStore::ParseVariant(storage::Transaction& txn,
                                                         storage::VariantRow row,
                                                         RecentVariants* recent) {
  if (recent != nullptr) {
    if (std::optional<StoredVariant> v = recent->Take(row)) return *std::move(v);
  }
  return ReadVariant(txn, std::move(row));
}

absl::StatusOr<StoredVariant> ArticleStore::ParseVariant(WriteContext& write,
                                                         storage::VariantRow row) {
  if (std::optional<StoredVariant> kept = write.kept().Take(row)) return *std::move(kept);
  return ParseVariant(write.txn(), std::move(row), write.recent());
}

absl::StatusOr<StoredStory> ArticleStore::ParseStory(storage::StoryRow row) {
  StoredStory out{std::move(row), {}};
  if (!out.story.ParseFromString(out.row.data)) return UnreadableStory(out.row.id);
  return out;
}

absl::StatusOr<storage::VariantRow> ArticleStore::GetVariantRow(storage::Transaction& txn,
                                                                absl::string_view id,
                                                                absl::string_view field) const {
  JISR_ASSIGN_OR_RETURN(std::optional<storage::VariantRow> row, txn.GetVariant(id));
  if (!row.has_value()) {
    return ResourceNotFoundError("Variant", VariantName(id), "VARIANT_NOT_FOUND",
                                 absl::StrCat(VariantName(id), " (", field, ") does not exist"));
  }
  return *std::move(row);
}

absl::StatusOr<StoredVariant> ArticleStore::LoadVariant(storage::Transaction& txn,
                                                        absl::string_view id,
                                                        absl::string_view field,
                                                        RecentVariants* recent) const {
  JISR_ASSIGN_OR_RETURN(storage::VariantRow row, GetVariantRow(txn, id, field));
  return ParseVariant(txn, std::move(row), recent);
}

absl::StatusOr<StoredVariant> ArticleStore::LoadVariant(WriteContext& write, absl::string_view id,
                                                        absl::string_view field) const {
  JISR_ASSIGN_OR_RETURN(storage::VariantRow row, GetVariantRow(write.txn(), id, field));
  return ParseVariant(write, std::move(row));
}

absl::StatusOr<StoredStory> ArticleStore::LoadStory(storage::Transaction& txn, absl::string_view id,
                                                    absl::string_view field) const {
  JISR_ASSIGN_OR_RETURN(std::optional<storage::StoryRow> row, txn.GetStory(id));
  if (!row.has_value()) {
    return ResourceNotFoundError("Story", StoryName(id), "STORY_NOT_FOUND",
                                 absl::StrCat(StoryName(id), " (", field, ") does not exist"));
  }
  return ParseStory(*std::move(row));
}

absl::StatusOr<StoredVariant> ArticleStore::LoadLiveVariant(storage::Transaction& txn,
                                                            absl::string_view id,
                                                            absl::string_view field) const {
  JISR_ASSIGN_OR_RETURN(StoredVariant v, LoadVariant(txn, id, field));
  JISR_RETURN_IF_ERROR(CheckNotDeleted(v));
  return v;
}

absl::StatusOr<StoredStory> ArticleStore::LoadLiveStory(storage::Transaction& txn,
                                                        absl::string_view id,
                                                        absl::string_view field) const {
  return LoadStoryToChange(txn, id, field, "", "");
}

absl::StatusOr<StoredVariant> ArticleStore::LoadVariantToChange(WriteContext& write,
                                                                absl::string_view id,
                                                                const Change& change) const {
  JISR_ASSIGN_OR_RETURN(StoredVariant v, LoadVariant(write, id, change.field));
  JISR_RETURN_IF_ERROR(CheckMayWrite(write, v.variant.language(), v.variant.name()));
  JISR_RETURN_IF_ERROR(CheckEtag(change.etag_field, change.etag, v.row.version, v.variant.name()));
  JISR_RETURN_IF_ERROR(CheckNotPurged(v.variant));
  if (change.must_be_live) JISR_RETURN_IF_ERROR(CheckNotDeleted(v));
  return v;
}

absl::Status ArticleStore::CheckMayWrite(const WriteContext& write, absl::string_view language,
                                         absl::string_view resource) {
  if (write.caller().MayWriteLanguage(language)) return absl::OkStatus();
  return access::PermissionDeniedError(write.caller(), access::Permission::kWriteVariants,
                                       absl::StrCat(resource, " (", language, ")"),
                                       "LANGUAGE_NOT_GRANTED");
}

absl::StatusOr<StoredStory> ArticleStore::LoadStoryToChange(storage::Transaction& txn,
                                                            absl::string_view id,
                                                            absl::string_view field,
                                                            absl::string_view etag_field,
                                                            const std::string& etag) const {
  JISR_ASSIGN_OR_RETURN(StoredStory s, LoadStory(txn, id, field));
  JISR_RETURN_IF_ERROR(CheckEtag(etag_field, etag, s.row.version, s.story.name()));
  if (s.deleted()) {
    return PreconditionError("STORY_DELETED", s.story.name(),
                             absl::StrCat(s.story.name(), " is deleted: undelete it first"));
  }
  return s;
}

absl::StatusOr<std::vector<StoredVariant>> ArticleStore::LoadStoryVariants(
    storage::Transaction& txn, absl::string_view story_id, bool include_deleted) const {
  return ParseStoryVariants(txn, story_id, include_deleted, [&](storage::VariantRow row) {
    return ParseVariant(txn, std::move(row));
  });
}

absl::StatusOr<std::vector<StoredVariant>> ArticleStore::LoadStoryVariants(
    WriteContext& write, absl::string_view story_id, bool include_deleted) const {
  return ParseStoryVariants(write.txn(), story_id, include_deleted, [&](storage::VariantRow row) {
    return ParseVariant(write, std::move(row));
  });
}

absl::StatusOr<std::vector<StoredVariant>> ArticleStore::ParseStoryVariants(
    storage::Transaction& txn, absl::string_view story_id, bool include_deleted,
    absl::FunctionRef<absl::StatusOr<StoredVariant>(storage::VariantRow)> parse) const {
  JISR_ASSIGN_OR_RETURN(std::vector<storage::VariantRow> rows, txn.ListStoryVariants(story_id));
  std::vector<StoredVariant> out;
  out.reserve(rows.size());
  for (storage::VariantRow& row : rows) {
    if (row.deleted && !include_deleted) continue;
    JISR_ASSIGN_OR_RETURN(StoredVariant v, parse(std::move(row)));
    out.push_back(std::move(v));
  }
  return out;
}

absl::StatusOr<std::vector<StoredVariant>> ArticleStore::LoadVariantsOfOneStory(
    WriteContext& write, const std::vector<std::string>& ids, absl::string_view field,
    absl::string_view purpose) const {
  std::vector<StoredVariant> out;
  for (size_t i = 0; i < ids.size(); ++i) {
    const std::string item = absl::StrCat(field, "[", i, "]");
    JISR_ASSIGN_OR_RETURN(StoredVariant v, LoadVariant(write.txn(), ids[i], item));
    JISR_RETURN_IF_ERROR(CheckMayWrite(write, v.variant.language(), v.variant.name()));
    JISR_RETURN_IF_ERROR(CheckNotPurged(v.variant));
    if (!out.empty() && v.story_id() != out.front().story_id()) {
      return InvalidFieldError(item, absl::StrCat(v.variant.name(), " is in ", v.variant.story(),
                                                  ", not in ", out.front().variant.story(), ": ",
                                                  purpose, " the variants of one story"));
    }
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace jisr::articles
