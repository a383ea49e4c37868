// What `jisrctl import` decides before it calls the server: which importer reads the file, and
// the request ids of its steps, derived from everything that shapes the requests, so running
// the same import twice writes nothing twice.
#ifndef JISR_CLIENTS_JISRCTL_IMPORT_PLAN_H_
#define JISR_CLIENTS_JISRCTL_IMPORT_PLAN_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/import/imported_article.h"

namespace jisr::jisrctl {

struct ImportSettings {
  std::string language;
  std::string format = "auto";  // auto, scraped or udhr-html.
  std::string translation_of;   // Full variant name, or empty.
  std::string story;            // Full story name, or empty.
  std::string variant_id;
  std::string change_note;
};

// "scraped" or "udhr-html": `format` itself unless "auto", which picks udhr-html for .html and
// .htm files and scraped otherwise. A usage error for any other value.
absl::StatusOr<std::string> ResolveImportFormat(absl::string_view format, absl::string_view path);

// Parses `content` with the importer `format` names (already resolved).
absl::StatusOr<jisr::import::ImportedArticle> ParseImportFile(absl::string_view content,
                                                              absl::string_view format,
                                                              absl::string_view language);

// The request id of one step ("create", "publish") of importing `content` with `settings`: the
// same content and settings give the same id in every run; any difference gives another.
std::string ImportRequestId(absl::string_view content, const ImportSettings& settings,
                            absl::string_view step);

// The change note recorded when the user gives none.
std::string DefaultImportNote(absl::string_view format);

}  // namespace jisr::jisrctl

#endif  // JISR_CLIENTS_JISRCTL_IMPORT_PLAN_H_
