#include "clients/jisrctl/error_report.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/jisrctl/arguments.h"
#include "services/common/errors.h"

namespace jisr::jisrctl {
namespace {

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
      return "say who you are with --author or JISR_AUTHOR, such as w.lowry@newsroom";
    case absl::StatusCode::kUnavailable:
      return absl::StrCat("is jisrd running at ", context.server,
                          "? start it or point --server (or JISR_SERVER) at it; retrying is safe "
                          "(a change with the same --request-id; an import as it is)");
    case absl::StatusCode::kDeadlineExceeded:
      return absl::StrCat("no answer within --deadline=", absl::FormatDuration(context.deadline),
                          ": raise it, or check the server; retrying is safe (a change with the "
                          "same --request-id; an import as it is)");
    case absl::StatusCode::kOutOfRange:
      return "the cursor is older than the feed keeps: start again with --from-oldest or without "
             "--cursor";
    default:
      return "";
  }
}

}  // namespace

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
  const std::string hint = Hint(status, reason, context);
  if (!hint.empty()) err << "hint: " << hint << "\n";
  return kExitFailure;
}

}  // namespace jisr::jisrctl
