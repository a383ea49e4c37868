#include "services/articles/stories.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/message_differencer.h"
#include "services/articles/names.h"
#include "services/articles/paging.h"
#include "services/articles/request_checks.h"
#include "services/articles/timestamps.h"
#include "services/articles/validation.h"
#include "services/common/errors.h"
#include "services/common/ids.h"
#include "services/common/status_macros.h"

namespace jisr::articles {
namespace {

namespace v1 = ::jisr::v1;

constexpr TextFieldSpec kStoryTitle{300, false, false};

// Checks and normalizes the fields a caller may set on a story.
void CheckStoryFields(v1::Story& story, const config::NewsroomConfig& config,
                      FieldViolations& violations) {
  ValidateText("story.title", *story.mutable_title(), kStoryTitle, violations);
  if (!story.x_default_language().empty() &&
      config.FindLanguage(story.x_default_language()) == nullptr) {
    violations.Add("story.x_default_language",
                   absl::StrCat("\"", absl::CHexEscape(story.x_default_language().substr(0, 64)),
                                "\" is not a configured language (ListLanguages lists them)"));
  }
}

// Which of the story's fields an update replaces (AIP-134).
struct StoryMask {
  bool title = false;
  bool x_default_language = false;
};

absl::StatusOr<StoryMask> ReadStoryMask(const v1::UpdateStoryRequest& request) {
  StoryMask mask;
  const auto& paths = request.update_mask().paths();
  if (paths.empty()) {
    // No mask: the fields the caller set, so an update never wipes what it did not send.
    mask.title = !request.story().title().empty();
    mask.x_default_language = !request.story().x_default_language().empty();
    return mask;
  }
  if (paths.size() == 1 && paths[0] == "*") return StoryMask{true, true};
  for (const std::string& path : paths) {
    if (path == "title") {
      mask.title = true;
    } else if (path == "x_default_language") {
      mask.x_default_language = true;
    } else {
      return InvalidFieldError(
          "update_mask",
          absl::StrCat("\"", absl::CHexEscape(path.substr(0, 100)),
                       "\" cannot be updated: the story's updatable fields are title and "
                       "x_default_language, or \"*\" alone for both"));
    }
  }
  return mask;
}

// Checks and normalizes the fields the update replaces; the others are ignored (AIP-134).
absl::StatusOr<v1::Story> ReadStoryUpdate(const v1::UpdateStoryRequest& request,
                                          const StoryMask& mask,
                                          const config::NewsroomConfig& config) {
  v1::Story input;
  if (mask.title) input.set_title(request.story().title());
  if (mask.x_default_language) input.set_x_default_language(request.story().x_default_language());
  FieldViolations violations;
  CheckStoryFields(input, config, violations);
  JISR_RETURN_IF_ERROR(violations.ToStatus());
  return input;
}

}  // namespace

absl::StatusOr<v1::Story> Stories::Answer(WriteContext& write, const std::string& story_id) const {
  JISR_ASSIGN_OR_RETURN(StoredStory s, store_.LoadStory(write.txn(), story_id, "name"));
  return views_.Story(write.txn(), s);
}

absl::StatusOr<v1::Story> Stories::CreateStory(const v1::CreateStoryRequest& request,
                                               const CallContext& caller) const {
  FieldViolations violations;
  v1::Story input;
  input.set_title(request.story().title());
  input.set_x_default_language(request.story().x_default_language());
  CheckStoryFields(input, config_, violations);
  if (!request.story_id().empty() && !IsValidResourceId(request.story_id())) {
    violations.Add("story_id", "1 to 63 characters of [a-z0-9-], starting with a letter");
  }
  JISR_RETURN_IF_ERROR(violations.ToStatus());
  const std::string id = request.story_id().empty() ? NewResourceId() : request.story_id();
  return runner_.Run<v1::Story>(
      CallOf("CreateStory", request, caller, request.validate_only()),
      [&](WriteContext& write) -> absl::Status {
        JISR_ASSIGN_OR_RETURN(auto existing, write.txn().GetStory(id));
        if (existing.has_value()) {
          return ReasonedError(absl::StatusCode::kAlreadyExists, "STORY_EXISTS",
                               absl::StrCat(StoryName(id),
                                            " already exists: choose another "
                                            "story_id or leave it empty"));
        }
        StoredStory s;
        s.row.id = id;
        s.story = input;
        s.story.set_name(StoryName(id));
        *s.story.mutable_create_time() = ToProto(write.now());
        JISR_RETURN_IF_ERROR(store_.InsertStory(write, s));
        return store_.AppendEvent(write, v1::CHANGE_KIND_CREATED, nullptr, id);
      },
      [&](WriteContext& write) { return Answer(write, id); });
}

absl::StatusOr<v1::Story> Stories::GetStory(const v1::GetStoryRequest& request,
                                            const CallContext&) const {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseStoryName("name", request.name()));
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  JISR_ASSIGN_OR_RETURN(StoredStory s, store_.LoadStory(*txn, id, "name"));
  return views_.Story(*txn, s);
}

absl::StatusOr<v1::ListStoriesResponse> Stories::ListStories(const v1::ListStoriesRequest& request,
                                                             const CallContext&) const {
  JISR_ASSIGN_OR_RETURN(Page page, Page::Start(request.page_size(), request.page_token(),
                                               absl::StrCat("stories:", request.show_deleted())));
  storage::StoryQuery query;
  query.include_deleted = request.show_deleted();
  query.limit = page.fetch_limit();
  if (page.after().has_value()) query.after = page.after()->AsPair();
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  JISR_ASSIGN_OR_RETURN(std::vector<storage::StoryRow> rows, txn->ListStories(query));
  v1::ListStoriesResponse response;
  JISR_RETURN_IF_ERROR(
      page.Fill(rows, max_list_bytes_, *response.mutable_stories(),
                [&](const storage::StoryRow& row) -> absl::StatusOr<std::optional<v1::Story>> {
                  JISR_ASSIGN_OR_RETURN(StoredStory s, ArticleStore::ParseStory(row));
                  JISR_ASSIGN_OR_RETURN(v1::Story view, views_.Story(*txn, s));
                  return std::optional<v1::Story>(std::move(view));
                }));
  response.set_next_page_token(page.NextToken(rows, [](const storage::StoryRow& row) {
    return PagePosition{row.modify_micros, row.id};
  }));
  return response;
}

