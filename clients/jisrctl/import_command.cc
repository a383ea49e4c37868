// jisrctl import FILE --language L: parse a scraped page or UDHR markup, create the variant
// (as a translation when asked, with its blocks pointed at the source's), and optionally
// publish it as of the time the page says it was updated.
#include <string>

#include "absl/strings/str_cat.h"
#include "clients/import/translation_alignment.h"
#include "clients/jisrctl/arguments.h"
#include "clients/jisrctl/cli.h"
#include "clients/jisrctl/emit.h"
#include "clients/jisrctl/import_plan.h"
#include "google/protobuf/util/time_util.h"
#include "services/common/status_macros.h"

namespace jisr::jisrctl {
namespace {

constexpr char kSynopsis[] =
    "import FILE --language LANG [--format auto|scraped|udhr-html] [--translation-of VARIANT] "
    "[--story STORY] [--id ID] [--publish]";

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  return google::protobuf::util::TimeUtil::SecondsToTimestamp(absl::ToUnixSeconds(time));
}

std::string Summary(const jisr::import::ImportedArticle& article) {
  const jisr::v1::Variant& variant = article.variant;
  std::string summary =
      absl::StrCat("\"", variant.headline(), "\", ", variant.blocks_size(), " blocks");
  if (variant.byline_size() > 0) absl::StrAppend(&summary, ", by ", variant.byline(0).name());
  if (variant.has_hero_image())
    absl::StrAppend(&summary, ", hero image credited ", variant.hero_image().credit());
  if (article.update_time) {
    absl::StrAppend(&summary, ", updated ", FormatTime(ToTimestamp(*article.update_time)));
  }
  if (!article.skipped_lines.empty()) {
    absl::StrAppend(&summary, "; left out ", article.skipped_lines.size(),
                    " lines of page furniture (repeated captions, language switch)");
  }
  return summary;
}

}  // namespace

absl::Status RunImport(Cli& cli) {
  JISR_RETURN_IF_ERROR(ExpectArgs(cli, 1, 1, "import", kSynopsis));
  const std::string& path = cli.args[0];
  if (!cli.flags.language || cli.flags.language->empty()) {
    return UsageError("import",
                      "--language is required: the language the file is written in, "
                      "such as en or ar");
  }
  if (cli.flags.publish && cli.flags.validate_only) {
    return UsageError("import",
                      "--publish cannot be combined with --validate-only: nothing is "
                      "created to publish");
  }

  ImportSettings settings;
  settings.language = *cli.flags.language;
  JISR_ASSIGN_OR_RETURN(settings.format, ResolveImportFormat(cli.flags.format, path));
  if (cli.flags.translation_of) settings.translation_of = VariantName(*cli.flags.translation_of);
  if (cli.flags.story) settings.story = StoryName(*cli.flags.story);
  settings.variant_id = cli.flags.id;
  settings.change_note =
      cli.flags.note.empty() ? DefaultImportNote(settings.format) : cli.flags.note;

  JISR_ASSIGN_OR_RETURN(const std::string content, ReadInput(path));
  absl::StatusOr<jisr::import::ImportedArticle> parsed =
      ParseImportFile(content, settings.format, settings.language);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot import \"", path, "\" as ", settings.format, ": ", parsed.status().message()));
  }
  jisr::import::ImportedArticle& article = *parsed;
  cli.Progress(absl::StrCat("read ", path, ": ", Summary(article)));

  jisr::v1::Variant& variant = article.variant;
  if (!settings.translation_of.empty()) {
    jisr::v1::GetVariantRequest get_source;
    get_source.set_name(settings.translation_of);
    get_source.set_view(jisr::v1::VARIANT_VIEW_LATEST);
    JISR_ASSIGN_OR_RETURN(const jisr::v1::Variant source, cli.client->GetVariant(get_source));
    const int mapped = jisr::import::AlignTranslationBlocks(source, &variant);
    cli.Progress(absl::StrCat("aligned ", mapped, " of ", variant.blocks_size(), " blocks with ",
                              source.name(), " (", source.language(), ")"));
    variant.mutable_translation_source()->set_variant(settings.translation_of);
  }
  if (!settings.story.empty()) variant.set_story(settings.story);

  jisr::v1::CreateVariantRequest create;
  *create.mutable_variant() = variant;
  create.set_variant_id(settings.variant_id);
  create.set_change_note(settings.change_note);
  create.set_validate_only(cli.flags.validate_only);
  create.set_request_id(ImportRequestId(content, settings, "create"));
  cli.Progress(cli.flags.validate_only ? "validating (nothing is written)"
                                       : "creating the variant");
  JISR_ASSIGN_OR_RETURN(jisr::v1::Variant result, cli.client->CreateVariant(create));
  if (!cli.flags.validate_only) {
    cli.Progress(absl::StrCat("created ", result.name(), " in ", result.story()));
  }

  if (cli.flags.publish) {
    jisr::v1::PublishVariantRequest publish;
    publish.set_name(result.name());
    // The revision this import created, not whatever is latest by now.
    publish.set_revision(result.revision().number());
    const std::optional<absl::Time> as_of =
        article.update_time ? article.update_time : article.publish_time;
    if (as_of) *publish.mutable_publish_time() = ToTimestamp(*as_of);
    publish.set_request_id(ImportRequestId(content, settings, "publish"));
    cli.Progress(absl::StrCat(
        "publishing ", result.name(),
        as_of ? absl::StrCat(" as of ", FormatTime(publish.publish_time())) : std::string(" now")));
    JISR_ASSIGN_OR_RETURN(result, cli.client->PublishVariant(publish));
  }

  if (cli.json) return PrintJson(*cli.out, result);
  *cli.out << result.name() << "\n";
  return absl::OkStatus();
}

}  // namespace jisr::jisrctl
