#include "clients/jisrctl/import_plan.h"

#include <initializer_list>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clients/cpp/request_id.h"
#include "clients/import/scraped_article.h"
#include "clients/import/udhr_html.h"
#include "clients/jisrctl/arguments.h"

namespace jisr::jisrctl {

absl::StatusOr<std::string> ResolveImportFormat(absl::string_view format, absl::string_view path) {
  if (format == "scraped" || format == "udhr-html") return std::string(format);
  if (format == "auto" || format.empty()) {
    const std::string lower = absl::AsciiStrToLower(path);
    const bool html = absl::EndsWith(lower, ".html") || absl::EndsWith(lower, ".htm");
    return std::string(html ? "udhr-html" : "scraped");
  }
  return UsageError(
      "import", absl::StrCat("--format \"", format, "\" is not one of: auto, scraped, udhr-html"));
}

absl::StatusOr<jisr::import::ImportedArticle> ParseImportFile(absl::string_view content,
                                                              absl::string_view format,
                                                              absl::string_view language) {
  if (format == "udhr-html") {
    absl::StatusOr<jisr::v1::Variant> variant = jisr::import::ParseUdhrHtml(content, language);
    if (!variant.ok()) return variant.status();
    jisr::import::ImportedArticle article;
    article.variant = *std::move(variant);
    return article;
  }
  return jisr::import::ParseScrapedArticle(content, language);
}

std::string ImportRequestId(absl::string_view content, const ImportSettings& settings,
                            absl::string_view step) {
  // Length-prefixed parts, so no two different settings concatenate to the same key.
  std::string key = "jisrctl-import/v1";
  for (absl::string_view part :
       {absl::string_view(settings.language), absl::string_view(settings.format),
        absl::string_view(settings.translation_of), absl::string_view(settings.story),
        absl::string_view(settings.variant_id), absl::string_view(settings.change_note), step,
        content}) {
    absl::StrAppend(&key, "|", part.size(), ":", part);
  }
  return jisr::client::RequestIdFromKey(key);
}

std::string DefaultImportNote(absl::string_view format) {
  return absl::StrCat("Imported with jisrctl (", format, ")");
}

}  // namespace jisr::jisrctl
