// Story methods: create, read, list, update, delete and undelete.
#include "jisr/v1/events.pb.h"
#include "services/articles/names.h"
#include "services/articles/newsroom_internal.h"
#include "services/articles/text_fields.h"
#include "services/articles/validation.h"
#include "services/common/ids.h"

namespace jisr::articles {
namespace {

constexpr TextFieldSpec kStoryTitle{300, false, false};

// Validates the fields a caller may set on a story.
void CheckStoryFields(jisr::v1::Story& story, const NewsroomConfig& config,
                      FieldViolations& violations) {
  ValidateText("story.title", *story.mutable_title(), kStoryTitle, violations);
  if (!story.x_default_language().empty() &&
      config.FindLanguage(story.x_default_language()) == nullptr) {
    violations.Add("story.x_default_language",
                   absl::StrCat("\"", story.x_default_language(),
                                "\" is not a configured language (ListLanguages lists them)"));
  }
}

}  // namespace

absl::StatusOr<jisr::v1::ListLanguagesResponse> Newsroom::ListLanguages(
    const jisr::v1::ListLanguagesRequest&, const CallContext&) {
  jisr::v1::ListLanguagesResponse response;
  for (const auto& language : options_.config.languages) *response.add_languages() = language;
  response.set_default_language(options_.config.default_language());
  return response;
}

absl::StatusOr<jisr::v1::Story> Newsroom::CreateStory(const jisr::v1::CreateStoryRequest& request,
                                                      const CallContext& context) {
  FieldViolations violations;
  jisr::v1::Story input;
  input.set_title(request.story().title());
  input.set_x_default_language(request.story().x_default_language());
  CheckStoryFields(input, options_.config, violations);
  if (!request.story_id().empty() && !IsValidResourceId(request.story_id())) {
    violations.Add("story_id", "1 to 63 characters of [a-z0-9-], starting with a letter");
  }
  JISR_RETURN_IF_ERROR(violations.ToStatus());
  return RunWrite<jisr::v1::Story>(
      "CreateStory", request, request.request_id(), request.validate_only(), context,
      [&](Write& write) -> absl::StatusOr<jisr::v1::Story> {
        StoredStory s;
        s.row.id = request.story_id().empty() ? NewResourceId() : request.story_id();
        JISR_ASSIGN_OR_RETURN(auto existing, write.txn.GetStory(s.row.id));
        if (existing.has_value()) {
          return ReasonedError(absl::StatusCode::kAlreadyExists, "STORY_EXISTS",
                               absl::StrCat(StoryName(s.row.id), " already exists: choose "
                                            "another story_id or leave it empty"));
        }
        s.story = input;
        s.story.set_name(StoryName(s.row.id));
        *s.story.mutable_create_time() = ToProto(write.now);
        JISR_RETURN_IF_ERROR(SaveStory(write, s, /*insert=*/true));
        JISR_RETURN_IF_ERROR(AppendEvent(write, jisr::v1::CHANGE_KIND_CREATED, nullptr, s.row.id));
        return RespondStory(write, s.row.id);
      });
}

absl::StatusOr<jisr::v1::Story> Newsroom::GetStory(const jisr::v1::GetStoryRequest& request,
                                                   const CallContext&) {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseStoryName("name", request.name()));
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  JISR_ASSIGN_OR_RETURN(StoredStory s, LoadStory(*txn, id, "name"));
  return StoryView(*txn, s);
}

absl::StatusOr<jisr::v1::ListStoriesResponse> Newsroom::ListStories(
    const jisr::v1::ListStoriesRequest& request, const CallContext&) {
  JISR_ASSIGN_OR_RETURN(int limit, CheckPageSize("page_size", request.page_size()));
  std::string filter = absl::StrCat("stories:", request.show_deleted());
  storage::StoryQuery query;
  query.include_deleted = request.show_deleted();
  query.limit = limit + 1;
  if (!request.page_token().empty()) {
    JISR_ASSIGN_OR_RETURN(query.after,
                          DecodePageToken("page_token", request.page_token(), filter));
  }
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  JISR_ASSIGN_OR_RETURN(std::vector<storage::StoryRow> rows, txn->ListStories(query));
  jisr::v1::ListStoriesResponse response;
  for (int i = 0; i < static_cast<int>(rows.size()) && i < limit; ++i) {
    StoredStory s{rows[i], {}};
    if (!s.story.ParseFromString(s.row.data)) {
      return absl::DataLossError(absl::StrCat("stored story ", s.row.id, " cannot be read"));
    }
    JISR_ASSIGN_OR_RETURN(*response.add_stories(), StoryView(*txn, s));
  }
  if (static_cast<int>(rows.size()) > limit) {
    const storage::StoryRow& last = rows[limit - 1];
    response.set_next_page_token(EncodePageToken(last.modify_micros, last.id, filter));
  }
  return response;
}

