// How jisrctl prints results: readable text by default; with --json, protobuf's canonical JSON
// mapping (lowerCamelCase field names, enums by name, RFC 3339 timestamps, default values
// omitted), the same form --file accepts.
#ifndef JISR_CLIENTS_JISRCTL_OUTPUT_H_
#define JISR_CLIENTS_JISRCTL_OUTPUT_H_

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "google/protobuf/message.h"
#include "google/protobuf/timestamp.pb.h"
#include "jisr/v1/article_service.pb.h"
#include "jisr/v1/events.pb.h"

namespace jisr::jisrctl {

// Protobuf JSON, indented, with a trailing newline.
absl::Status PrintJson(std::ostream& out, const google::protobuf::Message& message);

// Protobuf JSON on one line: one event per line for `watch --json` (JSON Lines).
absl::Status PrintJsonLine(std::ostream& out, const google::protobuf::Message& message);

// RFC 3339 in UTC ("2023-06-19T13:06:00Z"); "" for an unset timestamp.
std::string FormatTime(const google::protobuf::Timestamp& time);

void PrintLanguages(std::ostream& out, const jisr::v1::ListLanguagesResponse& response);
void PrintStory(std::ostream& out, const jisr::v1::Story& story);
void PrintStoryList(std::ostream& out, const jisr::v1::ListStoriesResponse& response);
void PrintVariant(std::ostream& out, const jisr::v1::Variant& variant);
void PrintVariantList(std::ostream& out, const jisr::v1::ListVariantsResponse& response);
void PrintRevision(std::ostream& out, const jisr::v1::Revision& revision);
void PrintRevisionList(std::ostream& out, const jisr::v1::ListRevisionsResponse& response);
void PrintRevisionDiff(std::ostream& out, const jisr::v1::DiffRevisionsResponse& response);
void PrintStaleTranslations(std::ostream& out,
                            const jisr::v1::ListStaleTranslationsResponse& response);
void PrintTranslationDiff(std::ostream& out, const jisr::v1::GetTranslationDiffResponse& response);
void PrintSchedule(std::ostream& out, const jisr::v1::Schedule& schedule);
void PrintScheduleList(std::ostream& out, const jisr::v1::ListSchedulesResponse& response);
void PrintChangeEvent(std::ostream& out, const jisr::v1::ChangeEvent& event);

}  // namespace jisr::jisrctl

#endif  // JISR_CLIENTS_JISRCTL_OUTPUT_H_