absl::StatusOr<v1::Story> Stories::UpdateStory(const v1::UpdateStoryRequest& request,
                                               const CallContext& caller) const {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseStoryName("story.name", request.story().name()));
  JISR_ASSIGN_OR_RETURN(const StoryMask mask, ReadStoryMask(request));
  JISR_ASSIGN_OR_RETURN(const v1::Story input, ReadStoryUpdate(request, mask, config_));
  return runner_.Run<v1::Story>(
      CallOf("UpdateStory", request, caller),
      [&](WriteContext& write) -> absl::Status {
        JISR_ASSIGN_OR_RETURN(StoredStory s,
                              store_.LoadStoryToChange(write.txn(), id, "story.name", "story.etag",
                                                       request.story().etag()));
        const v1::Story before = s.story;
        if (mask.title) s.story.set_title(input.title());
        if (mask.x_default_language) s.story.set_x_default_language(input.x_default_language());
        if (google::protobuf::util::MessageDifferencer::Equals(before, s.story)) {
          return absl::OkStatus();  // nothing changed: no new etag, no event
        }
        JISR_RETURN_IF_ERROR(store_.SaveStory(write, s));
        return store_.AppendEvent(write, v1::CHANGE_KIND_STORY_UPDATED, nullptr, id);
      },
      [&](WriteContext& write) { return Answer(write, id); });
}

absl::StatusOr<v1::Story> Stories::DeleteStory(const v1::DeleteStoryRequest& request,
                                               const CallContext& caller) const {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseStoryName("name", request.name()));
  return runner_.Run<v1::Story>(
      CallOf("DeleteStory", request, caller),
      [&](WriteContext& write) -> absl::Status {
        JISR_ASSIGN_OR_RETURN(StoredStory s, store_.LoadStory(write.txn(), id, "name"));
        JISR_RETURN_IF_ERROR(CheckEtag("etag", request.etag(), s.row.version, s.story.name()));
        if (s.deleted()) {
          return PreconditionError("ALREADY_DELETED", s.story.name(),
                                   absl::StrCat(s.story.name(), " is already deleted"));
        }
        JISR_ASSIGN_OR_RETURN(std::vector<StoredVariant> live,
                              store_.LoadStoryVariants(write.txn(), id, false));
        if (!live.empty() && !request.force()) {
          return PreconditionError(
              "STORY_NOT_EMPTY", s.story.name(),
              absl::StrCat(s.story.name(), " still has ", live.size(),
                           " variant(s): delete them first, or set force to delete them too"));
        }
        // Its variants share the story's delete_time, so an undelete brings back these only.
        for (StoredVariant& v : live) {
          *v.variant.mutable_delete_time() = ToProto(write.now());
          JISR_RETURN_IF_ERROR(store_.SaveVariant(write, v));
          JISR_RETURN_IF_ERROR(store_.AppendEvent(write, v1::CHANGE_KIND_DELETED, &v, id));
          JISR_RETURN_IF_ERROR(store_.AnnounceToReaders(write, v));
        }
        *s.story.mutable_delete_time() = ToProto(write.now());
        JISR_RETURN_IF_ERROR(store_.SaveStory(write, s));
        return store_.AppendEvent(write, v1::CHANGE_KIND_DELETED, nullptr, id);
      },
      [&](WriteContext& write) { return Answer(write, id); });
}

absl::StatusOr<v1::Story> Stories::UndeleteStory(const v1::UndeleteStoryRequest& request,
                                                 const CallContext& caller) const {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseStoryName("name", request.name()));
  return runner_.Run<v1::Story>(
      CallOf("UndeleteStory", request, caller),
      [&](WriteContext& write) -> absl::Status {
        JISR_ASSIGN_OR_RETURN(StoredStory s, store_.LoadStory(write.txn(), id, "name"));
        if (!s.deleted()) {
          return PreconditionError("NOT_DELETED", s.story.name(),
                                   absl::StrCat(s.story.name(), " is not deleted"));
        }
        JISR_ASSIGN_OR_RETURN(std::vector<StoredVariant> variants,
                              store_.LoadStoryVariants(write.txn(), id, true));
        for (StoredVariant& v : variants) {
          // Only the variants deleted together with the story come back with it; a purged
          // one never does.
          if (!v.deleted() || !SameInstant(v.variant.delete_time(), s.story.delete_time()) ||
              v.variant.has_purge()) {
            continue;
          }
          v.variant.clear_delete_time();
          JISR_RETURN_IF_ERROR(store_.SaveVariant(write, v));
          JISR_RETURN_IF_ERROR(store_.AppendEvent(write, v1::CHANGE_KIND_UNDELETED, &v, id));
          JISR_RETURN_IF_ERROR(store_.AnnounceToReaders(write, v));
        }
        s.story.clear_delete_time();
        JISR_RETURN_IF_ERROR(store_.SaveStory(write, s));
        return store_.AppendEvent(write, v1::CHANGE_KIND_UNDELETED, nullptr, id);
      },
      [&](WriteContext& write) { return Answer(write, id); });
}

}  // namespace jisr::articles
