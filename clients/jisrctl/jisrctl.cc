// jisrctl: turns flags into CommandFlags and ClientOptions, runs one command, reports errors.
// Flags are defined here and nowhere else; commands receive plain structs.
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "clients/cpp/article_client.h"
#include "clients/cpp/text_client.h"
#include "clients/jisrctl/arguments.h"
#include "clients/jisrctl/cli.h"
#include "clients/jisrctl/error_report.h"
#include "clients/jisrctl/usage.h"

// Global flags.
ABSL_FLAG(std::string, server, "", "Server host:port; default $JISR_SERVER, else localhost:50051");
ABSL_FLAG(std::string, token_file, "", "File holding a bearer token; default $JISR_TOKEN_FILE");
ABSL_FLAG(absl::Duration, deadline, absl::Seconds(10), "How long one call may take");
ABSL_FLAG(bool, json, false, "Print protobuf JSON instead of text");
ABSL_FLAG(bool, quiet, false, "No progress lines on stderr");
ABSL_FLAG(bool, tls, false, "Connect with TLS");
ABSL_FLAG(std::string, tls_roots, "", "PEM file of root certificates (implies --tls)");
ABSL_FLAG(std::string, tls_cert, "", "PEM client certificate chain, for mutual TLS");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls-cert");
ABSL_FLAG(std::string, request_id, "", "Request id of a change, for safe retries");

// Command flags: `jisrctl help COMMAND` says which command reads which.
ABSL_FLAG(std::optional<std::string>, language, std::nullopt, "Language (BCP 47)");
ABSL_FLAG(std::optional<std::string>, headline, std::nullopt, "Headline");
ABSL_FLAG(std::optional<std::string>, standfirst, std::nullopt, "Standfirst");
ABSL_FLAG(std::optional<std::string>, section, std::nullopt, "Section");
ABSL_FLAG(std::optional<std::string>, slug, std::nullopt, "Slug");
ABSL_FLAG(std::optional<std::string>, tags, std::nullopt, "Tags, comma-separated");
ABSL_FLAG(std::optional<std::string>, byline, std::nullopt, "Author names, comma-separated");
ABSL_FLAG(std::optional<std::string>, story, std::nullopt, "Story name");
ABSL_FLAG(std::optional<std::string>, translation_of, std::nullopt, "Source variant");
ABSL_FLAG(std::optional<std::string>, title, std::nullopt, "Story working title");
ABSL_FLAG(std::optional<std::string>, x_default, std::nullopt, "Story x-default language");
ABSL_FLAG(std::string, file, "", "Variant in protobuf JSON; - for stdin");
ABSL_FLAG(std::string, mask, "", "Fields to replace, comma-separated");
ABSL_FLAG(std::string, id, "", "Id of the resource to create");
ABSL_FLAG(std::string, etag, "", "Etag last read");
ABSL_FLAG(std::string, note, "", "Change note");
ABSL_FLAG(bool, minor, false, "A minor change");
ABSL_FLAG(bool, force, false, "Delete a story with its variants");
ABSL_FLAG(bool, validate_only, false, "Validate, write nothing");
ABSL_FLAG(std::string, view, "", "published, latest or basic");
ABSL_FLAG(std::string, state, "", "State filter");
ABSL_FLAG(bool, show_deleted, false, "Include deleted resources");
ABSL_FLAG(bool, full, false, "Include revision content");
ABSL_FLAG(int, page_size, 0, "Page length");
ABSL_FLAG(int, limit, 0, "Stop after this many items (0: all)");
ABSL_FLAG(std::string, page_token, "", "Start at this page");
ABSL_FLAG(int64_t, revision, 0, "Revision number");
ABSL_FLAG(std::string, publish_time, "", "Original publish time, RFC 3339");
ABSL_FLAG(std::string, kind, "", "correction or clarification");
ABSL_FLAG(std::string, text, "", "Correction text");
ABSL_FLAG(std::string, matches, "", "Sibling correction id");
ABSL_FLAG(std::string, action, "", "publish or unpublish");
ABSL_FLAG(std::string, due, "", "Due time, RFC 3339");
ABSL_FLAG(std::string, variant, "", "Variant filter");
ABSL_FLAG(std::string, cursor, "", "Resume the feed after this cursor");
ABSL_FLAG(bool, from_oldest, false, "Start the feed at the oldest retained event");
ABSL_FLAG(std::vector<std::string>, languages, {}, "Languages filter, comma-separated");
ABSL_FLAG(std::vector<std::string>, kinds, {}, "Change kinds filter, comma-separated");
ABSL_FLAG(std::string, format, "auto", "auto, scraped or udhr-html");
ABSL_FLAG(bool, publish, false, "Publish after importing");
ABSL_FLAG(bool, single_line, false, "Text is a one-line field");
ABSL_FLAG(int, excerpt, 0, "Also an excerpt of at most this many characters");
ABSL_FLAG(bool, shape, false, "Shape Arabic into presentation forms");
ABSL_FLAG(int, line_chars, 0, "Break lines at this many characters (0: at line feeds)");
ABSL_FLAG(bool, latin, false, "A transliterated Latin slug");
ABSL_FLAG(std::string, locale, "", "Date locale (BCP 47), such as ar-AE");
ABSL_FLAG(std::string, time_zone, "", "IANA time zone, such as Asia/Dubai");
ABSL_FLAG(std::string, numbering, "", "latn or arab digits");
ABSL_FLAG(std::string, calendar, "", "gregorian or islamic-umalqura");
ABSL_FLAG(std::string, line, "", "published or updated: a labelled date line");

