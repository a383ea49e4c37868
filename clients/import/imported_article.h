// What an importer makes of a source document: a Variant ready for CreateVariant, plus what the
// document says about when it was published, which a Variant cannot carry (its times are output
// only; PublishVariantRequest.publish_time takes them).
#ifndef JISR_CLIENTS_IMPORT_IMPORTED_ARTICLE_H_
#define JISR_CLIENTS_IMPORT_IMPORTED_ARTICLE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "jisr/v1/resources.pb.h"

namespace jisr::import {

struct ImportedArticle {
  // Language, headline, standfirst, byline, hero image and blocks, with deterministic block ids.
  jisr::v1::Variant variant;

  // From a "Published:" line, when the page has one.
  std::optional<absl::Time> publish_time;

  // From an "Updated:" line, when the page has one.
  std::optional<absl::Time> update_time;

  // Lines recognised as page furniture and left out (repeated captions, the language switch),
  // so a person can check nothing of value was dropped.
  std::vector<std::string> skipped_lines;
};

// OK for a plausible BCP 47 tag ("en", "ar", "ar-AE"); InvalidArgument saying what is expected
// otherwise. The server checks the tag against its configured languages.
absl::Status ValidateLanguageTag(absl::string_view language);

// OK for well-formed UTF-8; InvalidArgument naming the offset of the first bad byte otherwise.
absl::Status ValidateUtf8Input(absl::string_view text);

}  // namespace jisr::import

#endif  // JISR_CLIENTS_IMPORT_IMPORTED_ARTICLE_H_
