#include "clients/jisrctl/arguments.h"

#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "google/protobuf/util/time_util.h"

namespace jisr::jisrctl {
namespace {

// Marks a status as a usage mistake; the value is the command whose help applies.
constexpr char kUsagePayload[] = "jisrctl/usage";

std::string WithPrefix(absl::string_view collection, absl::string_view arg) {
  if (absl::StrContains(arg, '/')) return std::string(arg);
  return absl::StrCat(collection, "/", arg);
}

// Looks `value` up among `names` (lower case, the enum's short names) for enum values.
template <typename Enum>
absl::StatusOr<Enum> ParseEnum(absl::string_view command, absl::string_view what,
                               absl::string_view value,
                               const std::vector<std::pair<const char*, Enum>>& names) {
  const std::string lower = absl::AsciiStrToLower(value);
  std::vector<std::string> known;
  for (const auto& [name, enum_value] : names) {
    if (lower == name) return enum_value;
    known.push_back(name);
  }
  return UsageError(
      command, absl::StrCat(what, " \"", value, "\" is not one of: ", absl::StrJoin(known, ", ")));
}

}  // namespace

absl::Status UsageError(absl::string_view command, absl::string_view message) {
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kUsagePayload, absl::Cord(command));
  return status;
}

bool IsUsageError(const absl::Status& status) {
  return status.GetPayload(kUsagePayload).has_value();
}

std::string UsageCommand(const absl::Status& status) {
  auto payload = status.GetPayload(kUsagePayload);
  return payload.has_value() ? std::string(*payload) : "";
}

absl::Status ExpectArgs(const Cli& cli, size_t min, size_t max, absl::string_view command,
                        absl::string_view synopsis) {
  if (cli.args.size() >= min && cli.args.size() <= max) return absl::OkStatus();
  return UsageError(
      command, absl::StrCat("expected `jisrctl ", synopsis, "`, got ", cli.args.size(), " argument",
                            cli.args.size() == 1 ? "" : "s", " after \"", command, "\""));
}

std::string VariantName(absl::string_view arg) { return WithPrefix("variants", arg); }
std::string StoryName(absl::string_view arg) { return WithPrefix("stories", arg); }
std::string ScheduleName(absl::string_view arg) { return WithPrefix("schedules", arg); }

absl::StatusOr<jisr::v1::VariantView> ParseVariantView(absl::string_view command,
                                                       absl::string_view view) {
  return ParseEnum<jisr::v1::VariantView>(command, "--view", view,
                                          {{"published", jisr::v1::VARIANT_VIEW_PUBLISHED},
                                           {"latest", jisr::v1::VARIANT_VIEW_LATEST},
                                           {"basic", jisr::v1::VARIANT_VIEW_BASIC}});
}

absl::StatusOr<jisr::v1::VariantState> ParseVariantState(absl::string_view command,
                                                         absl::string_view state) {
  return ParseEnum<jisr::v1::VariantState>(command, "--state", state,
                                           {{"draft", jisr::v1::VARIANT_STATE_DRAFT},
                                            {"published", jisr::v1::VARIANT_STATE_PUBLISHED},
                                            {"unpublished", jisr::v1::VARIANT_STATE_UNPUBLISHED}});
}

absl::StatusOr<jisr::v1::ScheduleState> ParseScheduleState(absl::string_view command,
                                                           absl::string_view state) {
  return ParseEnum<jisr::v1::ScheduleState>(command, "--state", state,
                                            {{"pending", jisr::v1::SCHEDULE_STATE_PENDING},
                                             {"done", jisr::v1::SCHEDULE_STATE_DONE},
                                             {"canceled", jisr::v1::SCHEDULE_STATE_CANCELED},
                                             {"failed", jisr::v1::SCHEDULE_STATE_FAILED}});
}

absl::StatusOr<jisr::v1::ScheduleAction> ParseScheduleAction(absl::string_view command,
                                                             absl::string_view action) {
  return ParseEnum<jisr::v1::ScheduleAction>(command, "--action", action,
                                             {{"publish", jisr::v1::SCHEDULE_ACTION_PUBLISH},
                                              {"unpublish", jisr::v1::SCHEDULE_ACTION_UNPUBLISH}});
}

absl::StatusOr<jisr::v1::CorrectionKind> ParseCorrectionKind(absl::string_view command,
                                                             absl::string_view kind) {
  return ParseEnum<jisr::v1::CorrectionKind>(
      command, "--kind", kind,
      {{"correction", jisr::v1::CORRECTION_KIND_CORRECTION},
       {"clarification", jisr::v1::CORRECTION_KIND_CLARIFICATION}});
}

absl::StatusOr<jisr::v1::ChangeKind> ParseChangeKind(absl::string_view command,
                                                     absl::string_view kind) {
  return ParseEnum<jisr::v1::ChangeKind>(command, "--kinds entry", kind,
                                         {{"created", jisr::v1::CHANGE_KIND_CREATED},
                                          {"updated", jisr::v1::CHANGE_KIND_UPDATED},
                                          {"published", jisr::v1::CHANGE_KIND_PUBLISHED},
                                          {"unpublished", jisr::v1::CHANGE_KIND_UNPUBLISHED},
                                          {"scheduled", jisr::v1::CHANGE_KIND_SCHEDULED},
                                          {"linked", jisr::v1::CHANGE_KIND_LINKED},
                                          {"unlinked", jisr::v1::CHANGE_KIND_UNLINKED},
                                          {"became_stale", jisr::v1::CHANGE_KIND_BECAME_STALE},
                                          {"became_current", jisr::v1::CHANGE_KIND_BECAME_CURRENT},
                                          {"corrected", jisr::v1::CHANGE_KIND_CORRECTED},
                                          {"deleted", jisr::v1::CHANGE_KIND_DELETED},
                                          {"undeleted", jisr::v1::CHANGE_KIND_UNDELETED},
                                          {"story_updated", jisr::v1::CHANGE_KIND_STORY_UPDATED}});
}

absl::StatusOr<int64_t> ParseRevisionNumber(absl::string_view command, absl::string_view text) {
  int64_t number = 0;
  if (!absl::SimpleAtoi(text, &number) || number < 1) {
    return UsageError(command,
                      absl::StrCat("\"", text,
                                   "\" is not a revision number: revisions are "
                                   "numbered 1, 2, 3, ... (see `jisrctl revisions list`)"));
  }
  return number;
}

absl::StatusOr<google::protobuf::Timestamp> ParseTimestamp(absl::string_view command,
                                                           absl::string_view flag,
                                                           absl::string_view text) {
  absl::Time time;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, text, &time, &error)) {
    return UsageError(command, absl::StrCat(flag, " \"", text,
                                            "\" is not an RFC 3339 time: write it like "
                                            "2023-06-19T13:06:00Z or 2023-06-19T17:06:00+04:00"));
  }
  google::protobuf::Timestamp timestamp;
  const absl::Duration since_epoch = time - absl::UnixEpoch();
  timestamp.set_seconds(absl::ToInt64Seconds(since_epoch));
  timestamp.set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(since_epoch - absl::Seconds(timestamp.seconds()))));
  return timestamp;
}

absl::StatusOr<std::string> ReadInput(absl::string_view path) {
  std::ostringstream contents;
  if (path == "-") {
    contents << std::cin.rdbuf();
    return contents.str();
  }
  std::ifstream in{std::string(path), std::ios::binary};
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("cannot open \"", path, "\": check the path and that the file is readable"));
  }
  contents << in.rdbuf();
  return contents.str();
}

}  // namespace jisr::jisrctl