namespace jisr::jisrctl {
namespace {

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

constexpr char kAuthorFlagGone[] =
    "--author is gone: jisrd records the principal your credentials prove, not a name you "
    "give; pass --token-file=FILE (or $JISR_TOKEN_FILE) or --tls-cert and --tls-key";

// Flag names with hyphens ("--translation-of") become absl's underscores; values are untouched.
std::vector<std::string> NormalizeFlagNames(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  for (size_t i = 1; i < args.size(); ++i) {
    std::string& arg = args[i];
    if (arg == "--") break;
    if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) continue;
    const size_t end = std::min(arg.find('='), arg.size());
    std::replace(arg.begin() + 2, arg.begin() + static_cast<std::ptrdiff_t>(end), '-', '_');
  }
  return args;
}

// `jisrctl ... --help` / `-h` anywhere: help for the command named, without parsing flags.
std::optional<int> HelpRequested(const std::vector<std::string>& args) {
  const bool wants_help = absl::c_any_of(args, [](const std::string& arg) {
    return arg == "--help" || arg == "-h" || arg == "-help";
  });
  if (!wants_help) return std::nullopt;
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i].empty() || args[i][0] == '-') continue;
    if (PrintCommandHelp(std::cout, args[i])) return 0;
    break;
  }
  PrintOverview(std::cout);
  return 0;
}

std::optional<std::vector<std::string>> SplitOptionalList(const std::optional<std::string>& value) {
  if (!value) return std::nullopt;
  std::vector<std::string> items;
  for (absl::string_view item : absl::StrSplit(*value, ',', absl::SkipWhitespace())) {
    items.emplace_back(absl::StripAsciiWhitespace(item));
  }
  return items;
}

// A usage error naming the first "--flag" that jisrctl does not define (absl would exit with
// status 1 and no hint). Abseil's own flags (--helpfull, --flagfile, ...) pass.
absl::Status CheckFlagsExist(const std::vector<std::string>& args) {
  static const char* const kAbseilFlags[] = {"helpfull", "helpshort",       "helppackage",
                                             "version",  "only_check_args", "flagfile",
                                             "fromenv",  "tryfromenv",      "undefok"};
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") break;
    if (arg.size() < 2 || arg[0] != '-' || arg == "-") continue;
    absl::string_view name = arg;
    name.remove_prefix(name.size() > 1 && name[1] == '-' ? 2 : 1);
    name = name.substr(0, name.find('='));
    if (absl::c_linear_search(kAbseilFlags, name) || absl::FindCommandLineFlag(name) != nullptr) {
      continue;
    }
    // "--nominor" is absl's way to set a boolean false.
    if (absl::StartsWith(name, "no") && absl::FindCommandLineFlag(name.substr(2)) != nullptr) {
      continue;
    }
    // Scripts written for earlier versions: say what replaced it, not just that it is unknown.
    if (name == "author") {
      return UsageError("", kAuthorFlagGone);
    }
    return UsageError("", absl::StrCat("unknown flag \"", arg.substr(0, arg.find('=')), "\""));
  }
  return absl::OkStatus();
}

