// Checks and cleans a variant's content before it is written: every problem found is reported
// at once, each naming its field.
#ifndef JISR_SERVICES_ARTICLES_VALIDATION_H_
#define JISR_SERVICES_ARTICLES_VALIDATION_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "jisr/v1/resources.pb.h"
#include "jisr/v1/text.pb.h"
#include "services/articles/analysis_memo.h"
#include "services/articles/text_fields.h"
#include "services/common/errors.h"

namespace jisr::articles {

// How text is judged for a variant.
struct TextPolicy {
  // The variant's language: text in another script is a WRONG_SCRIPT warning.
  std::string language;
  // The newsroom's policy: a WRONG_SCRIPT field is an error rather than a warning.
  bool wrong_script_is_error = false;
  // Analyses made before, so unchanged fields are not analysed again; none when null.
  AnalysisMemo* memo = nullptr;
};

// What PrepareContent found in, and made of, a variant's content.
struct PreparedContent {
  // What the text pipeline changed in the text, or doubts about it (such as a wrong script).
  std::vector<jisr::v1::TextWarning> warnings;
  // The analysis of the text as stored: direction, runs, isolates, search keys, words.
  jisr::v1::VariantText analysis;
};

// Makes a variant's content ready to store: checks every content field (the limits are in
// content.proto and resources.proto), normalizes every text field through the text pipeline
// (NFC, controls and bidi controls repaired), gives each block without an id a fresh one, and
// analyses the stored text. Problems go to `violations`, with paths under `prefix` (such as
// "variant").
PreparedContent PrepareContent(jisr::v1::Variant& variant, absl::string_view prefix,
                               const TextPolicy& policy, FieldViolations& violations);

// Checks one text field against `spec` (well-formed UTF-8, no control characters, the line
// rule, required, length) and leaves it trimmed and in NFC; problems go to `violations` under
// `path`.
void ValidateText(const std::string& path, std::string& text, const TextFieldSpec& spec,
                  FieldViolations& violations);

// True for a slug: lower-case letters (any script), digits and single hyphens inside, at most
// 200 bytes.
bool IsValidSlug(absl::string_view slug);

// True for an absolute http or https URL without spaces or control characters.
bool IsValidHttpUrl(absl::string_view url);

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_VALIDATION_H_
