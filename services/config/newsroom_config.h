// The newsroom's configuration: which languages it publishes in, and how each is shown.
#ifndef JISR_SERVICES_CONFIG_NEWSROOM_CONFIG_H_
#define JISR_SERVICES_CONFIG_NEWSROOM_CONFIG_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jisr/v1/resources.pb.h"
#include "services/text/dateline.h"
#include "services/text/slug.h"

namespace jisr::config {

struct NewsroomConfig {
  // The languages, the newsroom's default (the hreflang x-default) first.
  std::vector<jisr::v1::Language> languages;

  // Text in another script than the variant's language is an error rather than a warning.
  bool wrong_script_is_error = false;

  // Slugs of languages not written in Latin: in their own script, or transliterated.
  text::SlugScript non_latin_slugs = text::SlugScript::kNative;

  // Dateline digits ("latn" or "arab") and calendar ("gregorian" or "islamic-umalqura") per
  // language code; a language not listed uses Latin digits and the Gregorian calendar.
  std::vector<std::pair<std::string, std::pair<std::string, std::string>>> dateline_overrides;

  // The configured language with this BCP 47 tag, or nullptr.
  const jisr::v1::Language* FindLanguage(absl::string_view code) const;
  const std::string& default_language() const { return languages.front().code(); }

  // The newsroom's dateline style for a language: its date locale and time zone, the newsroom's
  // pattern and labels, digits and calendar as configured.
  text::DateStyle DateStyleFor(absl::string_view code) const;
};

// Parses --dateline_styles: comma-separated "code:numbering[:calendar]", e.g. "ar:arab".
absl::Status ParseDatelineStyles(absl::string_view flag, NewsroomConfig& config);

// Parses the --languages flag: comma-separated entries "code[:date_locale[:time_zone]]", e.g.
// "en,ar" or "en:en-AE:Asia/Dubai,ar:ar-AE:Asia/Dubai". Missing parts default to the
// "<code>-AE" locale and `default_time_zone`; direction and names come from ICU's locale data.
absl::StatusOr<NewsroomConfig> ParseLanguages(absl::string_view flag,
                                              absl::string_view default_time_zone);

}  // namespace jisr::config

#endif  // JISR_SERVICES_CONFIG_NEWSROOM_CONFIG_H_
