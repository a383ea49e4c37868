// The per-command options of jisrctl, as main() read them from the flags: commands take this
// struct and never read flags themselves. Unset optional values mean "leave as is".
#ifndef JISR_CLIENTS_JISRCTL_COMMAND_FLAGS_H_
#define JISR_CLIENTS_JISRCTL_COMMAND_FLAGS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jisr::jisrctl {

struct CommandFlags {
  // Variant content (create, update) and filters (list).
  std::optional<std::string> language;
  std::optional<std::string> headline;
  std::optional<std::string> standfirst;
  std::optional<std::string> section;
  std::optional<std::string> slug;
  std::optional<std::vector<std::string>> tags;
  std::optional<std::vector<std::string>> byline;
  std::optional<std::string> story;
  std::optional<std::string> translation_of;

  // Story content.
  std::optional<std::string> title;
  std::optional<std::string> x_default;

  // Writes.
  std::string file;  // A Variant in protobuf JSON; "-" is stdin.
  std::string mask;  // Comma-separated update_mask paths.
  std::string id;    // variant_id / story_id on create.
  std::string etag;
  std::string note;
  std::string request_id;  // Empty: a fresh UUIDv4 per call.
  bool minor = false;
  bool force = false;
  bool validate_only = false;

  // Reads and lists.
  std::string view;
  std::string state;
  bool show_deleted = false;
  bool full = false;
  int page_size = 0;
  int limit = 0;  // 0: every page.
  std::string page_token;

  // Publishing and revisions.
  int64_t revision = 0;
  std::string publish_time;  // RFC 3339.

  // Corrections and schedules.
  std::string kind;
  std::string text;
  std::string matches;
  std::string action;
  std::string due;  // RFC 3339.
  std::string variant;

  // Watch.
  std::string cursor;
  bool from_oldest = false;
  std::vector<std::string> languages;
  std::vector<std::string> kinds;

  // Import.
  std::string format = "auto";
  bool publish = false;

  // Text (the TextService); --language is shared with the variant flags above.
  bool single_line = false;  // Analyze, Normalize: a one-line field.
  int excerpt = 0;           // Analyze: excerpt length in characters; 0 for none.
  bool shape = false;        // VisualOrder: Arabic presentation forms.
  int line_chars = 0;        // VisualOrder: line length; 0 breaks only at line feeds.
  bool latin = false;        // Slugify: the transliterated Latin slug.
  std::string locale;        // FormatDate style overrides; empty: the language's own.
  std::string time_zone;
  std::string numbering;
  std::string calendar;
  std::string line;  // FormatDate: "published" or "updated"; empty: the date alone.
};

}  // namespace jisr::jisrctl

#endif  // JISR_CLIENTS_JISRCTL_COMMAND_FLAGS_H_
