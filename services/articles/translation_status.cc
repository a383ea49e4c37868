#include "services/articles/translation_status.h"

#include "services/articles/block_diff.h"
#include "services/articles/timestamps.h"
#include "services/common/status_macros.h"

namespace jisr::articles {
namespace {

namespace v1 = ::jisr::v1;

// The live variant of the story that `translation` names as its source, or null.
const StoredVariant* FindSource(const v1::Variant& translation,
                                const std::vector<StoredVariant>& story_variants) {
  const std::string& name = translation.translation_source().variant();
  if (name.empty()) return nullptr;
  for (const StoredVariant& v : story_variants) {
    if (v.variant.name() == name && !v.deleted()) return &v;
  }
  return nullptr;
}

// What changed in the source between the revision reflected and the one published.
absl::Status AddSourceChanges(const ArticleStore& store, storage::Transaction& txn,
                              const StoredVariant& source, v1::TranslationStatus& status) {
  JISR_ASSIGN_OR_RETURN(v1::Revision from,
                        store.LoadRevision(txn, source.id(), status.reflected_revision()));
  JISR_ASSIGN_OR_RETURN(v1::Revision to,
                        store.LoadRevision(txn, source.id(), status.source_published_revision()));
  const v1::ContentDiff diff = DiffContent(from.snapshot(), to.snapshot());
  for (const auto& block : diff.blocks()) status.add_changed_source_blocks(block.block_id());
  for (const auto& field : diff.fields()) {
    // The source's pointer to its own source is not text to retranslate.
    if (field.field() != "translation_source") status.add_changed_source_fields(field.field());
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::TranslationStatus> DeriveTranslationStatus(
    const ArticleStore& store, storage::Transaction& txn, const v1::Variant& translation,
    const std::vector<StoredVariant>& story_variants, absl::Time now) {
  const v1::TranslationSource& wanted = translation.translation_source();
  v1::TranslationStatus status;
  status.set_reflected_revision(wanted.revision());
  const StoredVariant* source = FindSource(translation, story_variants);
  if (source == nullptr) {
    // Not a translation, or its source left the story or was deleted.
    status.set_state(v1::TRANSLATION_STATE_NO_SOURCE);
    status.set_source_variant(wanted.variant());
    status.set_source_language(wanted.language());
    return status;
  }
  const v1::Variant& s = source->variant;
  status.set_source_variant(s.name());
  status.set_source_language(s.language());
  status.set_source_latest_revision(s.latest_revision());
  const int64_t published = s.state() == v1::VARIANT_STATE_PUBLISHED ? s.published_revision() : 0;
  status.set_source_published_revision(published);
  JISR_ASSIGN_OR_RETURN(const bool stale, store.HasSignificantRevision(
                                              txn, source->id(), wanted.revision(), published));
  status.set_state(stale ? v1::TRANSLATION_STATE_STALE : v1::TRANSLATION_STATE_CURRENT);
  if (!stale) return status;
  const v1::TranslationStatus& before = translation.translation_status();
  *status.mutable_stale_since() =
      before.state() == v1::TRANSLATION_STATE_STALE && before.has_stale_since()
          ? before.stale_since()
          : ToProto(now);
  JISR_RETURN_IF_ERROR(AddSourceChanges(store, txn, *source, status));
  return status;
}

}  // namespace jisr::articles
