// Variant methods that write content: create, update, delete and undelete.
#include "absl/strings/escaping.h"
#include "google/protobuf/util/field_mask_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "jisr/v1/events.pb.h"
#include "services/articles/names.h"
#include "services/articles/newsroom_internal.h"
#include "services/articles/validation.h"
#include "services/articles/variant_views.h"
#include "services/common/ids.h"

namespace jisr::articles {
namespace {

constexpr TextFieldSpec kChangeNote{1000, false, true};

void CheckChangeNote(const std::string& note, FieldViolations& violations) {
  std::string copy = note;
  ValidateText("change_note", copy, kChangeNote, violations);
}

jisr::v1::Revision NewRevision(const std::string& variant_id, int64_t number,
                               const std::string& author, absl::Time now,
                               const std::string& change_note,
                               jisr::v1::ChangeSignificance significance,
                               const std::vector<jisr::v1::TextWarning>& warnings) {
  jisr::v1::Revision revision;
  for (const auto& warning : warnings) *revision.add_warnings() = warning;
  revision.set_name(RevisionName(variant_id, number));
  revision.set_number(number);
  revision.set_author(author);
  *revision.mutable_create_time() = ToProto(now);
  revision.set_change_note(change_note);
  revision.set_significance(significance == jisr::v1::CHANGE_SIGNIFICANCE_MINOR
                                ? jisr::v1::CHANGE_SIGNIFICANCE_MINOR
                                : jisr::v1::CHANGE_SIGNIFICANCE_SIGNIFICANT);
  return revision;
}

}  // namespace

// Points the variant at `revision` and returns the revision's row, holding the variant's current
// content; insert it after the variant row (it references it).
static storage::RevisionRow PrepareRevision(const std::string& variant_id,
                                            jisr::v1::Variant& variant,
                                            jisr::v1::Revision revision, int64_t now_micros) {
  *revision.mutable_snapshot() = ContentSnapshot(variant);
  storage::RevisionRow row{variant_id, revision.number(), now_micros, revision.SerializeAsString()};
  revision.clear_snapshot();
  *variant.mutable_revision() = revision;
  variant.set_latest_revision(revision.number());
  return row;
}

absl::StatusOr<jisr::v1::Variant> Newsroom::CreateVariant(
    const jisr::v1::CreateVariantRequest& request, const CallContext& context) {
  FieldViolations violations;
  if (!request.has_variant()) {
    return InvalidFieldError("variant", "required: the variant to create", "REQUIRED_FIELD");
  }
  jisr::v1::Variant input = ContentSnapshot(request.variant());
  input.clear_name();
  const std::string& language = request.variant().language();
  const jisr::v1::Language* language_config = options_.config.FindLanguage(language);
  if (language.empty()) {
    violations.Add("variant.language", "required: a configured language such as \"en\"");
  } else if (language_config == nullptr) {
    violations.Add("variant.language",
                   absl::StrCat("\"", absl::CHexEscape(language.substr(0, 64)),
                                "\" is not a configured language (ListLanguages lists them)"));
  }
  std::vector<jisr::v1::TextWarning> warnings;
  jisr::v1::VariantText analysis;
  // An unknown language is reported above; the content is still checked, in the default one.
  ValidateContent(input, "variant",
                  TextPolicyFor(language_config != nullptr ? language
                                                           : options_.config.default_language()),
                  violations, &warnings, &analysis);
  if (!request.variant_id().empty() && !IsValidResourceId(request.variant_id())) {
    violations.Add("variant_id", "1 to 63 characters of [a-z0-9-], starting with a letter");
  }
  CheckChangeNote(request.change_note(), violations);
  std::string story_id;
  if (!request.variant().story().empty()) {
    auto parsed = ParseStoryName("variant.story", request.variant().story());
    if (parsed.ok()) {
      story_id = *parsed;
    } else {
      for (const auto& v : FieldViolationsOf(parsed.status())) violations.Add(v.field, v.description);
    }
  }
  std::string source_id;
  if (!input.translation_source().variant().empty()) {
    auto parsed = ParseVariantName("variant.translation_source.variant",
                                   input.translation_source().variant());
    if (parsed.ok()) {
      source_id = *parsed;
    } else {
      for (const auto& v : FieldViolationsOf(parsed.status())) violations.Add(v.field, v.description);
    }
    if (input.translation_source().revision() < 0) {
      violations.Add("variant.translation_source.revision", "0 (the latest) or a revision number");
    }
  }
  JISR_RETURN_IF_ERROR(violations.ToStatus());

  return RunWrite<jisr::v1::Variant>(
      "CreateVariant", request, request.request_id(), request.validate_only(), context,
      [&](Write& write) -> absl::StatusOr<jisr::v1::Variant> {
        StoredVariant v;
        v.row.id = request.variant_id().empty() ? NewResourceId() : request.variant_id();
        JISR_ASSIGN_OR_RETURN(auto existing, write.txn.GetVariant(v.row.id));
        if (existing.has_value()) {
          return ReasonedError(absl::StatusCode::kAlreadyExists, "VARIANT_EXISTS",
                               absl::StrCat(VariantName(v.row.id), " already exists: choose "
                                            "another variant_id or leave it empty"));
        }
        v.variant = input;
        v.variant.set_name(VariantName(v.row.id));
        v.variant.set_language(language);
        v.variant.set_direction(language_config->direction());

        if (!source_id.empty()) {
          JISR_ASSIGN_OR_RETURN(StoredVariant source,
                                LoadVariant(write.txn, source_id,
                                            "variant.translation_source.variant"));
          if (source.variant.has_delete_time()) {
            return PreconditionError("SOURCE_DELETED", source.variant.name(),
                                     absl::StrCat(source.variant.name(), " is deleted"));
          }
          if (source.variant.language() == language) {
            return InvalidFieldError("variant.translation_source.variant",
                                     "a translation's source is in another language");
          }
          int64_t revision = input.translation_source().revision();
          if (revision == 0) revision = source.variant.latest_revision();
          if (revision > source.variant.latest_revision()) {
            return InvalidFieldError(
                "variant.translation_source.revision",
                absl::StrCat(source.variant.name(), " has revisions 1 to ",
                             source.variant.latest_revision()));
          }
          if (!story_id.empty() && story_id != source.row.story_id) {
            return InvalidFieldError(
                "variant.story",
                absl::StrCat("a translation joins its source's story ", source.variant.story(),
                             ": leave story empty or name that story"));
          }
          story_id = source.row.story_id;
          auto* provenance = v.variant.mutable_translation_source();
          provenance->set_language(source.variant.language());
          provenance->set_revision(revision);
        }

        StoredStory story;
        if (story_id.empty()) {
          JISR_ASSIGN_OR_RETURN(story, NewStory(write, v.variant.headline()));
        } else {
          JISR_ASSIGN_OR_RETURN(story, LoadStory(write.txn, story_id, "variant.story"));
          if (story.story.has_delete_time()) {
            return PreconditionError("STORY_DELETED", story.story.name(),
                                     absl::StrCat(story.story.name(),
                                                  " is deleted: undelete it first"));
          }
          JISR_RETURN_IF_ERROR(CheckLanguageFree(write.txn, story_id, language, ""));
          JISR_RETURN_IF_ERROR(SaveStory(write, story, /*insert=*/false));
        }
        v.variant.set_story(story.story.name());

        if (v.variant.slug().empty()) {
          JISR_ASSIGN_OR_RETURN(*v.variant.mutable_slug(),
                                UniqueSlug(write.txn, language, v.variant.headline()));
        } else {
          JISR_ASSIGN_OR_RETURN(auto taken, write.txn.FindVariantBySlug(language, v.variant.slug()));
          if (taken.has_value()) {
            return ReasonedError(absl::StatusCode::kAlreadyExists, "SLUG_TAKEN",
                                 absl::StrCat("slug \"", v.variant.slug(), "\" is taken in ",
                                              language, " by ", VariantName(taken->id),
                                              ": choose another or leave it empty"),
                                 {{"field", "variant.slug"}});
          }
        }
        v.variant.set_state(jisr::v1::VARIANT_STATE_DRAFT);
        *v.variant.mutable_create_time() = ToProto(write.now);
        *v.variant.mutable_text() = analysis;
        storage::RevisionRow revision = PrepareRevision(
            v.row.id, v.variant,
            NewRevision(v.row.id, 1, write.author, write.now, request.change_note(),
                        jisr::v1::CHANGE_SIGNIFICANCE_SIGNIFICANT, warnings),
            write.now_micros);
        JISR_RETURN_IF_ERROR(SaveVariant(write, v, /*insert=*/true));
        JISR_RETURN_IF_ERROR(write.txn.InsertRevision(revision));
        JISR_RETURN_IF_ERROR(
            AppendEvent(write, jisr::v1::CHANGE_KIND_CREATED, &v, v.row.story_id));
        return Respond(write, v.row.id);
      });
}

absl::StatusOr<jisr::v1::Variant> Newsroom::UpdateVariant(
    const jisr::v1::UpdateVariantRequest& request, const CallContext& context) {
  if (!request.has_variant()) {
    return InvalidFieldError("variant", "required: the variant's name and new values",
                             "REQUIRED_FIELD");
  }
  JISR_ASSIGN_OR_RETURN(std::string id, ParseVariantName("variant.name", request.variant().name()));
  google::protobuf::FieldMask mask;
  const auto& content_fields = ContentFields();
  if (request.update_mask().paths_size() == 0 ||
      (request.update_mask().paths_size() == 1 && request.update_mask().paths(0) == "*")) {
    for (const std::string& field : content_fields) mask.add_paths(field);
  } else {
    for (const std::string& path : request.update_mask().paths()) {
      if (std::find(content_fields.begin(), content_fields.end(), path) == content_fields.end()) {
        return InvalidFieldError(
            "update_mask",
            absl::StrCat("\"", absl::CHexEscape(path.substr(0, 100)),
                         "\" cannot be updated: updatable fields are headline, standfirst, "
                         "byline, section, tags, slug, hero_image, blocks, display_time and "
                         "translation_source (or \"*\" for all)"));
      }
      mask.add_paths(path);
    }
  }
  const bool slug_in_mask =
      std::find(mask.paths().begin(), mask.paths().end(), "slug") != mask.paths().end();
  const bool source_in_mask = std::find(mask.paths().begin(), mask.paths().end(),
                                        "translation_source") != mask.paths().end();
  if (request.significance() < 0 || request.significance() > jisr::v1::CHANGE_SIGNIFICANCE_MINOR) {
    return InvalidFieldError("significance", "CHANGE_SIGNIFICANCE_SIGNIFICANT or _MINOR");
  }
  FieldViolations violations;
  CheckChangeNote(request.change_note(), violations);
  JISR_RETURN_IF_ERROR(violations.ToStatus());

  return RunWrite<jisr::v1::Variant>(
      "UpdateVariant", request, request.request_id(), request.validate_only(), context,
      [&](Write& write) -> absl::StatusOr<jisr::v1::Variant> {
        JISR_ASSIGN_OR_RETURN(StoredVariant v, LoadVariant(write.txn, id, "variant.name"));
        JISR_RETURN_IF_ERROR(CheckEtag("variant.etag", request.variant().etag(), v.row.version,
                                       v.variant.name()));
        if (v.variant.has_delete_time()) {
          return PreconditionError("VARIANT_DELETED", v.variant.name(),
                                   absl::StrCat(v.variant.name(),
                                                " is deleted: undelete it first"));
        }
        const jisr::v1::Variant before = ContentSnapshot(v.variant);
        jisr::v1::Variant merged = before;
        google::protobuf::util::FieldMaskUtil::MergeOptions options;
        options.set_replace_message_fields(true);
        options.set_replace_repeated_fields(true);
        google::protobuf::util::FieldMaskUtil::MergeMessageTo(request.variant(), mask, options,
                                                              &merged);
        FieldViolations content_violations;
        std::vector<jisr::v1::TextWarning> warnings;
        ValidateContent(merged, "variant", TextPolicyFor(v.variant.language()),
                        content_violations, &warnings, merged.mutable_text());
        JISR_RETURN_IF_ERROR(content_violations.ToStatus());

        if (source_in_mask && merged.has_translation_source() &&
            !merged.translation_source().variant().empty()) {
          const auto& wanted = merged.translation_source();
          JISR_ASSIGN_OR_RETURN(std::string source_id,
                                ParseVariantName("variant.translation_source.variant",
                                                 wanted.variant()));
          JISR_ASSIGN_OR_RETURN(StoredVariant source,
                                LoadVariant(write.txn, source_id,
                                            "variant.translation_source.variant"));
          if (source.row.story_id != v.row.story_id ||
              source.variant.language() == v.variant.language()) {
            return InvalidFieldError("variant.translation_source.variant",
                                     "a translation's source is another language's variant of "
                                     "the same story");
          }
          int64_t revision = wanted.revision() == 0 ? source.variant.latest_revision()
                                                    : wanted.revision();
          if (revision < 1 || revision > source.variant.latest_revision()) {
            return InvalidFieldError("variant.translation_source.revision",
                                     absl::StrCat(source.variant.name(), " has revisions 1 to ",
                                                  source.variant.latest_revision()));
          }
          merged.mutable_translation_source()->set_language(source.variant.language());
          merged.mutable_translation_source()->set_revision(revision);
        }
        if (slug_in_mask && merged.slug().empty()) {
          merged.set_slug(v.variant.slug());
          if (SlugFor(v.variant.language(), merged.headline()) !=
              SlugFor(v.variant.language(), before.headline())) {
            JISR_ASSIGN_OR_RETURN(*merged.mutable_slug(),
                                  UniqueSlug(write.txn, v.variant.language(), merged.headline()));
          }
        }
        if (merged.slug() != before.slug()) {
          JISR_ASSIGN_OR_RETURN(auto taken,
                                write.txn.FindVariantBySlug(v.variant.language(), merged.slug()));
          if (taken.has_value() && taken->id != id) {
            return ReasonedError(absl::StatusCode::kAlreadyExists, "SLUG_TAKEN",
                                 absl::StrCat("slug \"", merged.slug(), "\" is taken in ",
                                              v.variant.language(), " by ",
                                              VariantName(taken->id), ": choose another"),
                                 {{"field", "variant.slug"}});
          }
        }
        if (google::protobuf::util::MessageDifferencer::Equals(before, merged)) {
          return Respond(write, v.row.id);  // nothing changed: no revision
        }
        CopyContent(merged, v.variant);
        *v.variant.mutable_text() = merged.text();
        storage::RevisionRow revision = PrepareRevision(
            id, v.variant,
            NewRevision(id, v.variant.latest_revision() + 1, write.author, write.now,
                        request.change_note(), request.significance(), warnings),
            write.now_micros);
        JISR_RETURN_IF_ERROR(SaveVariant(write, v, /*insert=*/false));
        JISR_RETURN_IF_ERROR(write.txn.InsertRevision(revision));
        JISR_RETURN_IF_ERROR(AppendEvent(write, jisr::v1::CHANGE_KIND_UPDATED, &v, v.row.story_id));
        return Respond(write, v.row.id);
      });
}

absl::StatusOr<jisr::v1::Variant> Newsroom::DeleteVariant(
    const jisr::v1::DeleteVariantRequest& request, const CallContext& context) {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseVariantName("name", request.name()));
  return RunWrite<jisr::v1::Variant>(
      "DeleteVariant", request, request.request_id(), false, context,
      [&](Write& write) -> absl::StatusOr<jisr::v1::Variant> {
        JISR_ASSIGN_OR_RETURN(StoredVariant v, LoadVariant(write.txn, id, "name"));
        JISR_RETURN_IF_ERROR(CheckEtag("etag", request.etag(), v.row.version, v.variant.name()));
        if (v.variant.has_delete_time()) {
          return PreconditionError("ALREADY_DELETED", v.variant.name(),
                                   absl::StrCat(v.variant.name(), " is already deleted"));
        }
        *v.variant.mutable_delete_time() = ToProto(write.now);
        JISR_RETURN_IF_ERROR(SaveVariant(write, v, /*insert=*/false));
        JISR_RETURN_IF_ERROR(AppendEvent(write, jisr::v1::CHANGE_KIND_DELETED, &v, v.row.story_id));
        return Respond(write, v.row.id);
      });
}

