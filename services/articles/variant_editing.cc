#include "services/articles/variant_editing.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/field_mask_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "services/articles/names.h"
#include "services/articles/request_checks.h"
#include "services/articles/timestamps.h"
#include "services/articles/validation.h"
#include "services/articles/variant_views.h"
#include "services/common/errors.h"
#include "services/common/ids.h"
#include "services/common/status_macros.h"

namespace jisr::articles {
namespace {

namespace v1 = ::jisr::v1;
using google::protobuf::util::FieldMaskUtil;

bool InMask(const google::protobuf::FieldMask& mask, absl::string_view field) {
  return std::find(mask.paths().begin(), mask.paths().end(), field) != mask.paths().end();
}

// The content fields `variant` sets: a repeated field with elements, any other field present
// (for proto3 scalars, a value other than the default).
google::protobuf::FieldMask SetContentFields(const v1::Variant& variant) {
  google::protobuf::FieldMask mask;
  const google::protobuf::Reflection* reflection = variant.GetReflection();
  for (const std::string& name : ContentFields()) {
    const google::protobuf::FieldDescriptor* field = variant.GetDescriptor()->FindFieldByName(name);
    const bool set = field->is_repeated() ? reflection->FieldSize(variant, field) > 0
                                          : reflection->HasField(variant, field);
    if (set) mask.add_paths(name);
  }
  return mask;
}

// AIP-134: no mask updates the fields the request sets; "*" replaces them all.
absl::StatusOr<google::protobuf::FieldMask> ReadUpdateMask(
    const v1::UpdateVariantRequest& request) {
  const google::protobuf::FieldMask& asked = request.update_mask();
  if (asked.paths_size() == 0) return SetContentFields(request.variant());
  google::protobuf::FieldMask mask;
  const auto& content_fields = ContentFields();
  if (asked.paths_size() == 1 && asked.paths(0) == "*") {
    for (const std::string& field : content_fields) mask.add_paths(field);
    return mask;
  }
  for (const std::string& path : asked.paths()) {
    if (std::find(content_fields.begin(), content_fields.end(), path) == content_fields.end()) {
      return InvalidFieldError(
          "update_mask",
          absl::StrCat("\"", absl::CHexEscape(path.substr(0, 100)),
                       "\" cannot be updated: updatable fields are headline, standfirst, "
                       "byline, section, tags, slug, hero_image, blocks, display_time and "
                       "translation_source, or \"*\" alone for all of them"));
    }
    mask.add_paths(path);
  }
  return mask;
}

// A name the caller sent for another resource, read into `id` or reported under `field`.
void ReadOptionalName(absl::StatusOr<std::string> parsed, std::string& id,
                      FieldViolations& violations) {
  if (parsed.ok()) {
    id = *std::move(parsed);
    return;
  }
  for (const auto& v : FieldViolationsOf(parsed.status())) violations.Add(v.field, v.description);
}

}  // namespace

struct VariantEditing::NewVariant {
  const v1::CreateVariantRequest* request = nullptr;
  std::string id;
  v1::Variant content;  // prepared: normalized, block ids assigned
  PreparedContent prepared;
  const v1::Language* language = nullptr;
  std::string story_id;  // empty: a new story, or the source's
  std::string change_note;
};

struct VariantEditing::ContentUpdate {
  const v1::UpdateVariantRequest* request = nullptr;
  std::string id;
  google::protobuf::FieldMask mask;
  std::string change_note;
};

absl::StatusOr<VariantEditing::NewVariant> VariantEditing::ReadCreate(
    const v1::CreateVariantRequest& request) const {
  if (!request.has_variant()) {
    return InvalidFieldError("variant", "required: the variant to create", "REQUIRED_FIELD");
  }
  NewVariant input;
  input.request = &request;
  FieldViolations violations;
  const std::string& language = request.variant().language();
  input.language = config_.FindLanguage(language);
  if (language.empty()) {
    violations.Add("variant.language", "required: a configured language such as \"en\"");
  } else if (input.language == nullptr) {
    violations.Add("variant.language",
                   absl::StrCat("\"", absl::CHexEscape(language.substr(0, 64)),
                                "\" is not a configured language (ListLanguages lists them)"));
  }
  input.content = ContentSnapshot(request.variant());
  input.content.clear_name();
  // An unknown language is reported above; the content is still checked, in the default one.
  input.prepared =
      PrepareContent(input.content, "variant",
                     TextPolicy{input.language != nullptr ? language : config_.default_language(),
                                config_.wrong_script_is_error, memo_},
                     violations);
  if (!request.variant_id().empty() && !IsValidResourceId(request.variant_id())) {
    violations.Add("variant_id", "1 to 63 characters of [a-z0-9-], starting with a letter");
  }
  input.change_note = request.change_note();
  PrepareChangeNote(input.change_note, violations);
  if (!request.variant().story().empty()) {
    ReadOptionalName(ParseStoryName("variant.story", request.variant().story()), input.story_id,
                     violations);
  }
  const v1::TranslationSource& source = input.content.translation_source();
  if (!source.variant().empty()) {
    std::string ignored;
    ReadOptionalName(ParseVariantName("variant.translation_source.variant", source.variant()),
                     ignored, violations);
    if (source.revision() < 0) {
      violations.Add("variant.translation_source.revision", "0 (the latest) or a revision number");
    }
  }
  JISR_RETURN_IF_ERROR(violations.ToStatus());
  input.id = request.variant_id().empty() ? NewResourceId() : request.variant_id();
  return input;
}

absl::StatusOr<v1::Variant> VariantEditing::CreateVariant(const v1::CreateVariantRequest& request,
                                                          const CallContext& caller) const {
  JISR_ASSIGN_OR_RETURN(const NewVariant input, ReadCreate(request));
  return runner_.Run<v1::Variant>(
      CallOf("CreateVariant", request, caller, request.validate_only()),
      [&](WriteContext& write) { return Create(write, input); },
      [&](WriteContext& write) { return views_.LatestById(write, input.id); });
}

absl::Status VariantEditing::Create(WriteContext& write, const NewVariant& input) const {
  JISR_RETURN_IF_ERROR(ArticleStore::CheckMayWrite(write, input.language->code(), "a new variant"));
  JISR_ASSIGN_OR_RETURN(auto existing, write.txn().GetVariant(input.id));
  if (existing.has_value()) {
    return ReasonedError(absl::StatusCode::kAlreadyExists, "VARIANT_EXISTS",
                         absl::StrCat(VariantName(input.id),
                                      " already exists: choose another "
                                      "variant_id or leave it empty"));
  }
  StoredVariant v;
  v.row.id = input.id;
  v.variant = input.content;
  v.variant.set_name(VariantName(input.id));
  v.variant.set_language(input.language->code());
  v.variant.set_direction(input.language->direction());
  std::string source_story_id;
  if (!input.content.translation_source().variant().empty()) {
    JISR_ASSIGN_OR_RETURN(
        ResolvedSource resolved,
        store_.ResolveTranslationSource(write.txn(), input.content.translation_source(),
                                        input.language->code(), "variant.translation_source"));
    *v.variant.mutable_translation_source() = resolved.provenance;
    source_story_id = resolved.source.story_id();
  }
  JISR_ASSIGN_OR_RETURN(StoredStory story, StoryForNew(write, input, source_story_id));
  v.variant.set_story(story.story.name());
  if (v.variant.slug().empty()) {
    JISR_ASSIGN_OR_RETURN(
        *v.variant.mutable_slug(),
        store_.UniqueSlug(write.txn(), v.variant.language(), v.variant.headline()));
  } else {
    JISR_RETURN_IF_ERROR(store_.CheckSlugFree(write.txn(), v.variant.language(), v.variant.slug(),
                                              "", "variant.slug"));
  }
  v.variant.set_state(v1::VARIANT_STATE_DRAFT);
  *v.variant.mutable_create_time() = ToProto(write.now());
  *v.variant.mutable_text() = input.prepared.analysis;
  v1::Revision revision = store_.NextRevision(write, v, v1::CHANGE_SIGNIFICANCE_SIGNIFICANT);
  revision.set_change_note(input.change_note);
  for (const auto& warning : input.prepared.warnings) *revision.add_warnings() = warning;
  JISR_RETURN_IF_ERROR(store_.SaveWithRevision(write, v, std::move(revision), /*insert=*/true));
  return store_.AppendEvent(write, v1::CHANGE_KIND_CREATED, &v, v.story_id());
}

absl::StatusOr<StoredStory> VariantEditing::StoryForNew(WriteContext& write,
                                                        const NewVariant& input,
                                                        const std::string& source_story_id) const {
  std::string story_id = input.story_id;
  if (!source_story_id.empty()) {
    if (!story_id.empty() && story_id != source_story_id) {
      return InvalidFieldError(
          "variant.story",
          absl::StrCat("a translation joins its source's story ", StoryName(source_story_id),
                       ": leave story empty or name that story"));
    }
    story_id = source_story_id;
  }
  if (story_id.empty()) return store_.NewStory(write, input.content.headline());
  JISR_ASSIGN_OR_RETURN(StoredStory story,
                        store_.LoadLiveStory(write.txn(), story_id, "variant.story"));
  JISR_RETURN_IF_ERROR(store_.CheckLanguageFree(write.txn(), story_id, input.language->code(), ""));
  // The story changed: it has one more variant.
  JISR_RETURN_IF_ERROR(store_.SaveStory(write, story));
  return story;
}

absl::StatusOr<VariantEditing::ContentUpdate> VariantEditing::ReadUpdate(
    const v1::UpdateVariantRequest& request) const {
  if (!request.has_variant()) {
    return InvalidFieldError("variant", "required: the variant's name and new values",
                             "REQUIRED_FIELD");
  }
  ContentUpdate update;
  update.request = &request;
  JISR_ASSIGN_OR_RETURN(update.id, ParseVariantName("variant.name", request.variant().name()));
  JISR_ASSIGN_OR_RETURN(update.mask, ReadUpdateMask(request));
  JISR_RETURN_IF_ERROR(CheckSignificance(request.significance()));
  FieldViolations violations;
  update.change_note = request.change_note();
  PrepareChangeNote(update.change_note, violations);
  JISR_RETURN_IF_ERROR(violations.ToStatus());
  return update;
}

absl::StatusOr<v1::Variant> VariantEditing::UpdateVariant(const v1::UpdateVariantRequest& request,
                                                          const CallContext& caller) const {
  JISR_ASSIGN_OR_RETURN(const ContentUpdate update, ReadUpdate(request));
  std::optional<MergedUpdate> early =
      runner_.writers_take_turns() ? MergeBeforeWriting(update) : std::nullopt;
  return runner_.Run<v1::Variant>(
      CallOf("UpdateVariant", request, caller, request.validate_only()),
      [&](WriteContext& write) { return Update(write, update, early); },
      [&](WriteContext& write) { return views_.LatestById(write, update.id); });
}

VariantEditing::MergedUpdate VariantEditing::Merge(const StoredVariant& v,
                                                   const ContentUpdate& update) const {
  MergedUpdate m;
  m.version = v.row.version;
  m.before = ContentSnapshot(v.variant);
  m.merged = m.before;
  FieldMaskUtil::MergeOptions replace;
  replace.set_replace_message_fields(true);
  replace.set_replace_repeated_fields(true);
  FieldMaskUtil::MergeMessageTo(update.request->variant(), update.mask, replace, &m.merged);
  FieldViolations violations;
  m.prepared = PrepareContent(
      m.merged, "variant", TextPolicy{v.variant.language(), config_.wrong_script_is_error, memo_},
      violations);
  m.status = violations.ToStatus();
  *m.merged.mutable_text() = std::move(m.prepared.analysis);
  return m;
}

std::optional<VariantEditing::MergedUpdate> VariantEditing::MergeBeforeWriting(
    const ContentUpdate& update) const {
  // Any error here is the write's to report, in its own order: it merges again inside.
  absl::StatusOr<std::unique_ptr<storage::Transaction>> txn = runner_.BeginRead();
  if (!txn.ok()) return std::nullopt;
  absl::StatusOr<StoredVariant> v =
      store_.LoadVariant(**txn, update.id, "variant.name", runner_.recent());
  if (!v.ok()) return std::nullopt;
  MergedUpdate m = Merge(*v, update);
  m.loaded = *std::move(v);
  return m;
}

absl::Status VariantEditing::Update(WriteContext& write, const ContentUpdate& update,
                                    std::optional<MergedUpdate>& early) const {
  const v1::Variant& sent = update.request->variant();
  std::optional<MergedUpdate> m = std::exchange(early, std::nullopt);
  if (m.has_value() && m->loaded.has_value()) write.kept().Keep(*std::exchange(m->loaded, {}));
  JISR_ASSIGN_OR_RETURN(
      StoredVariant v,
      store_.LoadVariantToChange(write, update.id, {"variant.name", "variant.etag", sent.etag()}));
  // What was merged outside the write lock holds while the variant is the version it was
  // merged with; otherwise it is merged again, here.
  if (!m.has_value() || m->version != v.row.version) m = Merge(v, update);
  JISR_RETURN_IF_ERROR(m->status);
  const v1::Variant& before = m->before;
  v1::Variant merged = std::move(m->merged);
  if (InMask(update.mask, "translation_source") && !merged.translation_source().variant().empty()) {
    JISR_ASSIGN_OR_RETURN(
        ResolvedSource resolved,
        store_.ResolveTranslationSource(write.txn(), merged.translation_source(),
                                        v.variant.language(), "variant.translation_source"));
    if (resolved.source.story_id() != v.story_id()) {
      return InvalidFieldError("variant.translation_source.variant",
                               "a translation's source is another language's variant of the "
                               "same story");
    }
    *merged.mutable_translation_source() = resolved.provenance;
  }
  JISR_RETURN_IF_ERROR(UpdateSlug(write, v, before, update, merged));
  if (google::protobuf::util::MessageDifferencer::Equals(before, merged)) {
    return absl::OkStatus();  // nothing changed: no revision
  }
  MoveContent(merged, v.variant);
  v.variant.mutable_text()->Swap(merged.mutable_text());
  v1::Revision revision = store_.NextRevision(write, v, update.request->significance());
  revision.set_change_note(update.change_note);
  for (const auto& warning : m->prepared.warnings) *revision.add_warnings() = warning;
  JISR_RETURN_IF_ERROR(store_.SaveWithRevision(write, v, std::move(revision), /*insert=*/false));
  JISR_RETURN_IF_ERROR(store_.AppendEvent(write, v1::CHANGE_KIND_UPDATED, &v, v.story_id()));
  write.kept().Keep(std::move(v));  // for the story's refresh
  return absl::OkStatus();
}

absl::Status VariantEditing::UpdateSlug(WriteContext& write, const StoredVariant& v,
                                        const v1::Variant& before, const ContentUpdate& update,
                                        v1::Variant& merged) const {
  const std::string& language = v.variant.language();
  if (InMask(update.mask, "slug") && merged.slug().empty()) {
    merged.set_slug(v.variant.slug());
    if (store_.SlugFor(language, merged.headline()) !=
        store_.SlugFor(language, before.headline())) {
      JISR_ASSIGN_OR_RETURN(*merged.mutable_slug(),
                            store_.UniqueSlug(write.txn(), language, merged.headline()));
    }
  }
  if (merged.slug() == before.slug()) return absl::OkStatus();
  return store_.CheckSlugFree(write.txn(), language, merged.slug(), v.id(), "variant.slug");
}

absl::StatusOr<v1::Variant> VariantEditing::DeleteVariant(const v1::DeleteVariantRequest& request,
                                                          const CallContext& caller) const {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseVariantName("name", request.name()));
  return runner_.Run<v1::Variant>(
      CallOf("DeleteVariant", request, caller),
      [&](WriteContext& write) -> absl::Status {
        JISR_ASSIGN_OR_RETURN(
            StoredVariant v,
            store_.LoadVariantToChange(write, id, {"name", "etag", request.etag(), false}));
        if (v.deleted()) {
          return PreconditionError("ALREADY_DELETED", v.variant.name(),
                                   absl::StrCat(v.variant.name(), " is already deleted"));
        }
        *v.variant.mutable_delete_time() = ToProto(write.now());
        JISR_RETURN_IF_ERROR(store_.SaveVariant(write, v));
        JISR_RETURN_IF_ERROR(store_.AppendEvent(write, v1::CHANGE_KIND_DELETED, &v, v.story_id()));
        return store_.AnnounceToReaders(write, v);
      },
      [&](WriteContext& write) { return views_.LatestById(write, id); });
}

