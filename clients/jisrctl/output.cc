#include "clients/jisrctl/output.h"

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"

namespace jisr::jisrctl {
namespace {

using ::google::protobuf::util::TimeUtil;

constexpr int kLabelWidth = 18;

// "VARIANT_STATE_PUBLISHED" -> "published".
std::string Short(const std::string& enum_name, absl::string_view prefix) {
  absl::string_view name = enum_name;
  absl::ConsumePrefix(&name, prefix);
  return absl::AsciiStrToLower(name);
}

void Field(std::ostream& out, absl::string_view label, absl::string_view value) {
  if (value.empty()) return;
  std::string padded = absl::StrCat("  ", label, ":");
  if (padded.size() < kLabelWidth) padded.resize(kLabelWidth, ' ');
  out << padded << " " << value << "\n";
}

// "principal (display name)": who the credentials proved, and the name editors know them by.
std::string Author(const std::string& principal, const std::string& name) {
  return name.empty() || name == principal ? principal : absl::StrCat(principal, " (", name, ")");
}

std::string Direction(jisr::v1::TextDirection direction) {
  switch (direction) {
    case jisr::v1::TEXT_DIRECTION_LEFT_TO_RIGHT:
      return "left to right";
    case jisr::v1::TEXT_DIRECTION_RIGHT_TO_LEFT:
      return "right to left";
    default:
      return "";
  }
}

std::string State(jisr::v1::VariantState state) {
  return Short(jisr::v1::VariantState_Name(state), "VARIANT_STATE_");
}

void PrintBlock(std::ostream& out, const jisr::v1::Block& block) {
  std::string head = absl::StrCat("    ", block.id());
  if (!block.source_block_id().empty())
    absl::StrAppend(&head, " (from ", block.source_block_id(), ")");
  out << head << "  ";
  switch (block.kind_case()) {
    case jisr::v1::Block::kParagraph:
      out << block.paragraph().text() << "\n";
      break;
    case jisr::v1::Block::kHeading:
      out << std::string(std::max(2, block.heading().level()), '#') << " " << block.heading().text()
          << "\n";
      break;
    case jisr::v1::Block::kQuote:
      out << "[quote] " << block.quote().text();
      if (!block.quote().attribution().empty()) out << " — " << block.quote().attribution();
      out << "\n";
      break;
    case jisr::v1::Block::kImage:
      out << "[image] " << block.image().caption();
      if (!block.image().credit().empty()) out << " (" << block.image().credit() << ")";
      out << " " << block.image().url() << "\n";
      break;
    case jisr::v1::Block::kList: {
      out << "[" << (block.list().ordered() ? "numbered" : "bulleted") << " list]\n";
      int n = 0;
      for (const std::string& item : block.list().items()) {
        out << "        " << (block.list().ordered() ? absl::StrCat(++n, ".") : "•") << " " << item
            << "\n";
      }
      break;
    }
    case jisr::v1::Block::kFactBox:
      out << "[fact box] " << block.fact_box().title() << "\n";
      for (const auto& entry : block.fact_box().entries()) {
        out << "        " << entry.label() << ": " << entry.value() << "\n";
      }
      break;
    case jisr::v1::Block::kEmbed:
      out << "[embed] " << block.embed().provider() << " " << block.embed().title() << " "
          << block.embed().url() << "\n";
      break;
    case jisr::v1::Block::KIND_NOT_SET:
      out << "[empty block]\n";
      break;
  }
}

std::string TranslationSummary(const jisr::v1::Variant& variant) {
  if (variant.translation_source().variant().empty()) return "";
  std::string summary = absl::StrCat("of ", variant.translation_source().variant(), " revision ",
                                     variant.translation_source().revision());
  const jisr::v1::TranslationStatus& status = variant.translation_status();
  if (status.state() == jisr::v1::TRANSLATION_STATE_STALE) {
    absl::StrAppend(&summary, "; stale");
    if (status.has_stale_since()) {
      absl::StrAppend(&summary, " since ", FormatTime(status.stale_since()));
    }
    if (status.changed_source_blocks_size() > 0) {
      absl::StrAppend(&summary, "; source blocks changed: ",
                      absl::StrJoin(status.changed_source_blocks(), ", "));
    }
    if (status.changed_source_fields_size() > 0) {
      absl::StrAppend(&summary, "; source fields changed: ",
                      absl::StrJoin(status.changed_source_fields(), ", "));
    }
  } else if (status.state() == jisr::v1::TRANSLATION_STATE_CURRENT) {
    absl::StrAppend(&summary, "; current");
  }
  return summary;
}

std::string CorrectionLine(const jisr::v1::Correction& correction) {
  return absl::StrCat("[", correction.id(), "] ",
                      Short(jisr::v1::CorrectionKind_Name(correction.kind()), "CORRECTION_KIND_"),
                      " ", FormatTime(correction.publish_time()), ": ", correction.text());
}

void PrintFieldChanges(std::ostream& out, const jisr::v1::ContentDiff& diff) {
  for (const auto& field : diff.fields()) {
    out << "  " << field.field() << ":\n";
    out << "    - " << field.old_value() << "\n";
    out << "    + " << field.new_value() << "\n";
  }
}

void PrintBlockChange(std::ostream& out, const jisr::v1::BlockChange& change) {
  out << "  " << change.block_id() << " "
      << Short(jisr::v1::BlockChangeKind_Name(change.kind()), "BLOCK_CHANGE_KIND_")
      << (change.moved() ? " (and moved)" : "") << ", position " << change.old_index() << " -> "
      << change.new_index() << "\n";
  if (change.has_old_block()) {
    out << "    -";
    PrintBlock(out, change.old_block());
  }
  if (change.has_new_block()) {
    out << "    +";
    PrintBlock(out, change.new_block());
  }
}

}  // namespace

absl::Status PrintJson(std::ostream& out, const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = false;  // The canonical lowerCamelCase mapping.
  std::string json;
  const auto status = google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) {
    return absl::InternalError(absl::StrCat(
        "cannot print the response as JSON: ", status.ToString(), "; run without --json"));
  }
  out << json;
  if (!absl::EndsWith(json, "\n")) out << "\n";
  return absl::OkStatus();
}

