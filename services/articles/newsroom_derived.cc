// Derived state, recomputed in the transaction of every write that touches a story: each
// translation's status against its source, each variant's pending corrections, and the
// published views renderers read. Derived state is never ticked by hand.
#include "absl/container/flat_hash_set.h"
#include "google/protobuf/util/message_differencer.h"
#include "jisr/v1/events.pb.h"
#include "services/articles/block_diff.h"
#include "services/articles/names.h"
#include "services/articles/newsroom_internal.h"
#include "services/articles/variant_views.h"

namespace jisr::articles {
namespace {

using google::protobuf::util::MessageDifferencer;

// Siblings' corrections that `variant` has neither matched nor dismissed.
std::vector<jisr::v1::PendingCorrection> PendingFor(
    const jisr::v1::Variant& variant, const std::vector<const jisr::v1::Variant*>& live) {
  absl::flat_hash_set<std::string> settled(variant.dismissed_corrections().begin(),
                                           variant.dismissed_corrections().end());
  for (const auto& own : variant.corrections()) {
    if (!own.matches().empty()) settled.insert(own.matches());
  }
  std::vector<jisr::v1::PendingCorrection> out;
  for (const jisr::v1::Variant* sibling : live) {
    if (sibling->name() == variant.name()) continue;
    for (const auto& correction : sibling->corrections()) {
      // A counterpart of someone else's correction is not news to the others.
      if (!correction.matches().empty() || settled.contains(correction.id())) continue;
      jisr::v1::PendingCorrection pending;
      pending.set_variant(sibling->name());
      pending.set_language(sibling->language());
      *pending.mutable_correction() = correction;
      out.push_back(std::move(pending));
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<jisr::v1::TranslationStatus> Newsroom::ComputeTranslationStatus(
    storage::Transaction& txn, const jisr::v1::Variant& translation,
    const std::vector<StoredVariant>& story_variants, absl::Time now) {
  jisr::v1::TranslationStatus status;
  const jisr::v1::TranslationSource& source_ref = translation.translation_source();
  const StoredVariant* source = nullptr;
  for (const StoredVariant& v : story_variants) {
    if (v.variant.name() == source_ref.variant() && !v.variant.has_delete_time()) source = &v;
  }
  if (source_ref.variant().empty() || source == nullptr) {
    // Not a translation, or its source left the story or was deleted.
    status.set_state(jisr::v1::TRANSLATION_STATE_NO_SOURCE);
    status.set_source_variant(source_ref.variant());
    status.set_source_language(source_ref.language());
    status.set_reflected_revision(source_ref.revision());
    return status;
  }
  const jisr::v1::Variant& s = source->variant;
  status.set_source_variant(s.name());
  status.set_source_language(s.language());
  status.set_reflected_revision(source_ref.revision());
  status.set_source_latest_revision(s.latest_revision());
  const int64_t published =
      s.state() == jisr::v1::VARIANT_STATE_PUBLISHED ? s.published_revision() : 0;
  status.set_source_published_revision(published);

  // Stale when a significant revision in (reflected, published] exists.
  bool stale = false;
  const int64_t reflected = source_ref.revision();
  if (published > reflected) {
    JISR_ASSIGN_OR_RETURN(
        std::vector<storage::RevisionRow> rows,
        txn.ListRevisions(source->row.id, published + 1, static_cast<int>(published - reflected)));
    for (const storage::RevisionRow& row : rows) {
      jisr::v1::Revision r;
      if (row.number > reflected && r.ParseFromString(row.data) &&
          r.significance() != jisr::v1::CHANGE_SIGNIFICANCE_MINOR) {
        stale = true;
        break;
      }
    }
  }
  status.set_state(stale ? jisr::v1::TRANSLATION_STATE_STALE : jisr::v1::TRANSLATION_STATE_CURRENT);
  if (!stale) return status;

  const jisr::v1::TranslationStatus& before = translation.translation_status();
  *status.mutable_stale_since() =
      before.state() == jisr::v1::TRANSLATION_STATE_STALE && before.has_stale_since()
          ? before.stale_since()
          : ToProto(now);
  JISR_ASSIGN_OR_RETURN(jisr::v1::Revision from, LoadRevision(txn, source->row.id, reflected));
  JISR_ASSIGN_OR_RETURN(jisr::v1::Revision to, LoadRevision(txn, source->row.id, published));
  jisr::v1::ContentDiff diff = DiffContent(from.snapshot(), to.snapshot());
  for (const auto& block : diff.blocks()) status.add_changed_source_blocks(block.block_id());
  for (const auto& field : diff.fields()) {
    // The source's pointer to its own source is not text to retranslate.
    if (field.field() != "translation_source") status.add_changed_source_fields(field.field());
  }
  return status;
}

absl::Status Newsroom::RefreshStory(Write& write, const std::string& story_id) {
  JISR_ASSIGN_OR_RETURN(std::optional<storage::StoryRow> story_row, write.txn.GetStory(story_id));
  jisr::v1::Story story;
  if (story_row.has_value()) story.ParseFromString(story_row->data);
  JISR_ASSIGN_OR_RETURN(std::vector<storage::VariantRow> rows,
                        write.txn.ListStoryVariants(story_id));
  std::vector<StoredVariant> variants;
  variants.reserve(rows.size());
  for (storage::VariantRow& row : rows) {
    StoredVariant v{std::move(row), {}};
    if (!v.variant.ParseFromString(v.row.data)) {
      return absl::DataLossError(absl::StrCat("stored variant ", v.row.id, " cannot be read"));
    }
    variants.push_back(std::move(v));
  }
  std::vector<const jisr::v1::Variant*> live;
  for (const StoredVariant& v : variants) {
    if (!v.variant.has_delete_time()) live.push_back(&v.variant);
  }

  // 1. Derived state. Computed for every variant before any is saved, from the same inputs.
  std::vector<std::pair<jisr::v1::TranslationStatus, std::vector<jisr::v1::PendingCorrection>>>
      derived;
  for (const StoredVariant& v : variants) {
    jisr::v1::TranslationStatus status;
    if (v.variant.has_delete_time()) {
      status = v.variant.translation_status();
    } else {
      JISR_ASSIGN_OR_RETURN(status,
                            ComputeTranslationStatus(write.txn, v.variant, variants, write.now));
    }
    derived.emplace_back(std::move(status), v.variant.has_delete_time()
                                                ? std::vector<jisr::v1::PendingCorrection>()
                                                : PendingFor(v.variant, live));
  }
  for (size_t i = 0; i < variants.size(); ++i) {
    StoredVariant& v = variants[i];
    auto& [status, pending] = derived[i];
    const auto old_state = v.variant.translation_status().state();
    bool changed = !MessageDifferencer::Equals(v.variant.translation_status(), status);
    if (v.variant.pending_corrections_size() != static_cast<int>(pending.size())) {
      changed = true;
    } else {
      for (size_t k = 0; k < pending.size(); ++k) {
        if (!MessageDifferencer::Equals(v.variant.pending_corrections(k), pending[k])) {
          changed = true;
        }
      }
    }
    if (!changed) continue;
    *v.variant.mutable_translation_status() = status;
    v.variant.clear_pending_corrections();
    for (auto& p : pending) *v.variant.add_pending_corrections() = p;
    JISR_RETURN_IF_ERROR(SaveVariant(write, v, /*insert=*/false, /*bump_version=*/false));
    const auto new_state = status.state();
    if (new_state != old_state && new_state == jisr::v1::TRANSLATION_STATE_STALE) {
      JISR_RETURN_IF_ERROR(AppendEvent(write, jisr::v1::CHANGE_KIND_BECAME_STALE, &v, story_id));
    } else if (new_state != old_state && new_state == jisr::v1::TRANSLATION_STATE_CURRENT &&
               old_state == jisr::v1::TRANSLATION_STATE_STALE) {
      JISR_RETURN_IF_ERROR(
          AppendEvent(write, jisr::v1::CHANGE_KIND_BECAME_CURRENT, &v, story_id));
    }
  }

  // 2. Published views: each published variant with its published siblings as alternates.
  struct Live {
    const StoredVariant* stored;
    jisr::v1::Revision published;
  };
  std::vector<Live> shown;
  for (const StoredVariant& v : variants) {
    if (v.variant.has_delete_time() || v.variant.state() != jisr::v1::VARIANT_STATE_PUBLISHED) {
      JISR_RETURN_IF_ERROR(write.txn.DeletePublished(v.row.id));
      write.cache_updates.push_back({v.row.id, CachedView{v.row.version, nullptr, "", ""}});
      continue;
    }
    JISR_ASSIGN_OR_RETURN(jisr::v1::Revision published,
                          LoadRevision(write.txn, v.row.id, v.variant.published_revision()));
    shown.push_back({&v, std::move(published)});
  }
  std::vector<Sibling> siblings;
  for (const Live& l : shown) {
    siblings.push_back({&l.stored->variant, l.published.snapshot().headline()});
  }
  for (const Live& l : shown) {
    const StoredVariant& v = *l.stored;
    jisr::v1::Variant view = PublishedView(v.variant, v.row.version, l.published);
    AddPresentation(view, nullptr);
    for (auto& alternate : BuildAlternates(v.variant.name(), siblings,
                                           story.x_default_language(), options_.config)) {
      *view.add_alternates() = std::move(alternate);
    }
    auto bytes = std::make_shared<const std::string>(view.SerializeAsString());
    JISR_RETURN_IF_ERROR(write.txn.PutPublished(
        {v.row.id, v.row.language, v.row.slug, v.row.version, *bytes}));
    write.cache_updates.push_back(
        {v.row.id, CachedView{v.row.version, bytes, v.row.language, v.row.slug}});
  }
  write.touched_stories.erase(story_id);  // saving derived state re-touched it
  return absl::OkStatus();
}

absl::Status Newsroom::RefreshTouched(Write& write) {
  while (!write.touched_stories.empty()) {
    const std::string story_id = *write.touched_stories.begin();
    JISR_RETURN_IF_ERROR(RefreshStory(write, story_id));
  }
  return absl::OkStatus();
}

absl::StatusOr<jisr::v1::Variant> Newsroom::Respond(Write& write, const std::string& variant_id) {
  JISR_RETURN_IF_ERROR(RefreshTouched(write));
  JISR_ASSIGN_OR_RETURN(StoredVariant v, LoadVariant(write.txn, variant_id, "name"));
  return LatestView(write.txn, v);
}

absl::StatusOr<jisr::v1::Story> Newsroom::RespondStory(Write& write, const std::string& story_id) {
  JISR_RETURN_IF_ERROR(RefreshTouched(write));
  JISR_ASSIGN_OR_RETURN(StoredStory s, LoadStory(write.txn, story_id, "name"));
  return StoryView(write.txn, s);
}

}  // namespace jisr::articles
