// jisrctl story create|get|list|update|delete|undelete.
#include "clients/jisrctl/arguments.h"
#include "clients/jisrctl/cli.h"
#include "clients/jisrctl/emit.h"
#include "services/common/status_macros.h"

namespace jisr::jisrctl {
namespace {

absl::Status Create(Cli& cli) {
  JISR_RETURN_IF_ERROR(ExpectArgs(cli, 0, 0, "story create",
                                  "story create [--title T] [--x-default LANG] [--id ID]"));
  jisr::v1::CreateStoryRequest request;
  if (cli.flags.title) request.mutable_story()->set_title(*cli.flags.title);
  if (cli.flags.x_default) request.mutable_story()->set_x_default_language(*cli.flags.x_default);
  request.set_story_id(cli.flags.id);
  request.set_validate_only(cli.flags.validate_only);
  request.set_request_id(cli.RequestId());
  return Emit(cli, cli.client->CreateStory(request), PrintStory);
}

absl::Status Get(Cli& cli) {
  JISR_RETURN_IF_ERROR(ExpectArgs(cli, 1, 1, "story get", "story get STORY"));
  jisr::v1::GetStoryRequest request;
  request.set_name(StoryName(cli.args[0]));
  return Emit(cli, cli.client->GetStory(request), PrintStory);
}

absl::Status List(Cli& cli) {
  JISR_RETURN_IF_ERROR(ExpectArgs(cli, 0, 0, "story list",
                                  "story list [--show-deleted] [--page-size N] [--limit N]"));
  jisr::v1::ListStoriesRequest request;
  request.set_show_deleted(cli.flags.show_deleted);
  return Emit(
      cli,
      CollectPages<jisr::v1::ListStoriesRequest, jisr::v1::ListStoriesResponse>(
          cli, request,
          [&cli](const jisr::v1::ListStoriesRequest& r) { return cli.client->ListStories(r); },
          [](jisr::v1::ListStoriesResponse& r) { return r.mutable_stories(); }, "stories"),
      PrintStoryList);
}

absl::Status Update(Cli& cli) {
  JISR_RETURN_IF_ERROR(ExpectArgs(cli, 1, 1, "story update",
                                  "story update STORY [--title T] [--x-default LANG] [--etag E]"));
  jisr::v1::UpdateStoryRequest request;
  request.mutable_story()->set_name(StoryName(cli.args[0]));
  request.mutable_story()->set_etag(cli.flags.etag);
  if (cli.flags.title) {
    request.mutable_story()->set_title(*cli.flags.title);
    request.mutable_update_mask()->add_paths("title");
  }
  if (cli.flags.x_default) {
    request.mutable_story()->set_x_default_language(*cli.flags.x_default);
    request.mutable_update_mask()->add_paths("x_default_language");
  }
  if (request.update_mask().paths_size() == 0) {
    return UsageError("story update", "nothing to change: pass --title and/or --x-default");
  }
  request.set_request_id(cli.RequestId());
  return Emit(cli, cli.client->UpdateStory(request), PrintStory);
}

absl::Status Delete(Cli& cli) {
  JISR_RETURN_IF_ERROR(
      ExpectArgs(cli, 1, 1, "story delete", "story delete STORY [--force] [--etag E]"));
  jisr::v1::DeleteStoryRequest request;
  request.set_name(StoryName(cli.args[0]));
  request.set_etag(cli.flags.etag);
  request.set_force(cli.flags.force);
  request.set_request_id(cli.RequestId());
  return Emit(cli, cli.client->DeleteStory(request), PrintStory);
}

absl::Status Undelete(Cli& cli) {
  JISR_RETURN_IF_ERROR(ExpectArgs(cli, 1, 1, "story undelete", "story undelete STORY"));
  jisr::v1::UndeleteStoryRequest request;
  request.set_name(StoryName(cli.args[0]));
  request.set_request_id(cli.RequestId());
  return Emit(cli, cli.client->UndeleteStory(request), PrintStory);
}

}  // namespace

absl::Status RunStory(const std::string& subcommand, Cli& cli) {
  if (subcommand == "create") return Create(cli);
  if (subcommand == "get") return Get(cli);
  if (subcommand == "list") return List(cli);
  if (subcommand == "update") return Update(cli);
  if (subcommand == "delete") return Delete(cli);
  if (subcommand == "undelete") return Undelete(cli);
  return UsageError("story", absl::StrCat("unknown story command \"", subcommand,
                                          "\": use create, get, list, update, delete or "
                                          "undelete"));
}

}  // namespace jisr::jisrctl