absl::Status PrintJsonLine(std::ostream& out, const google::protobuf::Message& message) {
  std::string json;
  const auto status = google::protobuf::util::MessageToJsonString(message, &json, {});
  if (!status.ok()) {
    return absl::InternalError(absl::StrCat("cannot print the event as JSON: ", status.ToString(),
                                            "; run without --json"));
  }
  out << json << std::endl;  // Flushed: a watcher's reader sees each event at once.
  return absl::OkStatus();
}

std::string FormatTime(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0 && time.nanos() == 0) return "";
  return TimeUtil::ToString(time);
}

void PrintLanguages(std::ostream& out, const jisr::v1::ListLanguagesResponse& response) {
  for (const auto& language : response.languages()) {
    out << language.code() << "  " << language.display_name() << "  " << language.native_name()
        << "  " << Direction(language.direction()) << "  " << language.date_locale() << "  "
        << language.time_zone()
        << (language.code() == response.default_language() ? "  (default)" : "") << "\n";
  }
}

void PrintStory(std::ostream& out, const jisr::v1::Story& story) {
  out << story.name() << "\n";
  Field(out, "title", story.title());
  Field(out, "x-default", story.x_default_language());
  Field(out, "created", FormatTime(story.create_time()));
  Field(out, "modified", FormatTime(story.modify_time()));
  Field(out, "deleted", FormatTime(story.delete_time()));
  Field(out, "etag", story.etag());
  if (story.variants_size() > 0) out << "  variants:\n";
  for (const auto& variant : story.variants()) {
    out << "    " << variant.language() << "  " << variant.variant() << "  "
        << State(variant.state()) << "  " << variant.slug() << "  " << variant.headline() << "\n";
  }
}

void PrintStoryList(std::ostream& out, const jisr::v1::ListStoriesResponse& response) {
  for (const auto& story : response.stories()) {
    std::vector<std::string> languages;
    for (const auto& variant : story.variants()) {
      languages.push_back(absl::StrCat(variant.language(), ":", State(variant.state())));
    }
    out << story.name() << "  " << absl::StrJoin(languages, " ") << "  " << story.title()
        << (story.has_delete_time() ? "  (deleted)" : "") << "\n";
  }
}