absl::StatusOr<jisr::v1::Story> Newsroom::UpdateStory(const jisr::v1::UpdateStoryRequest& request,
                                                      const CallContext& context) {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseStoryName("story.name", request.story().name()));
  bool title = request.update_mask().paths_size() == 0;
  bool x_default = title;
  for (const std::string& path : request.update_mask().paths()) {
    if (path == "title") {
      title = true;
    } else if (path == "x_default_language") {
      x_default = true;
    } else if (path == "*") {
      title = x_default = true;
    } else {
      return InvalidFieldError("update_mask",
                               absl::StrCat("\"", path, "\" cannot be updated: the story's "
                                            "updatable fields are title and x_default_language"));
    }
  }
  FieldViolations violations;
  jisr::v1::Story input = request.story();
  CheckStoryFields(input, options_.config, violations);
  JISR_RETURN_IF_ERROR(violations.ToStatus());
  return RunWrite<jisr::v1::Story>(
      "UpdateStory", request, request.request_id(), false, context,
      [&](Write& write) -> absl::StatusOr<jisr::v1::Story> {
        JISR_ASSIGN_OR_RETURN(StoredStory s, LoadStory(write.txn, id, "story.name"));
        JISR_RETURN_IF_ERROR(
            CheckEtag("story.etag", request.story().etag(), s.row.version, s.story.name()));
        if (s.story.has_delete_time()) {
          return PreconditionError("STORY_DELETED", s.story.name(),
                                   absl::StrCat(s.story.name(), " is deleted: undelete it first"));
        }
        if (title) s.story.set_title(input.title());
        if (x_default) s.story.set_x_default_language(input.x_default_language());
        JISR_RETURN_IF_ERROR(SaveStory(write, s, /*insert=*/false));
        JISR_RETURN_IF_ERROR(
            AppendEvent(write, jisr::v1::CHANGE_KIND_STORY_UPDATED, nullptr, s.row.id));
        return RespondStory(write, s.row.id);
      });
}

absl::StatusOr<jisr::v1::Story> Newsroom::DeleteStory(const jisr::v1::DeleteStoryRequest& request,
                                                      const CallContext& context) {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseStoryName("name", request.name()));
  return RunWrite<jisr::v1::Story>(
      "DeleteStory", request, request.request_id(), false, context,
      [&](Write& write) -> absl::StatusOr<jisr::v1::Story> {
        JISR_ASSIGN_OR_RETURN(StoredStory s, LoadStory(write.txn, id, "name"));
        JISR_RETURN_IF_ERROR(CheckEtag("etag", request.etag(), s.row.version, s.story.name()));
        if (s.story.has_delete_time()) {
          return PreconditionError("ALREADY_DELETED", s.story.name(),
                                   absl::StrCat(s.story.name(), " is already deleted"));
        }
        JISR_ASSIGN_OR_RETURN(std::vector<storage::VariantRow> rows,
                              write.txn.ListStoryVariants(id));
        std::vector<StoredVariant> live;
        for (const storage::VariantRow& row : rows) {
          if (row.deleted) continue;
          JISR_ASSIGN_OR_RETURN(StoredVariant v, LoadVariant(write.txn, row.id, "name"));
          live.push_back(std::move(v));
        }
        if (!live.empty() && !request.force()) {
          return PreconditionError(
              "STORY_NOT_EMPTY", s.story.name(),
              absl::StrCat(s.story.name(), " still has ", live.size(),
                           " variant(s): delete them first, or set force to delete them too"));
        }
        for (StoredVariant& v : live) {
          *v.variant.mutable_delete_time() = ToProto(write.now);
          JISR_RETURN_IF_ERROR(SaveVariant(write, v, /*insert=*/false));
          JISR_RETURN_IF_ERROR(AppendEvent(write, jisr::v1::CHANGE_KIND_DELETED, &v, id));
        }
        *s.story.mutable_delete_time() = ToProto(write.now);
        JISR_RETURN_IF_ERROR(SaveStory(write, s, /*insert=*/false));
        JISR_RETURN_IF_ERROR(AppendEvent(write, jisr::v1::CHANGE_KIND_DELETED, nullptr, id));
        return RespondStory(write, s.row.id);
      });
}

absl::StatusOr<jisr::v1::Story> Newsroom::UndeleteStory(
    const jisr::v1::UndeleteStoryRequest& request, const CallContext& context) {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseStoryName("name", request.name()));
  return RunWrite<jisr::v1::Story>(
      "UndeleteStory", request, request.request_id(), false, context,
      [&](Write& write) -> absl::StatusOr<jisr::v1::Story> {
        JISR_ASSIGN_OR_RETURN(StoredStory s, LoadStory(write.txn, id, "name"));
        if (!s.story.has_delete_time()) {
          return PreconditionError("NOT_DELETED", s.story.name(),
                                   absl::StrCat(s.story.name(), " is not deleted"));
        }
        // The variants deleted together with the story come back with it.
        const google::protobuf::Timestamp deleted_at = s.story.delete_time();
        JISR_ASSIGN_OR_RETURN(std::vector<storage::VariantRow> rows,
                              write.txn.ListStoryVariants(id));
        for (const storage::VariantRow& row : rows) {
          if (!row.deleted) continue;
          JISR_ASSIGN_OR_RETURN(StoredVariant v, LoadVariant(write.txn, row.id, "name"));
          if (v.variant.delete_time().seconds() != deleted_at.seconds() ||
              v.variant.delete_time().nanos() != deleted_at.nanos()) {
            continue;
          }
          v.variant.clear_delete_time();
          JISR_RETURN_IF_ERROR(SaveVariant(write, v, /*insert=*/false));
          JISR_RETURN_IF_ERROR(AppendEvent(write, jisr::v1::CHANGE_KIND_UNDELETED, &v, id));
        }
        s.story.clear_delete_time();
        JISR_RETURN_IF_ERROR(SaveStory(write, s, /*insert=*/false));
        JISR_RETURN_IF_ERROR(AppendEvent(write, jisr::v1::CHANGE_KIND_UNDELETED, nullptr, id));
        return RespondStory(write, s.row.id);
      });
}

}  // namespace jisr::articles
