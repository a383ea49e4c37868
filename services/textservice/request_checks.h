// The checks TextServiceCore makes on a request before it runs anything. Each problem is a
// violation naming its field ("text", "language", "style.locale"), so that one response names them
// all (services/common/errors.h).
#ifndef JISR_SERVICES_TEXTSERVICE_REQUEST_CHECKS_H_
#define JISR_SERVICES_TEXTSERVICE_REQUEST_CHECKS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "jisr/v1/text_service.pb.h"
#include "services/common/errors.h"

namespace jisr::textservice {

// Checks a required text field. Ill-formed UTF-8 is returned at once, as the transport's own
// decoding reports it (reason INVALID_UTF8); the other problems go to `violations`.
absl::Status CheckText(const std::string& text, FieldViolations& violations);

// A well-formed BCP 47 tag with a language subtag, of any language (the text need not be in a
// language the newsroom publishes).
void CheckLanguage(absl::string_view field, const std::string& tag, FieldViolations& violations);

// A value of a proto enum that `is_valid` (its generated _IsValid) knows; `choices` lists them.
template <typename IsValid>
void CheckEnum(absl::string_view field, int value, IsValid is_valid, absl::string_view choices,
               FieldViolations& violations) {
  if (!is_valid(value)) {
    violations.Add(std::string(field),
                   absl::StrCat("unknown value ", value, ": use one of ", choices));
  }
}

// An optional direction_rule: a DirectionRule value.
inline void CheckDirectionRule(int value, FieldViolations& violations) {
  CheckEnum(
      "direction_rule", value, jisr::v1::DirectionRule_IsValid,
      "DIRECTION_RULE_UNSPECIFIED or DIRECTION_RULE_LANGUAGE (the language's direction unless "
      "the text is essentially in another script), DIRECTION_RULE_FIRST_STRONG",
      violations);
}

// Each field of a requested dateline style that is set must work on its own; one violation per
// bad field, named "style.<field>".
void CheckDatelineStyle(const jisr::v1::DatelineStyle& style, FieldViolations& violations);

// A time that is set and within google.protobuf.Timestamp's range.
void CheckTime(const jisr::v1::FormatDateRequest& request, FieldViolations& violations);

}  // namespace jisr::textservice

#endif  // JISR_SERVICES_TEXTSERVICE_REQUEST_CHECKS_H_