void PrintVariant(std::ostream& out, const jisr::v1::Variant& variant) {
  out << variant.name() << "\n";
  Field(out, "story", variant.story());
  Field(out, "language",
        absl::StrCat(variant.language(), variant.direction() ? " (" : "",
                     Direction(variant.direction()), variant.direction() ? ")" : ""));
  std::string state = State(variant.state());
  if (variant.latest_revision() > 0) {
    absl::StrAppend(&state, "; revision ", variant.revision().number(), " shown, latest ",
                    variant.latest_revision(), ", published ", variant.published_revision());
  }
  if (variant.has_unpublished_changes()) absl::StrAppend(&state, "; unpublished changes");
  Field(out, "state", state);
  Field(out, "headline", variant.headline());
  Field(out, "standfirst", variant.standfirst());
  std::vector<std::string> authors;
  for (const auto& author : variant.byline()) {
    authors.push_back(author.role().empty()
                          ? author.name()
                          : absl::StrCat(author.name(), " (", author.role(), ")"));
  }
  Field(out, "byline", absl::StrJoin(authors, ", "));
  Field(out, "section", variant.section());
  Field(out, "tags", absl::StrJoin(variant.tags(), ", "));
  Field(out, "slug", variant.slug());
  if (variant.has_hero_image()) {
    const auto& hero = variant.hero_image();
    Field(
        out, "hero image",
        absl::StrCat(hero.caption(), hero.credit().empty() ? "" : " (", hero.credit(),
                     hero.credit().empty() ? "" : ")", hero.url().empty() ? "" : " ", hero.url()));
  }
  Field(out, "translation", TranslationSummary(variant));
  Field(out, "display time", FormatTime(variant.display_time()));
  Field(out, "created", FormatTime(variant.create_time()));
  Field(out, "first published", FormatTime(variant.first_publish_time()));
  Field(out, "published", FormatTime(variant.publish_time()));
  Field(out, "updated", FormatTime(variant.update_time()));
  Field(out, "modified", FormatTime(variant.modify_time()));
  Field(out, "deleted", FormatTime(variant.delete_time()));
  Field(out, "etag", variant.etag());
  for (const auto& alternate : variant.alternates()) {
    Field(
        out, "alternate",
        absl::StrCat(alternate.language(), " ", alternate.variant(), " ", State(alternate.state()),
                     " ", alternate.slug(), alternate.self() ? " (this one)" : "",
                     alternate.x_default() ? " (x-default)" : ""));
  }
  for (const auto& correction : variant.corrections()) {
    Field(out, "correction", CorrectionLine(correction));
  }
  for (const auto& pending : variant.pending_corrections()) {
    Field(out, "pending",
          absl::StrCat("from ", pending.variant(), " (", pending.language(), ") ",
                       CorrectionLine(pending.correction())));
  }
  for (const auto& change : variant.scheduled_changes()) {
    Field(out, "scheduled",
          absl::StrCat(Short(jisr::v1::ScheduleAction_Name(change.action()), "SCHEDULE_ACTION_"),
                       " at ", FormatTime(change.due_time()), " (", change.schedule(), ")"));
  }
  if (variant.blocks_size() > 0) out << "  blocks (" << variant.blocks_size() << "):\n";
  for (const auto& block : variant.blocks()) PrintBlock(out, block);
}

void PrintVariantList(std::ostream& out, const jisr::v1::ListVariantsResponse& response) {
  for (const auto& variant : response.variants()) {
    // Readers' views carry no revision numbers.
    const int64_t revision = std::max(variant.latest_revision(), variant.published_revision());
    out << variant.name() << "  " << variant.language() << "  " << State(variant.state()) << "  "
        << (revision > 0 ? absl::StrCat("r", revision, "  ") : "") << variant.headline()
        << (variant.has_delete_time() ? "  (deleted)" : "") << "\n";
  }
}

void PrintRevision(std::ostream& out, const jisr::v1::Revision& revision) {
  out << revision.name() << "\n";
  Field(out, "author", Author(revision.author(), revision.author_name()));
  Field(out, "created", FormatTime(revision.create_time()));
  Field(out, "significance",
        Short(jisr::v1::ChangeSignificance_Name(revision.significance()), "CHANGE_SIGNIFICANCE_"));
  Field(out, "note", revision.change_note());
  if (revision.restored_from() > 0) {
    Field(out, "restored from", absl::StrCat("revision ", revision.restored_from()));
  }
  if (revision.has_snapshot()) {
    out << "  content:\n";
    std::ostringstream snapshot;
    PrintVariant(snapshot, revision.snapshot());
    out << snapshot.str();
  }
}

