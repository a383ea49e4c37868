// jisrctl revisions list|get|diff|restore.
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clients/jisrctl/arguments.h"
#include "clients/jisrctl/cli.h"
#include "clients/jisrctl/emit.h"
#include "services/common/status_macros.h"

namespace jisr::jisrctl {
namespace {

// "VARIANT N" or one full "variants/x/revisions/N".
absl::StatusOr<std::string> RevisionName(const Cli& cli, absl::string_view command) {
  if (cli.args.size() == 1 && absl::StrContains(cli.args[0], "/revisions/")) return cli.args[0];
  if (cli.args.size() != 2) {
    return UsageError(command, absl::StrCat("expected `jisrctl ", command,
                                            " VARIANT N` or a full revision name such as "
                                            "variants/blinken-en/revisions/3"));
  }
  JISR_ASSIGN_OR_RETURN(const int64_t number, ParseRevisionNumber(command, cli.args[1]));
  return absl::StrCat(VariantName(cli.args[0]), "/revisions/", number);
}

absl::Status List(Cli& cli) {
  JISR_RETURN_IF_ERROR(ExpectArgs(cli, 1, 1, "revisions list",
                                  "revisions list VARIANT [--full] [--page-size N] [--limit N]"));
  jisr::v1::ListRevisionsRequest request;
  request.set_parent(VariantName(cli.args[0]));
  request.set_view(cli.flags.full ? jisr::v1::REVISION_VIEW_FULL : jisr::v1::REVISION_VIEW_BASIC);
  return Emit(
      cli,
      CollectPages<jisr::v1::ListRevisionsRequest, jisr::v1::ListRevisionsResponse>(
          cli, request,
          [&cli](const jisr::v1::ListRevisionsRequest& r) { return cli.client->ListRevisions(r); },
          [](jisr::v1::ListRevisionsResponse& r) { return r.mutable_revisions(); }, "revisions"),
      PrintRevisionList);
}

absl::Status Get(Cli& cli) {
  jisr::v1::GetRevisionRequest request;
  JISR_ASSIGN_OR_RETURN(*request.mutable_name(), RevisionName(cli, "revisions get"));
  return Emit(cli, cli.client->GetRevision(request), PrintRevision);
}

absl::Status Diff(Cli& cli) {
  JISR_RETURN_IF_ERROR(ExpectArgs(cli, 2, 3, "revisions diff", "revisions diff VARIANT FROM [TO]"));
  jisr::v1::DiffRevisionsRequest request;
  request.set_name(VariantName(cli.args[0]));
  JISR_ASSIGN_OR_RETURN(const int64_t from, ParseRevisionNumber("revisions diff", cli.args[1]));
  request.set_from_revision(from);
  if (cli.args.size() == 3) {
    JISR_ASSIGN_OR_RETURN(const int64_t to, ParseRevisionNumber("revisions diff", cli.args[2]));
    request.set_to_revision(to);
  }
  return Emit(cli, cli.client->DiffRevisions(request), PrintRevisionDiff);
}

absl::Status Restore(Cli& cli) {
  jisr::v1::RestoreRevisionRequest request;
  JISR_ASSIGN_OR_RETURN(*request.mutable_name(), RevisionName(cli, "revisions restore"));
  request.set_etag(cli.flags.etag);
  request.set_change_note(cli.flags.note);
  request.set_significance(cli.flags.minor ? jisr::v1::CHANGE_SIGNIFICANCE_MINOR
                                           : jisr::v1::CHANGE_SIGNIFICANCE_SIGNIFICANT);
  request.set_request_id(cli.RequestId());
  return Emit(cli, cli.client->RestoreRevision(request), PrintVariant);
}

}  // namespace

absl::Status RunRevisions(const std::string& subcommand, Cli& cli) {
  if (subcommand == "list") return List(cli);
  if (subcommand == "get") return Get(cli);
  if (subcommand == "diff") return Diff(cli);
  if (subcommand == "restore") return Restore(cli);
  return UsageError("revisions", absl::StrCat("unknown revisions command \"", subcommand,
                                              "\": use list, get, diff or restore"));
}

}  // namespace jisr::jisrctl
