#include "clients/import/scraped_article.h"

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "clients/import/credits.h"
#include "clients/import/datelines.h"
#include "clients/import/language_switch.h"
#include "clients/import/text_utils.h"
#include "services/common/status_macros.h"

namespace jisr::import {
namespace {

constexpr size_t kMaxHeadlineChars = 300;     // Variant.headline limit.
constexpr size_t kMaxStandfirstChars = 1000;  // Variant.standfirst limit.
constexpr size_t kMaxBylineChars = 120;
constexpr size_t kMaxFactTitleChars = 60;
constexpr size_t kMaxFactLabelChars = 40;
constexpr size_t kBylineSearchLines = 3;  // Text lines after the headline searched for a switch.

constexpr char kExpectedLayout[] =
    "the importer expects a scraped article page as plain text: an optional image caption "
    "(repeated, or ending with a credit such as \"AFP\"), the headline on its own line, the "
    "byline and the language switch (\"• English\" / \"• Arabic\"), then paragraphs separated by "
    "blank lines, an optional fact box and an \"Updated:\" line";

enum class LineKind { kBlank, kLanguageSwitch, kDateline, kText };

struct Line {
  LineKind kind;
  std::string text;
};

bool ContainsAny(absl::string_view text, std::initializer_list<absl::string_view> needles) {
  for (absl::string_view needle : needles) {
    if (absl::StrContains(text, needle)) return true;
  }
  return false;
}

bool EndsWithAny(absl::string_view text, std::initializer_list<absl::string_view> suffixes) {
  for (absl::string_view suffix : suffixes) {
    if (absl::EndsWith(text, suffix)) return true;
  }
  return false;
}

bool HasDigit(absl::string_view text) {
  const std::string ascii = ToAsciiDigits(text);
  return ascii.find_first_of("0123456789") != std::string::npos;
}

bool HasQuotes(absl::string_view text) { return ContainsAny(text, {"\"", "“", "”", "«", "»"}); }

// Strips "By " / "بقلم" from a byline.
absl::string_view StripBylinePrefix(absl::string_view text) {
  if (text.size() > 3 && absl::StartsWithIgnoreCase(text, "by ")) text.remove_prefix(3);
  if (absl::ConsumePrefix(&text, "بقلم")) absl::ConsumePrefix(&text, ":");
  return TrimUnicodeSpace(text);
}

bool HasBylinePrefix(absl::string_view text) {
  return absl::StartsWithIgnoreCase(text, "by ") || absl::StartsWith(text, "بقلم");
}

// A byline is a short line of names: no digits, quotes or sentence punctuation.
bool LooksLikeByline(absl::string_view text) {
  const absl::string_view names = StripBylinePrefix(text);
  const size_t words = Words(names).size();
  return !names.empty() && CodePointCount(names) <= kMaxBylineChars && words <= 12 &&
         !HasDigit(names) && !HasQuotes(names) &&
         !EndsWithAny(names, {".", "!", "?", ":", "؟", ";", "؛", "…"});
}

std::vector<std::string> SplitAuthors(absl::string_view byline) {
  const std::string marked = absl::StrReplaceAll(
      StripBylinePrefix(byline),
      {{" and ", "\x1F"}, {" & ", "\x1F"}, {",", "\x1F"}, {"،", "\x1F"}, {" و ", "\x1F"}});
  std::vector<std::string> authors;
  for (absl::string_view part : absl::StrSplit(marked, '\x1F')) {
    const absl::string_view name = TrimUnicodeSpace(part);
    if (!name.empty()) authors.emplace_back(name);
  }
  return authors;
}

// A fact box title: a short line that is neither a sentence nor an entry.
bool LooksLikeFactBoxTitle(absl::string_view text) {
  return CodePointCount(text) <= kMaxFactTitleChars && Words(text).size() <= 8 &&
         !absl::StrContains(text, ":") && !HasQuotes(text) &&
         !EndsWithAny(text, {".", "!", "?", ",", "،", "؟", ";", "؛", "…"});
}

// "Based: Cairo, Egypt" -> {"Based", "Cairo, Egypt"}: a short label without digits or sentence
// punctuation, then a value.
std::optional<jisr::v1::FactBox::Entry> ParseFactEntry(absl::string_view text) {
  const size_t colon = text.find(':');
  if (colon == absl::string_view::npos) return std::nullopt;
  const absl::string_view label = TrimUnicodeSpace(text.substr(0, colon));
  const absl::string_view value = TrimUnicodeSpace(text.substr(colon + 1));
  if (label.empty() || value.empty()) return std::nullopt;
  if (CodePointCount(label) > kMaxFactLabelChars || Words(label).size() > 5) return std::nullopt;
  if (HasDigit(label) || HasQuotes(label) ||
      ContainsAny(label, {".", ",", "،", "!", "?", "؟", ";", "؛", "(", ")"})) {
    return std::nullopt;
  }
  jisr::v1::FactBox::Entry entry;
  entry.set_label(std::string(label));
  entry.set_value(std::string(value));
  return entry;
}

absl::Status NoHeadline(absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("no headline found: ", why, "; ", kExpectedLayout));
}

// The parse, over classified lines. `i` is the cursor; text lines are consumed in order.
class ScrapeParser {
 public:
  ScrapeParser(std::vector<Line> lines, ImportedArticle* out)
      : lines_(std::move(lines)), out_(out), variant_(&out->variant) {}