CommandFlags ReadCommandFlags() {
  CommandFlags flags;
  flags.language = absl::GetFlag(FLAGS_language);
  flags.headline = absl::GetFlag(FLAGS_headline);
  flags.standfirst = absl::GetFlag(FLAGS_standfirst);
  flags.section = absl::GetFlag(FLAGS_section);
  flags.slug = absl::GetFlag(FLAGS_slug);
  flags.tags = SplitOptionalList(absl::GetFlag(FLAGS_tags));
  flags.byline = SplitOptionalList(absl::GetFlag(FLAGS_byline));
  flags.story = absl::GetFlag(FLAGS_story);
  flags.translation_of = absl::GetFlag(FLAGS_translation_of);
  flags.title = absl::GetFlag(FLAGS_title);
  flags.x_default = absl::GetFlag(FLAGS_x_default);
  flags.file = absl::GetFlag(FLAGS_file);
  flags.mask = absl::GetFlag(FLAGS_mask);
  flags.id = absl::GetFlag(FLAGS_id);
  flags.etag = absl::GetFlag(FLAGS_etag);
  flags.note = absl::GetFlag(FLAGS_note);
  flags.request_id = absl::GetFlag(FLAGS_request_id);
  flags.minor = absl::GetFlag(FLAGS_minor);
  flags.force = absl::GetFlag(FLAGS_force);
  flags.validate_only = absl::GetFlag(FLAGS_validate_only);
  flags.view = absl::GetFlag(FLAGS_view);
  flags.state = absl::GetFlag(FLAGS_state);
  flags.show_deleted = absl::GetFlag(FLAGS_show_deleted);
  flags.full = absl::GetFlag(FLAGS_full);
  flags.page_size = absl::GetFlag(FLAGS_page_size);
  flags.limit = absl::GetFlag(FLAGS_limit);
  flags.page_token = absl::GetFlag(FLAGS_page_token);
  flags.revision = absl::GetFlag(FLAGS_revision);
  flags.publish_time = absl::GetFlag(FLAGS_publish_time);
  flags.kind = absl::GetFlag(FLAGS_kind);
  flags.text = absl::GetFlag(FLAGS_text);
  flags.matches = absl::GetFlag(FLAGS_matches);
  flags.action = absl::GetFlag(FLAGS_action);
  flags.due = absl::GetFlag(FLAGS_due);
  flags.variant = absl::GetFlag(FLAGS_variant);
  flags.cursor = absl::GetFlag(FLAGS_cursor);
  flags.from_oldest = absl::GetFlag(FLAGS_from_oldest);
  flags.languages = absl::GetFlag(FLAGS_languages);
  flags.kinds = absl::GetFlag(FLAGS_kinds);
  flags.format = absl::GetFlag(FLAGS_format);
  flags.publish = absl::GetFlag(FLAGS_publish);
  flags.single_line = absl::GetFlag(FLAGS_single_line);
  flags.excerpt = absl::GetFlag(FLAGS_excerpt);
  flags.shape = absl::GetFlag(FLAGS_shape);
  flags.line_chars = absl::GetFlag(FLAGS_line_chars);
  flags.latin = absl::GetFlag(FLAGS_latin);
  flags.locale = absl::GetFlag(FLAGS_locale);
  flags.time_zone = absl::GetFlag(FLAGS_time_zone);
  flags.numbering = absl::GetFlag(FLAGS_numbering);
  flags.calendar = absl::GetFlag(FLAGS_calendar);
  flags.line = absl::GetFlag(FLAGS_line);
  return flags;
}

// A usage error when a command-specific flag was set for a command that ignores it.
absl::Status CheckFlagsApply(const std::string& command) {
  const std::vector<std::string> allowed = AllowedFlags(command);
  for (const std::string& name : AllCommandFlags()) {
    const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    // IsSpecifiedOnCommandLine() is not public in this Abseil; a flag left at its default
    // means nothing to any command, so comparing values finds every flag that matters.
    if (flag == nullptr || flag->CurrentValue() == flag->DefaultValue()) continue;
    if (absl::c_linear_search(allowed, name)) continue;
    return UsageError(command, absl::StrCat("--", absl::StrReplaceAll(name, {{"_", "-"}}),
                                            " does not apply to `", command, "`"));
  }
  return absl::OkStatus();
}

absl::Status Dispatch(const std::string& command, const std::string& subcommand, Cli& cli) {
  if (command == "languages") return RunLanguages(cli);
  if (command == "story") return RunStory(subcommand, cli);
  if (command == "variant") return RunVariant(subcommand, cli);
  if (command == "revisions") return RunRevisions(subcommand, cli);
  if (command == "translations") return RunTranslations(subcommand, cli);
  if (command == "corrections") return RunCorrections(subcommand, cli);
  if (command == "schedules") return RunSchedules(subcommand, cli);
  if (command == "watch") return RunWatch(cli);
  if (command == "import") return RunImport(cli);
  if (command == "text") return RunText(subcommand, cli);
  return UsageError("", absl::StrCat("unknown command \"", command, "\""));
}

struct Clients {
  std::unique_ptr<jisr::client::ArticleClient> articles;
  std::unique_ptr<jisr::client::TextClient> text;
};

