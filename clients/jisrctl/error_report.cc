#include "clients/jisrctl/error_report.h"

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clients/jisrctl/arguments.h"
#include "services/common/errors.h"

namespace jisr::jisrctl {
namespace {

// Marks a status as a connection-option mistake (see ConnectionSetupError).
constexpr char kSetupPayload[] = "jisrctl/connection-setup";

constexpr char kSendCredentials[] = "send credentials: --token-file or --tls-cert/--tls-key";

// Why the server did not take the caller's credentials, and what to do: the reason tells "get a
// new token" from "send some" from "this server takes none".
std::string UnauthenticatedHint(const std::string& reason) {
  if (reason == "TOKEN_EXPIRED" || reason == "TOKEN_NOT_YET_VALID") {
    return "the token in --token-file is expired or not valid yet: get a new one from the "
           "newsroom's identity provider (and check this machine's clock)";
  }
  if (reason == "TOKENS_NOT_ACCEPTED") {
    return "this server takes no bearer tokens: use a client certificate, --tls-cert/--tls-key";
  }
  if (absl::StartsWith(reason, "TOKEN_")) {
    return "the server cannot verify the token in --token-file: check that it is this "
           "newsroom's, whole and unchanged, or use --tls-cert/--tls-key";
  }
  return kSendCredentials;
}

// Which permission the caller lacks, from the ErrorInfo metadata jisrd sends with the refusal.
std::string PermissionDeniedHint(const absl::Status& status, const std::string& reason) {
  const std::string permission = jisr::ErrorMetadata(status, "permission");
  const std::string lacking =
      permission.empty() ? "the permission this needs" : absl::StrCat("\"", permission, "\"");
  if (reason == "LANGUAGE_NOT_GRANTED") {
    return absl::StrCat("your credentials hold ", lacking,
                        " for other languages only: a desk changes variants in its own "
                        "languages; ask an editor, or the newsroom's administrators for this one");
  }
  return absl::StrCat("your credentials lack ", lacking,
                      ": ask the newsroom's administrators for a role that grants it, or use "
                      "credentials that hold it (--token-file, --tls-cert/--tls-key)");
}

std::string Hint(const absl::Status& status, const std::string& reason,
                 const ReportContext& context) {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
      return "fix the fields named above and run the command again";
    case absl::StatusCode::kNotFound:
      if (reason == "NOT_PUBLISHED") {
        return "it exists but readers cannot see it: add --view latest to see the draft";
      }
      return "check the name: `jisrctl story list` and `jisrctl variant list` show what exists";
    case absl::StatusCode::kAlreadyExists:
      return "choose another --id or slug, or get the existing one and update it instead";
    case absl::StatusCode::kFailedPrecondition:
      return "its current state does not allow this: look at it with `jisrctl variant get NAME "
             "--view latest` (or `jisrctl story get NAME`)";
    case absl::StatusCode::kAborted:
      return "it changed since you read it: get it again, re-apply your change, and pass the new "
             "--etag";
    case absl::StatusCode::kUnauthenticated:
      return UnauthenticatedHint(reason);
    case absl::StatusCode::kPermissionDenied:
      return PermissionDeniedHint(status, reason);
    case absl::StatusCode::kUnavailable:
      return absl::StrCat("is jisrd running at ", context.server,
                          "? start it or point --server (or JISR_SERVER) at it; retrying is safe "
                          "(a change with the same --request-id; an import as it is)");
    case absl::StatusCode::kDeadlineExceeded:
      return absl::StrCat("no answer within --deadline=", absl::FormatDuration(context.deadline),
                          ": raise it, or check the server; retrying is safe (a change with the "
                          "same --request-id; an import as it is)");
    case absl::StatusCode::kOutOfRange:
      return "the events after this cursor are no longer kept (jisrd --event_retention): "
             "re-sync what you keep (`jisrctl variant list`), then watch without --cursor";
    default:
      return "";
  }
}

}  // namespace

absl::Status ConnectionSetupError(absl::Status status) {
  status.SetPayload(kSetupPayload, absl::Cord("1"));
  return status;
}

int ReportError(std::ostream& err, const absl::Status& status, const ReportContext& context) {
  err << "jisrctl: " << absl::StatusCodeToString(status.code()) << ": " << status.message() << "\n";
  if (IsUsageError(status)) {
    const std::string command = UsageCommand(status);
    err << "hint: run `jisrctl help" << (command.empty() ? "" : " ") << command
        << "` for the syntax\n";
    return kExitUsage;
  }
  const std::string reason = jisr::ErrorReason(status);
  if (!reason.empty()) err << "  reason: " << reason << "\n";
  for (const jisr::FieldViolation& violation : jisr::FieldViolationsOf(status)) {
    err << "  " << violation.field << ": " << violation.description << "\n";
  }
  const std::string hint =
      status.GetPayload(kSetupPayload).has_value()
          ? "check the connection flags: --server, --token-file (or $JISR_TOKEN_FILE), --tls, "
            "--tls-roots, --tls-cert, --tls-key (`jisrctl help`)"
          : Hint(status, reason, context);
  if (!hint.empty()) err << "hint: " << hint << "\n";
  return kExitFailure;
}

}  // namespace jisr::jisrctl
