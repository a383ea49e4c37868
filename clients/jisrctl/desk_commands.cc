// jisrctl languages, translations stale|diff, corrections add|dismiss,
// schedules create|get|list|cancel, and watch: the desk's views beyond single variants.
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "clients/jisrctl/arguments.h"
#include "clients/jisrctl/cli.h"
#include "clients/jisrctl/emit.h"
#include "services/common/status_macros.h"

namespace jisr::jisrctl {

absl::Status RunLanguages(Cli& cli) {
  JISR_RETURN_IF_ERROR(ExpectArgs(cli, 0, 0, "languages", "languages"));
  return Emit(cli, cli.client->ListLanguages({}), PrintLanguages);
}

absl::Status RunTranslations(const std::string& subcommand, Cli& cli) {
  if (subcommand == "stale") {
    JISR_RETURN_IF_ERROR(ExpectArgs(cli, 1, 1, "translations stale",
                                    "translations stale LANG [--page-size N] [--limit N]"));
    jisr::v1::ListStaleTranslationsRequest request;
    request.set_language(cli.args[0]);
    return Emit(cli,
                CollectPages<jisr::v1::ListStaleTranslationsRequest,
                             jisr::v1::ListStaleTranslationsResponse>(
                    cli, request,
                    [&cli](const jisr::v1::ListStaleTranslationsRequest& r) {
                      return cli.client->ListStaleTranslations(r);
                    },
                    [](jisr::v1::ListStaleTranslationsResponse& r) { return r.mutable_variants(); },
                    "translations"),
                PrintStaleTranslations);
  }
  if (subcommand == "diff") {
    JISR_RETURN_IF_ERROR(ExpectArgs(cli, 1, 1, "translations diff", "translations diff VARIANT"));
    jisr::v1::GetTranslationDiffRequest request;
    request.set_name(VariantName(cli.args[0]));
    return Emit(cli, cli.client->GetTranslationDiff(request), PrintTranslationDiff);
  }
  return UsageError("translations", absl::StrCat("unknown translations command \"", subcommand,
                                                 "\": use stale or diff"));
}

absl::Status RunCorrections(const std::string& subcommand, Cli& cli) {
  if (subcommand == "add") {
    JISR_RETURN_IF_ERROR(ExpectArgs(cli, 1, 1, "corrections add",
                                    "corrections add VARIANT --text T [--kind K] [--matches ID]"));
    if (cli.flags.text.empty()) {
      return UsageError("corrections add", "--text is required: the notice as readers see it");
    }
    jisr::v1::AddCorrectionRequest request;
    request.set_name(VariantName(cli.args[0]));
    request.mutable_correction()->set_text(cli.flags.text);
    request.mutable_correction()->set_matches(cli.flags.matches);
    if (!cli.flags.kind.empty()) {
      JISR_ASSIGN_OR_RETURN(auto kind, ParseCorrectionKind("corrections add", cli.flags.kind));
      request.mutable_correction()->set_kind(kind);
    }
    request.set_etag(cli.flags.etag);
    request.set_request_id(cli.RequestId());
    return Emit(cli, cli.client->AddCorrection(request), PrintVariant);
  }
  if (subcommand == "dismiss") {
    JISR_RETURN_IF_ERROR(
        ExpectArgs(cli, 2, 2, "corrections dismiss", "corrections dismiss VARIANT CORRECTION_ID"));
    jisr::v1::DismissCorrectionRequest request;
    request.set_name(VariantName(cli.args[0]));
    request.set_correction_id(cli.args[1]);
    request.set_request_id(cli.RequestId());
    return Emit(cli, cli.client->DismissCorrection(request), PrintVariant);
  }
  return UsageError("corrections", absl::StrCat("unknown corrections command \"", subcommand,
                                                "\": use add or dismiss"));
}

absl::Status RunSchedules(const std::string& subcommand, Cli& cli) {
  if (subcommand == "create") {
    JISR_RETURN_IF_ERROR(ExpectArgs(cli, 1, 20, "schedules create",
                                    "schedules create VARIANT [VARIANT...] --action A --due T"));
    if (cli.flags.action.empty() || cli.flags.due.empty()) {
      return UsageError("schedules create",
                        "--action (publish or unpublish) and --due (an RFC 3339 time) are "
                        "required");
    }
    jisr::v1::CreateScheduleRequest request;
    jisr::v1::Schedule* schedule = request.mutable_schedule();
    for (const std::string& arg : cli.args) schedule->add_variants(VariantName(arg));
    JISR_ASSIGN_OR_RETURN(auto action, ParseScheduleAction("schedules create", cli.flags.action));
    schedule->set_action(action);
    JISR_ASSIGN_OR_RETURN(*schedule->mutable_due_time(),
                          ParseTimestamp("schedules create", "--due", cli.flags.due));
    request.set_request_id(cli.RequestId());
    return Emit(cli, cli.client->CreateSchedule(request), PrintSchedule);
  }
  if (subcommand == "get" || subcommand == "cancel") {
    const std::string command = absl::StrCat("schedules ", subcommand);
    JISR_RETURN_IF_ERROR(ExpectArgs(cli, 1, 1, command, command + " SCHEDULE"));
    if (subcommand == "get") {
      jisr::v1::GetScheduleRequest request;
      request.set_name(ScheduleName(cli.args[0]));
      return Emit(cli, cli.client->GetSchedule(request), PrintSchedule);
    }
    jisr::v1::CancelScheduleRequest request;
    request.set_name(ScheduleName(cli.args[0]));
    request.set_request_id(cli.RequestId());
    return Emit(cli, cli.client->CancelSchedule(request), PrintSchedule);
  }
  if (subcommand == "list") {
    JISR_RETURN_IF_ERROR(
        ExpectArgs(cli, 0, 0, "schedules list", "schedules list [--state S] [--variant VARIANT]"));
    jisr::v1::ListSchedulesRequest request;
    if (!cli.flags.state.empty()) {
      JISR_ASSIGN_OR_RETURN(auto state, ParseScheduleState("schedules list", cli.flags.state));
      request.set_state(state);
    }
    if (!cli.flags.variant.empty()) request.set_variant(VariantName(cli.flags.variant));
    return Emit(
        cli,
        CollectPages<jisr::v1::ListSchedulesRequest, jisr::v1::ListSchedulesResponse>(
            cli, request,
            [&cli](const jisr::v1::ListSchedulesRequest& r) {
              return cli.client->ListSchedules(r);
            },
            [](jisr::v1::ListSchedulesResponse& r) { return r.mutable_schedules(); }, "schedules"),
        PrintScheduleList);
  }
  return UsageError("schedules", absl::StrCat("unknown schedules command \"", subcommand,
                                              "\": use create, get, list or cancel"));
}

absl::Status RunWatch(Cli& cli) {
  JISR_RETURN_IF_ERROR(ExpectArgs(cli, 0, 0, "watch", "watch [--cursor C] [--from-oldest]"));
  jisr::v1::WatchRequest request;
  request.set_cursor(cli.flags.cursor);
  request.set_from_oldest(cli.flags.from_oldest);
  for (const std::string& language : cli.flags.languages) request.add_languages(language);
  for (const std::string& kind : cli.flags.kinds) {
    JISR_ASSIGN_OR_RETURN(auto change_kind, ParseChangeKind("watch", kind));
    request.add_kinds(change_kind);
  }
  cli.Progress("watching for changes; Ctrl-C stops");
  // Follows the feed across server restarts and replica shutdowns, saying so on stderr.
  jisr::client::ArticleClient::FollowOptions follow;
  bool reconnected = false;
  follow.on_reconnecting = [&](const absl::Status& why, absl::Duration retry_in) {
    reconnected = true;
    cli.Progress(absl::StrCat("the stream ended (", absl::StatusCodeToString(why.code()), ": ",
                              why.message(), "); reconnecting in ",
                              absl::FormatDuration(absl::Trunc(retry_in, absl::Milliseconds(1)))));
  };
  follow.on_connected = [&](const std::string& cursor) {
    if (reconnected) cli.Progress(absl::StrCat("reconnected; continuing after cursor ", cursor));
  };
  int seen = 0;
  absl::Status print_status;
  absl::Status status = cli.client->Follow(
      request,
      [&](const jisr::v1::ChangeEvent& event) {
        if (cli.json) {
          print_status = PrintJsonLine(*cli.out, event);
        } else {
          PrintChangeEvent(*cli.out, event);
        }
        ++seen;
        return print_status.ok() && (cli.flags.limit == 0 || seen < cli.flags.limit);
      },
      follow);
  JISR_RETURN_IF_ERROR(print_status);
  return status;
}

}  // namespace jisr::jisrctl