absl::StatusOr<v1::Variant> VariantEditing::UndeleteVariant(
    const v1::UndeleteVariantRequest& request, const CallContext& caller) const {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseVariantName("name", request.name()));
  return runner_.Run<v1::Variant>(
      CallOf("UndeleteVariant", request, caller),
      [&](WriteContext& write) -> absl::Status {
        JISR_ASSIGN_OR_RETURN(StoredVariant v,
                              store_.LoadVariantToChange(write, id, {"name", "", "", false}));
        if (!v.deleted()) {
          return PreconditionError("NOT_DELETED", v.variant.name(),
                                   absl::StrCat(v.variant.name(), " is not deleted"));
        }
        JISR_ASSIGN_OR_RETURN(StoredStory story,
                              store_.LoadStory(write.txn(), v.story_id(), "name"));
        if (story.deleted()) {
          return PreconditionError("STORY_DELETED", story.story.name(),
                                   absl::StrCat(v.variant.name(), "'s story ", story.story.name(),
                                                " is deleted: undelete the story instead"));
        }
        JISR_RETURN_IF_ERROR(
            store_.CheckLanguageFree(write.txn(), v.story_id(), v.variant.language(), id));
        v.variant.clear_delete_time();
        JISR_RETURN_IF_ERROR(store_.SaveVariant(write, v));
        JISR_RETURN_IF_ERROR(
            store_.AppendEvent(write, v1::CHANGE_KIND_UNDELETED, &v, v.story_id()));
        return store_.AnnounceToReaders(write, v);
      },
      [&](WriteContext& write) { return views_.LatestById(write, id); });
}

}  // namespace jisr::articles
