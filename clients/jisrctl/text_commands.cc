// jisrctl text analyze|normalize|isolate|visual|slug|search-key|date: Jisr's stateless
// TextService on text given as an argument or on stdin, so that whoever wires up a social card,
// push notification or ticker can see from a shell what the pipeline makes of their text.
#include <algorithm>
#include <ostream>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "clients/jisrctl/arguments.h"
#include "clients/jisrctl/cli.h"
#include "clients/jisrctl/emit.h"
#include "services/common/status_macros.h"

namespace jisr::jisrctl {
namespace {

namespace v1 = ::jisr::v1;

// Labels line up with the fields of the other commands' text output (output.cc).
constexpr size_t kLabelWidth = 18;

// ---- Printing -------------------------------------------------------------------------------

// "  label:          value", skipped when the value is empty.
void Labelled(std::ostream& out, absl::string_view label, absl::string_view value) {
  if (value.empty()) return;
  std::string head = absl::StrCat("  ", label, ":");
  head.resize(std::max(head.size(), kLabelWidth), ' ');
  out << head << " " << value << "\n";
}

std::string DirectionWords(v1::TextDirection direction) {
  if (direction == v1::TEXT_DIRECTION_LEFT_TO_RIGHT) return "left to right";
  if (direction == v1::TEXT_DIRECTION_RIGHT_TO_LEFT) return "right to left";
  return "unspecified";
}

// Why the first paragraph has its direction (docs/text-direction.md).
std::string DirectionReason(const v1::FieldText& analysis) {
  if (analysis.paragraphs().empty()) return "the language";
  switch (analysis.paragraphs(0).direction_source()) {
    case v1::DIRECTION_SOURCE_FIRST_STRONG_CHARACTER:
      return "its first strong character";
    case v1::DIRECTION_SOURCE_LANGUAGE_CONFIRMED_BY_WORDS:
      return "the language, confirmed by its words";
    case v1::DIRECTION_SOURCE_OTHER_DIRECTION_BY_WORDS:
      return "its words, essentially in another script";
    default:
      return "the language (no word has a direction)";
  }
}

std::string DirectionCode(v1::TextDirection direction) {
  if (direction == v1::TEXT_DIRECTION_LEFT_TO_RIGHT) return "LTR";
  if (direction == v1::TEXT_DIRECTION_RIGHT_TO_LEFT) return "RTL";
  return "?";
}

// The part of `text` that `range` covers, by its UTF-8 offsets; empty when they fall outside
// it, so a bad range from the server shows as "" rather than crashing the printer.
absl::string_view Covered(absl::string_view text, const v1::TextRange& range) {
  if (range.utf8_start() < 0 || range.utf8_end() < range.utf8_start() ||
      static_cast<size_t>(range.utf8_end()) > text.size()) {
    return "";
  }
  return text.substr(range.utf8_start(), range.utf8_end() - range.utf8_start());
}

// "[11,14)": code points, as the contract's start/end (Python str indexes).
std::string RangeText(const v1::TextRange& range) {
  return absl::StrCat("[", range.start(), ",", range.end(), ")");
}

// One line per span: `[11,14) LTR  "AFP"  text`. `text` is the one the spans index.
void PrintSpans(std::ostream& out, absl::string_view text,
                const google::protobuf::RepeatedPtrField<v1::IsolateSpan>& spans) {
  for (const v1::IsolateSpan& span : spans) {
    // "ISOLATE_KIND_NUMBER" -> "number".
    const std::string kind = absl::AsciiStrToLower(
        absl::StripPrefix(v1::IsolateKind_Name(span.kind()), "ISOLATE_KIND_"));
    Labelled(out, "isolate",
             absl::StrCat(RangeText(span.range()), " ", DirectionCode(span.direction()), "  \"",
                          Covered(text, span.range()), "\"  ", kind));
  }
}

// One line per warning: `BIDI_OVERRIDE_REMOVED [5,6): message`; ranges index TEXT as given.
void PrintWarnings(std::ostream& out,
                   const google::protobuf::RepeatedPtrField<v1::TextWarning>& warnings) {
  for (const v1::TextWarning& warning : warnings) {
    Labelled(
        out, "warning",
        absl::StrCat(warning.code(), " ", RangeText(warning.range()), ": ", warning.message()));
  }
}

void PrintAnalysis(std::ostream& out, const v1::AnalyzeTextResponse& response) {
  const v1::FieldText& analysis = response.analysis();
  out << response.text() << "\n";
  Labelled(out, "direction", DirectionWords(analysis.base_direction()));
  Labelled(out, "direction by", DirectionReason(analysis));
  PrintSpans(out, response.text(), analysis.isolates());
  Labelled(out, "isolated text", analysis.isolated_text());
  Labelled(out, "search key", analysis.search_key());
  Labelled(out, "words", absl::StrCat(analysis.word_count()));
  Labelled(out, "reading time",
           absl::FormatDuration(absl::Seconds(response.reading_time_seconds())));
  Labelled(out, "letters",
           absl::StrCat(response.letters_in_language_script(), " in the language's script, ",
                        response.letters_in_other_scripts(), " in others"));
  Labelled(out, "excerpt", response.excerpt());
  PrintWarnings(out, response.warnings());
}

void PrintNormalized(std::ostream& out, const v1::NormalizeTextResponse& response) {
  out << response.text() << "\n";
  PrintWarnings(out, response.warnings());
}

void PrintIsolated(std::ostream& out, const v1::IsolateTextResponse& response) {
  out << response.isolated_text() << "\n";
  PrintSpans(out, response.text(), response.isolates());
  PrintWarnings(out, response.warnings());
}

void PrintVisualLines(std::ostream& out, const v1::VisualOrderResponse& response) {
  for (const std::string& line : response.lines()) out << line << "\n";
}

void PrintSlug(std::ostream& out, const v1::SlugifyResponse& response) {
  out << response.slug() << "\n";
  if (response.slug_url() != response.slug()) out << response.slug_url() << "\n";
}

void PrintSearchKey(std::ostream& out, const v1::SearchKeyResponse& response) {
  out << response.search_key() << "\n";
}

void PrintDate(std::ostream& out, const v1::FormatDateResponse& response) {
  out << response.text() << "\n";
}

// ---- Requests -------------------------------------------------------------------------------

// TEXT: the argument as given, or all of stdin for "-" (line breaks kept: they are part of
// what the pipeline is asked about).
absl::StatusOr<std::string> ReadText(const Cli& cli) {
  if (cli.args[0] == "-") return ReadInput("-");
  return cli.args[0];
}

std::string Language(const Cli& cli) { return cli.flags.language.value_or(""); }

absl::StatusOr<v1::DatelineKind> ParseLine(absl::string_view line) {
  const std::string lower = absl::AsciiStrToLower(line);
  if (lower.empty()) return v1::DATELINE_KIND_UNSPECIFIED;
  if (lower == "published") return v1::DATELINE_KIND_PUBLISHED;
  if (lower == "updated") return v1::DATELINE_KIND_UPDATED;
  return UsageError("text date", absl::StrCat("--line \"", line,
                                              "\" is not one of: published, updated (leave it "
                                              "out for the date alone)"));
}

// Whether a request message has a `language` field (SearchKeyRequest and NormalizeTextRequest
// have none: their work is the same in every language).
template <typename Request, typename = void>
struct HasLanguage : std::false_type {};
template <typename Request>
struct HasLanguage<Request, std::void_t<decltype(std::declval<Request&>().set_language(""))>>
    : std::true_type {};

// A request with TEXT in its `text` field (every TextService request keeps it there) and
// --language in its `language` field, when it has one.
template <typename Request>
absl::StatusOr<Request> TextRequest(const Cli& cli) {
  Request request;
  JISR_ASSIGN_OR_RETURN(*request.mutable_text(), ReadText(cli));
  if constexpr (HasLanguage<Request>::value) request.set_language(Language(cli));
  return request;
}

absl::Status Analyze(Cli& cli) {
  JISR_ASSIGN_OR_RETURN(auto request, TextRequest<v1::AnalyzeTextRequest>(cli));
  request.set_single_line(cli.flags.single_line);
  request.set_excerpt_max_chars(cli.flags.excerpt);
  return Emit(cli, cli.text->Analyze(request), PrintAnalysis);
}

absl::Status Normalize(Cli& cli) {
  JISR_ASSIGN_OR_RETURN(auto request, TextRequest<v1::NormalizeTextRequest>(cli));
  request.set_single_line(cli.flags.single_line);
  return Emit(cli, cli.text->Normalize(request), PrintNormalized);
}

absl::Status Isolate(Cli& cli) {
  JISR_ASSIGN_OR_RETURN(auto request, TextRequest<v1::IsolateTextRequest>(cli));
  return Emit(cli, cli.text->Isolate(request), PrintIsolated);
}

absl::Status Visual(Cli& cli) {
  JISR_ASSIGN_OR_RETURN(auto request, TextRequest<v1::VisualOrderRequest>(cli));
  request.set_shape_arabic(cli.flags.shape);
  request.set_max_line_chars(cli.flags.line_chars);
  return Emit(cli, cli.text->VisualOrder(request), PrintVisualLines);
}

absl::Status Slug(Cli& cli) {
  JISR_ASSIGN_OR_RETURN(auto request, TextRequest<v1::SlugifyRequest>(cli));
  // Unspecified is the native script, the server's default.
  request.set_script(cli.flags.latin ? v1::SLUG_SCRIPT_LATIN : v1::SLUG_SCRIPT_UNSPECIFIED);
  return Emit(cli, cli.text->Slugify(request), PrintSlug);
}

absl::Status SearchKey(Cli& cli) {
  JISR_ASSIGN_OR_RETURN(auto request, TextRequest<v1::SearchKeyRequest>(cli));
  return Emit(cli, cli.text->SearchKey(request), PrintSearchKey);
}

// --language is optional here: the server starts from English's style without one.
absl::Status Date(Cli& cli) {
  v1::FormatDateRequest request;
  JISR_ASSIGN_OR_RETURN(*request.mutable_time(), ParseTimestamp("text date", "TIME", cli.args[0]));
  request.set_language(Language(cli));
  // Empty values leave each part to the newsroom's style for the language.
  request.mutable_style()->set_locale(cli.flags.locale);
  request.mutable_style()->set_time_zone(cli.flags.time_zone);
  request.mutable_style()->set_numbering(cli.flags.numbering);
  request.mutable_style()->set_calendar(cli.flags.calendar);
  JISR_ASSIGN_OR_RETURN(const v1::DatelineKind kind, ParseLine(cli.flags.line));
  request.set_kind(kind);
  return Emit(cli, cli.text->FormatDate(request), PrintDate);
}

struct TextCommand {
  const char* name;
  const char* synopsis;  // Quoted in usage errors.
  bool needs_language;
  absl::Status (*run)(Cli& cli);
};

constexpr TextCommand kTextCommands[] = {
    {"analyze", "text analyze TEXT --language L [--single-line] [--excerpt N]", true, Analyze},
    {"normalize", "text normalize TEXT [--single-line]", false, Normalize},
    {"isolate", "text isolate TEXT --language L", true, Isolate},
    {"visual", "text visual TEXT --language L [--shape] [--line-chars N]", true, Visual},
    {"slug", "text slug TEXT --language L [--latin]", true, Slug},
    {"search-key", "text search-key TEXT", false, SearchKey},
    {"date", "text date TIME [--language L] [--line published|updated] [style flags]", false, Date},
};

}  // namespace

absl::Status RunText(const std::string& subcommand, Cli& cli) {
  for (const TextCommand& command : kTextCommands) {
    if (subcommand != command.name) continue;
    const std::string full = absl::StrCat("text ", command.name);
    JISR_RETURN_IF_ERROR(ExpectArgs(cli, 1, 1, full, command.synopsis));
    if (command.needs_language && Language(cli).empty()) {
      return UsageError(full,
                        "--language is required: the BCP 47 language TEXT is written in, "
                        "such as en or ar");
    }
    if (cli.text == nullptr) {
      return absl::InternalError("jisrctl made no TextService client: report this jisrctl bug");
    }
    return command.run(cli);
  }
  return UsageError("text", absl::StrCat("unknown text command \"", subcommand,
                                         "\": use analyze, normalize, isolate, visual, slug, "
                                         "search-key or date"));
}

}  // namespace jisr::jisrctl