  absl::Status Parse() {
    size_t i = NextText(0);
    if (i == lines_.size()) return NoHeadline("the input has no lines of text");
    i = ParseHeroCaption(i);
    i = NextText(i);
    if (i == lines_.size()) {
      return NoHeadline("only an image caption was found, and the headline must follow it");
    }
    const std::string& headline = lines_[i].text;
    if (CodePointCount(headline) > kMaxHeadlineChars) {
      return NoHeadline(absl::StrCat(
          "the first line of text", variant_->has_hero_image() ? " after the image caption" : "",
          " is ", CodePointCount(headline),
          " characters long, and a headline is one line of at most ", kMaxHeadlineChars,
          "; put the headline on its own line above "
          "the body"));
    }
    variant_->set_headline(headline);
    i = ParseBylineAndStandfirst(i + 1);
    ParseBody(i);
    return absl::OkStatus();
  }

 private:
  // The index of the first text line at or after `i`, or lines_.size().
  size_t NextText(size_t i) const {
    while (i < lines_.size() && lines_[i].kind != LineKind::kText) ++i;
    return i;
  }

  size_t ParseHeroCaption(size_t i) {
    const std::string& first = lines_[i].text;
    size_t end = i;
    while (end < lines_.size() && lines_[end].kind == LineKind::kText &&
           lines_[end].text == first) {
      ++end;
    }
    CaptionCredit caption = SplitCaptionCredit(first);
    // A repeated first line is a caption even with nothing after it (then there is no
    // headline); a single line is one only when it ends with a credit and text follows.
    const bool repeated = end - i >= 2;
    const bool text_follows = NextText(end) < lines_.size();
    if (!repeated && (caption.credit.empty() || !text_follows)) return i;

    auto* hero = variant_->mutable_hero_image();
    hero->set_caption(caption.caption);
    hero->set_credit(caption.credit);
    caption_line_ = first;
    for (size_t k = i + 1; k < end; ++k) out_->skipped_lines.push_back(lines_[k].text);
    // Copies of the caption further down (another image size) are the same image.
    for (size_t k = NextText(end); k < lines_.size() && lines_[k].text == caption_line_;
         k = NextText(end)) {
      out_->skipped_lines.push_back(lines_[k].text);
      end = k + 1;
    }
    return end;
  }

  // Between the headline and the language switch: [standfirst] byline. Returns where the body
  // starts.
  size_t ParseBylineAndStandfirst(size_t i) {
    size_t switch_at = lines_.size();
    size_t text_seen = 0;
    for (size_t k = i; k < lines_.size(); ++k) {
      if (lines_[k].kind == LineKind::kLanguageSwitch) {
        switch_at = k;
        break;
      }
      if (lines_[k].kind == LineKind::kText && ++text_seen > kBylineSearchLines) break;
    }

    if (switch_at == lines_.size()) {
      const size_t k = NextText(i);
      if (k < lines_.size() && HasBylinePrefix(lines_[k].text) && LooksLikeByline(lines_[k].text)) {
        AddByline(lines_[k].text);
        return k + 1;
      }
      return i;
    }

    std::vector<size_t> header;
    for (size_t k = i; k < switch_at; ++k) {
      if (lines_[k].kind == LineKind::kText) header.push_back(k);
    }
    if (!header.empty() && LooksLikeByline(lines_[header.back()].text)) {
      AddByline(lines_[header.back()].text);
      lines_[header.back()].kind = LineKind::kBlank;  // Consumed.
      header.pop_back();
    }
    std::vector<absl::string_view> standfirst_lines;
    for (size_t k : header) standfirst_lines.push_back(lines_[k].text);
    const std::string standfirst = absl::StrJoin(standfirst_lines, " ");
    if (CodePointCount(standfirst) > kMaxStandfirstChars) return i;  // Body text, not a dek.
    variant_->set_standfirst(standfirst);
    return switch_at;
  }

