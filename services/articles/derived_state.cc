#include "services/articles/derived_state.h"

#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/message_differencer.h"
#include "services/articles/translation_status.h"
#include "services/common/status_macros.h"

namespace jisr::articles {
namespace {

namespace v1 = ::jisr::v1;
using google::protobuf::util::MessageDifferencer;

// Siblings' corrections that `variant` has neither matched nor dismissed.
std::vector<v1::PendingCorrection> PendingFor(const v1::Variant& variant,
                                              const std::vector<StoredVariant>& variants) {
  absl::flat_hash_set<std::string> settled(variant.dismissed_corrections().begin(),
                                           variant.dismissed_corrections().end());
  for (const auto& own : variant.corrections()) {
    if (!own.matches().empty()) settled.insert(own.matches());
  }
  std::vector<v1::PendingCorrection> out;
  for (const StoredVariant& sibling : variants) {
    if (sibling.deleted() || sibling.variant.name() == variant.name()) continue;
    for (const auto& correction : sibling.variant.corrections()) {
      // A counterpart of someone else's correction is not news to the others.
      if (!correction.matches().empty() || settled.contains(correction.id())) continue;
      v1::PendingCorrection pending;
      pending.set_variant(sibling.variant.name());
      pending.set_language(sibling.variant.language());
      *pending.mutable_correction() = correction;
      out.push_back(std::move(pending));
    }
  }
  return out;
}

struct Derived {
  v1::TranslationStatus status;
  std::vector<v1::PendingCorrection> pending;
};

bool SameDerived(const v1::Variant& variant, const Derived& derived) {
  if (!MessageDifferencer::Equals(variant.translation_status(), derived.status)) return false;
  if (variant.pending_corrections_size() != static_cast<int>(derived.pending.size())) {
    return false;
  }
  for (size_t k = 0; k < derived.pending.size(); ++k) {
    if (!MessageDifferencer::Equals(variant.pending_corrections(k), derived.pending[k])) {
      return false;
    }
  }
  return true;
}

// The event a change of translation state announces, if any.
std::optional<v1::ChangeKind> StateChangeEvent(v1::TranslationState before,
                                               v1::TranslationState after) {
  if (before == after) return std::nullopt;
  if (after == v1::TRANSLATION_STATE_STALE) return v1::CHANGE_KIND_BECAME_STALE;
  if (after == v1::TRANSLATION_STATE_CURRENT && before == v1::TRANSLATION_STATE_STALE) {
    return v1::CHANGE_KIND_BECAME_CURRENT;
  }
  return std::nullopt;
}

}  // namespace

absl::Status DerivedState::RefreshTouched(WriteContext& write) const {
  while (std::optional<std::string> story_id = write.TakeTouched()) {
    JISR_RETURN_IF_ERROR(RefreshStory(write, *story_id));
  }
  return absl::OkStatus();
}

absl::Status DerivedState::RefreshStory(WriteContext& write, const std::string& story_id) const {
  JISR_ASSIGN_OR_RETURN(std::vector<StoredVariant> variants,
                        store_.LoadStoryVariants(write, story_id, /*include_deleted=*/true));
  JISR_RETURN_IF_ERROR(RefreshDerivedFields(write, story_id, variants));
  JISR_RETURN_IF_ERROR(RebuildPublishedViews(write, story_id, variants));
  // They are as the write leaves them: its answer takes them rather than parsing them again.
  for (StoredVariant& v : variants) write.kept().Keep(std::move(v));
  // Saving derived state touched the story again; it is up to date now.
  write.Untouch(story_id);
  return absl::OkStatus();
}

absl::Status DerivedState::RefreshDerivedFields(WriteContext& write, const std::string& story_id,
                                                std::vector<StoredVariant>& variants) const {
  std::vector<Derived> derived;
  derived.reserve(variants.size());
  for (const StoredVariant& v : variants) {
    if (v.deleted()) {  // kept as it was when deleted, so an undelete finds it unchanged
      derived.push_back({v.variant.translation_status(), {}});
      continue;
    }
    JISR_ASSIGN_OR_RETURN(
        v1::TranslationStatus status,
        DeriveTranslationStatus(store_, write.txn(), v.variant, variants, write.now()));
    derived.push_back({std::move(status), PendingFor(v.variant, variants)});
  }
  for (size_t i = 0; i < variants.size(); ++i) {
    StoredVariant& v = variants[i];
    if (SameDerived(v.variant, derived[i])) continue;
    const v1::TranslationState before = v.variant.translation_status().state();
    *v.variant.mutable_translation_status() = derived[i].status;
    v.variant.clear_pending_corrections();
    for (auto& pending : derived[i].pending) *v.variant.add_pending_corrections() = pending;
    JISR_RETURN_IF_ERROR(store_.SaveDerivedState(write, v));
    if (auto kind = StateChangeEvent(before, derived[i].status.state())) {
      JISR_RETURN_IF_ERROR(store_.AppendEvent(write, *kind, &v, story_id));
    }
  }
  return absl::OkStatus();
}

absl::Status DerivedState::RebuildPublishedViews(WriteContext& write, const std::string& story_id,
                                                 const std::vector<StoredVariant>& variants) const {
  std::vector<const StoredVariant*> shown;
  std::vector<v1::Revision> revisions;
  for (const StoredVariant& v : variants) {
    if (v.deleted() || v.variant.state() != v1::VARIANT_STATE_PUBLISHED) {
      JISR_RETURN_IF_ERROR(write.txn().DeletePublished(v.id()));
      write.CacheAfterCommit(v.id(), CachedView{v.row.version, nullptr, "", ""});
      continue;
    }
    JISR_ASSIGN_OR_RETURN(v1::Revision published,
                          store_.LoadRevision(write.txn(), v.id(), v.variant.published_revision()));
    shown.push_back(&v);
    revisions.push_back(std::move(published));
  }
  // Alternates list published siblings only, each with the headline readers see.
  std::vector<Sibling> siblings;
  for (size_t i = 0; i < shown.size(); ++i) {
    siblings.push_back({&shown[i]->variant, revisions[i].snapshot().headline()});
  }
  JISR_ASSIGN_OR_RETURN(StoredStory story, store_.LoadStory(write.txn(), story_id, "story"));
  for (size_t i = 0; i < shown.size(); ++i) {
    const StoredVariant& v = *shown[i];
    const v1::Variant view =
        views_.Published(v, revisions[i], siblings, story.story.x_default_language());
    auto bytes = std::make_shared<const std::string>(view.SerializeAsString());
    JISR_RETURN_IF_ERROR(CheckPublishedSize(write, v, view, bytes->size()));
    JISR_RETURN_IF_ERROR(
        write.txn().PutPublished({v.id(), v.row.language, v.row.slug, v.row.version, *bytes,
                                  v.variant.published_revision()}));
    write.CacheAfterCommit(v.id(), CachedView{v.row.version, bytes, v.row.language, v.row.slug});
  }
  return absl::OkStatus();
}

absl::Status DerivedState::CheckPublishedSize(WriteContext& write, const StoredVariant& v,
                                              const v1::Variant& view, size_t bytes) const {
  if (bytes <= max_view_bytes_) return absl::OkStatus();
  // A view stored before the limit existed is served as it is: refusing it would fail every
  // write to its story, siblings' included. It may stay as large, never grow; to grow (a sibling
  // published beside it, say) it must first be shortened below the limit.
  JISR_ASSIGN_OR_RETURN(std::optional<storage::PublishedRow> stored,
                        write.txn().GetPublished(v.id()));
  if (stored.has_value() && stored->data.size() >= bytes) return absl::OkStatus();
  return ViewTooLarge(view, bytes, max_view_bytes_,
                      absl::StrCat("the published view of ", v.variant.name()));
}

}  // namespace jisr::articles
