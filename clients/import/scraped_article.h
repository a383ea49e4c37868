// Turns an article page scraped as plain text (the layout of fixtures/seed-article-en.txt) into
// a Variant and the times the page prints.
#ifndef JISR_CLIENTS_IMPORT_SCRAPED_ARTICLE_H_
#define JISR_CLIENTS_IMPORT_SCRAPED_ARTICLE_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "clients/import/imported_article.h"

namespace jisr::import {

struct ScrapeOptions {
  // The zone the page's "Updated:" wall times are read in.
  absl::TimeZone time_zone;
};

// Options for the newsroom's own pages: Gulf time.
ScrapeOptions DefaultScrapeOptions();

// Reads, top to bottom (English or Arabic labels, whatever `language` is):
//   - an optional hero image caption: a first line repeated (the scrape repeats it once per
//     image size) or ending in a known credit ("... since 2018. AFP"); the credit is split off;
//   - the headline: the next line of text, at most 300 characters;
//   - up to the language switch ("• English", "• Arabic", "English • العربية"): the byline (the
//     last short, name-like line, "By " optional; several authors split on "and", "," and "،")
//     and a standfirst (any line before it). Without a switch, only a "By ..." line is a byline;
//   - the body: paragraphs separated by blank lines (lines directly under one another are one
//     paragraph), with ids "p1", "p2", ... in order; a fact box, a short title line followed by
//     at least two "Label: value" lines, becomes one fact_box block with id "facts1", "facts2";
//   - "Updated:" / "Published:" lines (and their Arabic forms) anywhere: read as times in
//     `options.time_zone`, not kept in the body.
// The same page gives the same ids every time, and a faithful translation laid out the same way
// gives the same ids, so blocks align by id.
// Errors (InvalidArgument): bad language tag, text that is not UTF-8, no headline, a dateline
// whose date cannot be read. Never crashes, whatever the input.
absl::StatusOr<ImportedArticle> ParseScrapedArticle(absl::string_view text,
                                                    absl::string_view language);
absl::StatusOr<ImportedArticle> ParseScrapedArticle(absl::string_view text,
                                                    absl::string_view language,
                                                    const ScrapeOptions& options);

}  // namespace jisr::import

#endif  // JISR_CLIENTS_IMPORT_SCRAPED_ARTICLE_H_