  void AddByline(absl::string_view line) {
    for (std::string& name : SplitAuthors(line)) variant_->add_byline()->set_name(std::move(name));
  }

  void ParseBody(size_t i) {
    int paragraphs = 0;
    int fact_boxes = 0;
    while ((i = NextText(i)) < lines_.size()) {
      const std::string& text = lines_[i].text;
      if (!caption_line_.empty() && text == caption_line_) {
        out_->skipped_lines.push_back(text);
        ++i;
        continue;
      }
      if (size_t after = 0; LooksLikeFactBoxTitle(text) && ParseFactBox(i, &after, fact_boxes)) {
        ++fact_boxes;
        i = after;
        continue;
      }
      std::string paragraph = text;
      for (++i; i < lines_.size() && lines_[i].kind == LineKind::kText; ++i) {
        absl::StrAppend(&paragraph, " ", lines_[i].text);
      }
      auto* block = variant_->add_blocks();
      block->set_id(absl::StrCat("p", ++paragraphs));
      block->mutable_paragraph()->set_text(paragraph);
    }
  }

  // A fact box titled by the line at `title_at`: adds it and sets `after` when at least two
  // entries follow.
  bool ParseFactBox(size_t title_at, size_t* after, int boxes_so_far) {
    jisr::v1::FactBox box;
    box.set_title(lines_[title_at].text);
    size_t end = title_at + 1;
    for (size_t k = NextText(end); k < lines_.size(); k = NextText(end)) {
      std::optional<jisr::v1::FactBox::Entry> entry = ParseFactEntry(lines_[k].text);
      if (!entry.has_value()) break;
      *box.add_entries() = std::move(*entry);
      end = k + 1;
    }
    if (box.entries_size() < 2) return false;
    auto* block = variant_->add_blocks();
    block->set_id(absl::StrCat("facts", boxes_so_far + 1));
    *block->mutable_fact_box() = std::move(box);
    *after = end;
    return true;
  }

  std::vector<Line> lines_;
  ImportedArticle* out_;
  jisr::v1::Variant* variant_;
  std::string caption_line_;  // The hero caption as scraped; empty when there is none.
};

}  // namespace

ScrapeOptions DefaultScrapeOptions() { return ScrapeOptions{GulfTimeZone()}; }

absl::StatusOr<ImportedArticle> ParseScrapedArticle(absl::string_view text,
                                                    absl::string_view language) {
  return ParseScrapedArticle(text, language, DefaultScrapeOptions());
}

absl::StatusOr<ImportedArticle> ParseScrapedArticle(absl::string_view text,
                                                    absl::string_view language,
                                                    const ScrapeOptions& options) {
  JISR_RETURN_IF_ERROR(ValidateLanguageTag(language));
  JISR_RETURN_IF_ERROR(ValidateUtf8Input(text));

  ImportedArticle article;
  article.variant.set_language(std::string(language));
  std::vector<Line> lines;
  for (absl::string_view raw : SplitLines(text)) {
    Line line{LineKind::kText, CleanLine(raw)};
    if (line.text.empty()) {
      line.kind = LineKind::kBlank;
    } else if (IsLanguageSwitch(line.text)) {
      line.kind = LineKind::kLanguageSwitch;
      article.skipped_lines.push_back(line.text);
    } else {
      JISR_ASSIGN_OR_RETURN(std::optional<Dateline> dateline,
                            ParseDatelineLine(line.text, options.time_zone));
      if (dateline.has_value()) {
        line.kind = LineKind::kDateline;
        // A page with several "Updated:" lines means the latest one.
        auto& slot =
            dateline->kind == DatelineKind::kUpdated ? article.update_time : article.publish_time;
        if (!slot.has_value() || *slot < dateline->time) slot = dateline->time;
      }
    }
    lines.push_back(std::move(line));
  }

  ScrapeParser parser(std::move(lines), &article);
  JISR_RETURN_IF_ERROR(parser.Parse());
  return article;
}

}  // namespace jisr::import