jisr::client::ClientOptions ClientOptionsFromFlags(const ReportContext& report) {
  jisr::client::ClientOptions options;
  options.target = report.server;
  options.token_path = absl::GetFlag(FLAGS_token_file);
  if (options.token_path.empty()) options.token_path = EnvOr("JISR_TOKEN_FILE", "");
  options.default_deadline = report.deadline;
  options.use_tls = absl::GetFlag(FLAGS_tls);
  options.tls_root_certs_path = absl::GetFlag(FLAGS_tls_roots);
  options.tls_client_cert_path = absl::GetFlag(FLAGS_tls_cert);
  options.tls_client_key_path = absl::GetFlag(FLAGS_tls_key);
  options.user_agent_prefix = "jisrctl/0.1";
  return options;
}

// Both clients, from the global flags. An unreadable token file fails here, before any call.
absl::Status ConnectClients(const ReportContext& report, Clients& clients) {
  const jisr::client::ClientOptions options = ClientOptionsFromFlags(report);
  absl::StatusOr<std::unique_ptr<jisr::client::ArticleClient>> articles =
      jisr::client::ArticleClient::Connect(options);
  if (!articles.ok()) return articles.status();
  // Created for every command: gRPC connects lazily, so only `text` ever reaches the server.
  absl::StatusOr<std::unique_ptr<jisr::client::TextClient>> text =
      jisr::client::TextClient::Connect(options);
  if (!text.ok()) return text.status();
  clients.articles = *std::move(articles);
  clients.text = *std::move(text);
  return absl::OkStatus();
}

int Main(int argc, char** argv) {
  std::vector<std::string> normalized = NormalizeFlagNames(argc, argv);
  if (std::optional<int> exit_code = HelpRequested(normalized)) return *exit_code;
  std::vector<char*> normalized_argv;
  for (std::string& arg : normalized) normalized_argv.push_back(arg.data());

  if (absl::Status known = CheckFlagsExist(normalized); !known.ok()) {
    return ReportError(std::cerr, known, ReportContext{});
  }
  absl::SetProgramUsageMessage("jisrctl [global flags] COMMAND [ARGS] [flags]; see `jisrctl help`");
  const std::vector<char*> positional =
      absl::ParseCommandLine(static_cast<int>(normalized_argv.size()), normalized_argv.data());

  ReportContext report;
  report.server = absl::GetFlag(FLAGS_server);
  if (report.server.empty()) report.server = EnvOr("JISR_SERVER", "localhost:50051");
  report.deadline = absl::GetFlag(FLAGS_deadline);

  if (positional.size() < 2) {
    PrintOverview(std::cerr);
    return kExitUsage;
  }
  const std::string command = positional[1];
  if (command == "help") {
    if (positional.size() < 3) {
      PrintOverview(std::cout);
      return 0;
    }
    if (PrintCommandHelp(std::cout, positional[2])) return 0;
    return ReportError(std::cerr,
                       UsageError("", absl::StrCat("no command \"", positional[2], "\"")), report);
  }

  size_t first_arg = 2;
  std::string subcommand;
  std::string full_command = command;
  if (HasSubcommands(command)) {
    if (positional.size() < 3) {
      return ReportError(std::cerr,
                         UsageError(command, absl::StrCat("`", command, "` needs a subcommand")),
                         report);
    }
    subcommand = positional[2];
    full_command = absl::StrCat(command, " ", subcommand);
    first_arg = 3;
  }
  // For an unknown command or subcommand, Dispatch's error is the clearer one.
  if (IsKnownCommand(full_command)) {
    if (absl::Status applies = CheckFlagsApply(full_command); !applies.ok()) {
      return ReportError(std::cerr, applies, report);
    }
  }

  Cli cli;
  cli.args.assign(positional.begin() + static_cast<std::ptrdiff_t>(first_arg), positional.end());
  cli.flags = ReadCommandFlags();
  cli.json = absl::GetFlag(FLAGS_json);
  cli.quiet = absl::GetFlag(FLAGS_quiet);
  cli.out = &std::cout;
  cli.progress = &std::cerr;

  Clients clients;
  if (absl::Status connected = ConnectClients(report, clients); !connected.ok()) {
    return ReportError(std::cerr, ConnectionSetupError(connected), report);
  }
  cli.client = clients.articles.get();
  cli.text = clients.text.get();

  const absl::Status status = Dispatch(command, subcommand, cli);
  if (!status.ok()) return ReportError(std::cerr, status, report);
  return 0;
}

}  // namespace
}  // namespace jisr::jisrctl

int main(int argc, char** argv) { return jisr::jisrctl::Main(argc, argv); }