void PrintRevisionList(std::ostream& out, const jisr::v1::ListRevisionsResponse& response) {
  for (const auto& revision : response.revisions()) {
    out << revision.name() << "  " << FormatTime(revision.create_time()) << "  "
        << Author(revision.author(), revision.author_name()) << "  "
        << Short(jisr::v1::ChangeSignificance_Name(revision.significance()), "CHANGE_SIGNIFICANCE_")
        << "  " << revision.change_note()
        << (revision.restored_from() > 0
                ? absl::StrCat("  (restored from ", revision.restored_from(), ")")
                : "")
        << "\n";
  }
}

void PrintRevisionDiff(std::ostream& out, const jisr::v1::DiffRevisionsResponse& response) {
  out << "revision " << response.from_revision() << " -> " << response.to_revision() << "\n";
  if (response.diff().fields_size() == 0 && response.diff().blocks_size() == 0) {
    out << "  no differences\n";
  }
  PrintFieldChanges(out, response.diff());
  for (const auto& change : response.diff().blocks()) PrintBlockChange(out, change);
}

void PrintStaleTranslations(std::ostream& out,
                            const jisr::v1::ListStaleTranslationsResponse& response) {
  for (const auto& variant : response.variants()) {
    const auto& status = variant.translation_status();
    out << variant.name() << "  " << variant.language() << "  of " << status.source_variant()
        << "  reflects r" << status.reflected_revision() << ", source published r"
        << status.source_published_revision() << "  stale since "
        << FormatTime(status.stale_since()) << "  " << variant.headline() << "\n";
  }
}

void PrintTranslationDiff(std::ostream& out, const jisr::v1::GetTranslationDiffResponse& response) {
  const auto& status = response.status();
  out << "translation of " << status.source_variant() << " (" << status.source_language()
      << "): " << Short(jisr::v1::TranslationState_Name(status.state()), "TRANSLATION_STATE_")
      << "\n";
  Field(out, "reflects", absl::StrCat("source revision ", status.reflected_revision()));
  Field(out, "source published", absl::StrCat("revision ", status.source_published_revision()));
  Field(out, "stale since", FormatTime(status.stale_since()));
  PrintFieldChanges(out, response.source_diff());
  for (const auto& change : response.source_diff().blocks()) {
    PrintBlockChange(out, change);
    for (const auto& aligned : response.alignment()) {
      if (aligned.source_block_id() != change.block_id()) continue;
      if (aligned.translation_blocks_size() == 0) out << "    translation: (no aligned block)\n";
      for (const auto& block : aligned.translation_blocks()) {
        out << "    translation:";
        PrintBlock(out, block);
      }
    }
  }
}

void PrintSchedule(std::ostream& out, const jisr::v1::Schedule& schedule) {
  out << schedule.name() << "  "
      << Short(jisr::v1::ScheduleAction_Name(schedule.action()), "SCHEDULE_ACTION_") << " at "
      << FormatTime(schedule.due_time()) << "  "
      << Short(jisr::v1::ScheduleState_Name(schedule.state()), "SCHEDULE_STATE_") << "  "
      << absl::StrJoin(schedule.variants(), ", ")
      << (schedule.failure().empty() ? "" : absl::StrCat("  failed: ", schedule.failure())) << "\n";
}

void PrintScheduleList(std::ostream& out, const jisr::v1::ListSchedulesResponse& response) {
  for (const auto& schedule : response.schedules()) PrintSchedule(out, schedule);
}

void PrintChangeEvent(std::ostream& out, const jisr::v1::ChangeEvent& event) {
  out << FormatTime(event.time()) << "  #" << event.sequence() << "  "
      << Short(jisr::v1::ChangeKind_Name(event.kind()), "CHANGE_KIND_") << "  "
      << (event.variant().empty() ? event.story() : event.variant());
  if (!event.language().empty()) out << " (" << event.language() << ")";
  if (event.revision() > 0) out << " r" << event.revision();
  if (!event.previous_story().empty()) out << " from " << event.previous_story();
  // A reader's stream carries no authors.
  if (!event.author().empty()) out << "  by " << Author(event.author(), event.author_name());
  out << "  cursor " << event.cursor() << std::endl;
}

}  // namespace jisr::jisrctl
