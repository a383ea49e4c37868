// Every human-readable text field of a variant's content, visited in one place, so validation,
// normalization and text analysis cannot miss one.
#ifndef JISR_SERVICES_ARTICLES_TEXT_FIELDS_H_
#define JISR_SERVICES_ARTICLES_TEXT_FIELDS_H_

#include <functional>
#include <string>

#include "absl/strings/string_view.h"
#include "jisr/v1/resources.pb.h"

namespace jisr::articles {

struct TextFieldSpec {
  int max_chars;        // in code points
  bool required;        // must not be empty
  bool allow_newlines;  // only long-form text may span lines
};

// Calls `visit(path, text, spec)` for every text field of `variant`'s content. `path` is the
// field's path inside the Variant message, with list indexes: "blocks[3].paragraph.text".
void ForEachTextField(jisr::v1::Variant& variant,
                      const std::function<void(const std::string& path, std::string& text,
                                               const TextFieldSpec& spec)>& visit);

// Whether `path`, as ForEachTextField names fields, is inside one of the content's blocks.
bool IsBlockFieldPath(absl::string_view path);

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_TEXT_FIELDS_H_