absl::StatusOr<jisr::v1::Variant> Newsroom::UndeleteVariant(
    const jisr::v1::UndeleteVariantRequest& request, const CallContext& context) {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseVariantName("name", request.name()));
  return RunWrite<jisr::v1::Variant>(
      "UndeleteVariant", request, request.request_id(), false, context,
      [&](Write& write) -> absl::StatusOr<jisr::v1::Variant> {
        JISR_ASSIGN_OR_RETURN(StoredVariant v, LoadVariant(write.txn, id, "name"));
        if (!v.variant.has_delete_time()) {
          return PreconditionError("NOT_DELETED", v.variant.name(),
                                   absl::StrCat(v.variant.name(), " is not deleted"));
        }
        JISR_ASSIGN_OR_RETURN(StoredStory story, LoadStory(write.txn, v.row.story_id, "name"));
        if (story.story.has_delete_time()) {
          return PreconditionError("STORY_DELETED", story.story.name(),
                                   absl::StrCat(v.variant.name(), "'s story ", story.story.name(),
                                                " is deleted: undelete the story instead"));
        }
        JISR_RETURN_IF_ERROR(
            CheckLanguageFree(write.txn, v.row.story_id, v.variant.language(), id));
        v.variant.clear_delete_time();
        JISR_RETURN_IF_ERROR(SaveVariant(write, v, /*insert=*/false));
        JISR_RETURN_IF_ERROR(
            AppendEvent(write, jisr::v1::CHANGE_KIND_UNDELETED, &v, v.row.story_id));
        return Respond(write, v.row.id);
      });
}

}  // namespace jisr::articles
