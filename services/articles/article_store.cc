#include "services/articles/article_store.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/access/caller.h"
#include "services/articles/names.h"
#include "services/articles/revision_snapshots.h"
#include "services/articles/stored_rows.h"
#include "services/articles/timestamps.h"
#include "services/articles/validation.h"
#include "services/articles/variant_views.h"
#include "services/common/errors.h"
#include "services/common/ids.h"
#include "services/common/status_macros.h"
#include "services/text/collation.h"

namespace jisr::articles {
namespace {

namespace v1 = ::jisr::v1;

absl::Status Unreadable(absl::string_view name) {
  return absl::DataLossError(
      absl::StrCat("the stored data of ", name, " cannot be read: restore it from a backup"));
}

}  // namespace

absl::Status ArticleStore::CheckNotDeleted(const StoredVariant& v) {
  if (!v.deleted()) return absl::OkStatus();
  return PreconditionError("VARIANT_DELETED", v.variant.name(),
                           absl::StrCat(v.variant.name(), " is deleted: undelete it first"));
}

absl::StatusOr<v1::Revision> ArticleStore::LoadRevision(storage::Transaction& txn,
                                                        absl::string_view variant_id,
                                                        int64_t number) const {
  JISR_ASSIGN_OR_RETURN(std::optional<storage::RevisionRow> row,
                        txn.GetRevision(variant_id, number));
  const std::string name = RevisionName(variant_id, number);
  if (!row.has_value()) {
    return ResourceNotFoundError("Revision", name, "REVISION_NOT_FOUND",
                                 absl::StrCat(name, " does not exist"));
  }
  v1::Revision revision;
  if (!ParseStoredRevision(row->data, revision)) return Unreadable(name);
  return revision;
}

absl::StatusOr<bool> ArticleStore::HasSignificantRevision(storage::Transaction& txn,
                                                          absl::string_view variant_id,
                                                          int64_t after, int64_t through) const {
  if (through <= after) return false;
  JISR_ASSIGN_OR_RETURN(
      std::vector<storage::RevisionRow> rows,
      txn.ListRevisions(variant_id, through + 1, static_cast<int>(through - after)));
  for (const storage::RevisionRow& row : rows) {
    v1::Revision revision;
    if (row.number <= after) continue;
    if (!ParseStoredRevision(row.data, revision, /*with_snapshot=*/false)) {
      return Unreadable(RevisionName(variant_id, row.number));
    }
    if (revision.significance() != v1::CHANGE_SIGNIFICANCE_MINOR) return true;
  }
  return false;
}

absl::Status ArticleStore::CheckLanguageFree(storage::Transaction& txn, absl::string_view story_id,
                                             absl::string_view language,
                                             absl::string_view except_variant_id) const {
  JISR_ASSIGN_OR_RETURN(std::vector<storage::VariantRow> rows, txn.ListStoryVariants(story_id));
  for (const storage::VariantRow& row : rows) {
    if (row.deleted || row.language != language || row.id == except_variant_id) continue;
    return PreconditionError("LANGUAGE_TAKEN", StoryName(story_id),
                             absl::StrCat(StoryName(story_id), " already has a ", language,
                                          " variant (", VariantName(row.id),
                                          "): a story has at most one variant per language; "
                                          "unlink or delete that one first"));
  }
  return absl::OkStatus();
}

absl::StatusOr<ResolvedSource> ArticleStore::ResolveTranslationSource(
    storage::Transaction& txn, const v1::TranslationSource& wanted, absl::string_view own_language,
    absl::string_view field) const {
  const std::string variant_field = absl::StrCat(field, ".variant");
  const std::string revision_field = absl::StrCat(field, ".revision");
  JISR_ASSIGN_OR_RETURN(std::string source_id, ParseVariantName(variant_field, wanted.variant()));
  ResolvedSource out;
  JISR_ASSIGN_OR_RETURN(out.source, LoadLiveVariant(txn, source_id, variant_field));
  const v1::Variant& source = out.source.variant;
  if (source.language() == own_language) {
    return InvalidFieldError(variant_field, "a translation's source is in another language");
  }
  const int64_t revision = wanted.revision() == 0 ? source.latest_revision() : wanted.revision();
  if (revision < 1 || revision > source.latest_revision()) {
    return InvalidFieldError(revision_field, absl::StrCat(source.name(), " has revisions 1 to ",
                                                          source.latest_revision()));
  }
  out.provenance.set_variant(source.name());
  out.provenance.set_language(source.language());
  out.provenance.set_revision(revision);
  return out;
}

absl::Status ArticleStore::InsertVariant(WriteContext& write, StoredVariant& v) const {
  return WriteVariant(write, v, /*insert=*/true, /*bump_version=*/true);
}

absl::Status ArticleStore::SaveVariant(WriteContext& write, StoredVariant& v) const {
  return WriteVariant(write, v, /*insert=*/false, /*bump_version=*/true);
}

absl::Status ArticleStore::SaveDerivedState(WriteContext& write, StoredVariant& v) const {
  return WriteVariant(write, v, /*insert=*/false, /*bump_version=*/false);
}

absl::Status ArticleStore::WriteVariant(WriteContext& write, StoredVariant& v, bool insert,
                                        bool bump_version, bool content_is_latest_snapshot) const {
  // What views derive is never stored.
  v.variant.clear_etag();
  v.variant.clear_alternates();
  v.variant.clear_has_unpublished_changes();
  if (bump_version) {
    *v.variant.mutable_modify_time() = ToProto(write.now());
    v.row.version += 1;
    v.row.modify_micros = write.now_micros();
  }
  write.kept().Forget(v.id());  // what it kept of `v` is older now
  const v1::Variant& m = v.variant;
  v.row.story_id = std::string(absl::StripPrefix(m.story(), "stories/"));
  v.row.language = m.language();
  v.row.slug = m.slug();
  v.row.state = m.state();
  v.row.section = m.section();
  v.row.deleted = m.has_delete_time();
  v.row.translation_state = m.translation_status().state();
  v.row.stale_since_micros =
      m.translation_status().has_stale_since()
          ? absl::ToUnixMicros(FromProto(m.translation_status().stale_since()))
          : 0;
  v.row.data = VariantRowData(v, content_is_latest_snapshot);
  absl::StatusOr<std::string> key = text::CollationKey(m.headline(), m.language());
  v.row.headline_key = key.ok() ? *std::move(key) : std::string();
  write.Touch(v.row.story_id);
  return insert ? write.txn().InsertVariant(v.row) : write.txn().UpdateVariant(v.row);
}

v1::Revision ArticleStore::NextRevision(const WriteContext& write, const StoredVariant& v,
                                        v1::ChangeSignificance significance) const {
  v1::Revision revision;
  revision.set_number(v.variant.latest_revision() + 1);
  revision.set_name(RevisionName(v.id(), revision.number()));
  revision.set_author(write.author());
  revision.set_author_name(write.author_name());
  *revision.mutable_create_time() = ToProto(write.now());
  revision.set_significance(significance == v1::CHANGE_SIGNIFICANCE_MINOR
                                ? v1::CHANGE_SIGNIFICANCE_MINOR
                                : v1::CHANGE_SIGNIFICANCE_SIGNIFICANT);
  return revision;
}

absl::Status ArticleStore::SaveWithRevision(WriteContext& write, StoredVariant& v,
                                            v1::Revision revision, bool insert) const {
  // The variant keeps the revision without its snapshot; the stored row has the snapshot.
  v1::Revision stored = revision;
  *stored.mutable_snapshot() = ContentSnapshot(v.variant);
  // The revision row references the variant row: the variant goes first.
  const storage::RevisionRow row{v.id(), revision.number(), write.now_micros(),
                                 SerializeRevisionForStorage(std::move(stored))};
  *v.variant.mutable_revision() = std::move(revision);
  v.variant.set_latest_revision(row.number);
  JISR_RETURN_IF_ERROR(WriteVariant(write, v, insert, /*bump_version=*/true,
                                    /*content_is_latest_snapshot=*/true));
  v.loaded_revision = row.data;
  return write.txn().InsertRevision(row);
}

absl::Status ArticleStore::InsertStory(WriteContext& write, StoredStory& s) const {
  return WriteStory(write, s, /*insert=*/true);
}

absl::Status ArticleStore::SaveStory(WriteContext& write, StoredStory& s) const {
  return WriteStory(write, s, /*insert=*/false);
}

absl::Status ArticleStore::WriteStory(WriteContext& write, StoredStory& s, bool insert) const {
  s.story.clear_etag();
  s.story.clear_variants();
  *s.story.mutable_modify_time() = ToProto(write.now());
  s.row.version += 1;
  s.row.modify_micros = write.now_micros();
  s.row.deleted = s.story.has_delete_time();
  s.row.data = s.story.SerializeAsString();
  write.Touch(s.row.id);
  return insert ? write.txn().InsertStory(s.row) : write.txn().UpdateStory(s.row);
}

absl::StatusOr<StoredStory> ArticleStore::NewStory(WriteContext& write,
                                                   const std::string& title) const {
  StoredStory s;
  s.row.id = NewResourceId();
  s.story.set_name(StoryName(s.row.id));
  s.story.set_title(title);
  *s.story.mutable_create_time() = ToProto(write.now());
  JISR_RETURN_IF_ERROR(InsertStory(write, s));
  JISR_RETURN_IF_ERROR(AppendEvent(write, v1::CHANGE_KIND_CREATED, nullptr, s.row.id));
  return s;
}

absl::Status ArticleStore::AnnounceToReaders(WriteContext& write, const StoredVariant& v) const {
  if (v.variant.state() != v1::VARIANT_STATE_PUBLISHED) return absl::OkStatus();
  return AppendEvent(write, v.deleted() ? v1::CHANGE_KIND_UNPUBLISHED : v1::CHANGE_KIND_PUBLISHED,
                     &v, v.story_id());
}

absl::Status ArticleStore::AppendEvent(WriteContext& write, v1::ChangeKind kind,
                                       const StoredVariant* variant, absl::string_view story_id,
                                       absl::string_view previous_story_id) const {
  v1::ChangeEvent event;
  event.set_kind(kind);
  event.set_story(StoryName(story_id));
  *event.mutable_time() = ToProto(write.now());
  event.set_author(write.author());
  event.set_author_name(write.author_name());
  if (!previous_story_id.empty()) event.set_previous_story(StoryName(previous_story_id));
  storage::EventRow row;
  row.time_micros = write.now_micros();
  row.story_id = std::string(story_id);
  row.kind = kind;
  if (variant != nullptr) {
    const v1::Variant& m = variant->variant;
    const int64_t revision =
        kind == v1::CHANGE_KIND_PUBLISHED ? m.published_revision() : m.latest_revision();
    event.set_variant(m.name());
    event.set_language(m.language());
    event.set_revision(revision);
    row.variant_id = variant->id();
    row.language = m.language();
    row.revision = revision;
  }
  row.data = event.SerializeAsString();
  return write.txn().AppendEvent(row);
}

}  // namespace jisr::articles
