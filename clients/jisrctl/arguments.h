// Reading jisrctl's arguments: resource names in short or full form, enum values, times, input
// files, and usage errors that tell the person which help to read.
#ifndef JISR_CLIENTS_JISRCTL_ARGUMENTS_H_
#define JISR_CLIENTS_JISRCTL_ARGUMENTS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/jisrctl/cli.h"
#include "google/protobuf/timestamp.pb.h"
#include "jisr/v1/article_service.pb.h"

namespace jisr::jisrctl {

// INVALID_ARGUMENT marked as a usage mistake in `command` ("variant get"), so the report points
// at `jisrctl help <command>` and the exit code is 2.
absl::Status UsageError(absl::string_view command, absl::string_view message);
bool IsUsageError(const absl::Status& status);
std::string UsageCommand(const absl::Status& status);

// A usage error unless cli.args has between `min` and `max` entries; `synopsis` is the
// command's usage line, quoted in the error.
absl::Status ExpectArgs(const Cli& cli, size_t min, size_t max, absl::string_view command,
                        absl::string_view synopsis);

// "blinken-en" -> "variants/blinken-en"; a full name is kept as given.
std::string VariantName(absl::string_view arg);
// "blinken" -> "stories/blinken".
std::string StoryName(absl::string_view arg);
// "x" -> "schedules/x".
std::string ScheduleName(absl::string_view arg);

absl::StatusOr<jisr::v1::VariantView> ParseVariantView(absl::string_view command,
                                                       absl::string_view view);
absl::StatusOr<jisr::v1::VariantState> ParseVariantState(absl::string_view command,
                                                         absl::string_view state);
absl::StatusOr<jisr::v1::ScheduleState> ParseScheduleState(absl::string_view command,
                                                           absl::string_view state);
absl::StatusOr<jisr::v1::ScheduleAction> ParseScheduleAction(absl::string_view command,
                                                             absl::string_view action);
absl::StatusOr<jisr::v1::CorrectionKind> ParseCorrectionKind(absl::string_view command,
                                                             absl::string_view kind);
absl::StatusOr<jisr::v1::ChangeKind> ParseChangeKind(absl::string_view command,
                                                     absl::string_view kind);
absl::StatusOr<int64_t> ParseRevisionNumber(absl::string_view command, absl::string_view text);

// An RFC 3339 time such as "2023-06-19T13:06:00Z" or "2023-06-19T17:06:00+04:00".
absl::StatusOr<google::protobuf::Timestamp> ParseTimestamp(absl::string_view command,
                                                           absl::string_view flag,
                                                           absl::string_view text);

// The whole file, or stdin for "-".
absl::StatusOr<std::string> ReadInput(absl::string_view path);

}  // namespace jisr::jisrctl

#endif  // JISR_CLIENTS_JISRCTL_ARGUMENTS_H_
