#include "services/articles/text_fields.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace jisr::articles {
namespace {

// The limits the proto documents; keep the two in step.
// A draft may have no headline yet; publishing requires one.
constexpr TextFieldSpec kHeadline{300, false, false};
constexpr TextFieldSpec kStandfirst{1000, false, false};
constexpr TextFieldSpec kAuthorName{200, true, false};
constexpr TextFieldSpec kAuthorRole{200, false, false};
constexpr TextFieldSpec kCaption{2000, false, false};
constexpr TextFieldSpec kCredit{200, false, false};
constexpr TextFieldSpec kAltText{1000, false, false};
constexpr TextFieldSpec kParagraph{20000, true, false};
constexpr TextFieldSpec kHeading{500, true, false};
constexpr TextFieldSpec kQuote{5000, true, true};
constexpr TextFieldSpec kAttribution{500, false, false};
constexpr TextFieldSpec kListItem{5000, true, false};
constexpr TextFieldSpec kFactTitle{200, false, false};
constexpr TextFieldSpec kFactLabel{200, true, false};
constexpr TextFieldSpec kFactValue{2000, true, false};
constexpr TextFieldSpec kEmbedTitle{1000, false, false};

using Visitor = std::function<void(const std::string&, std::string&, const TextFieldSpec&)>;

void VisitImage(const std::string& prefix, jisr::v1::Image& image, const Visitor& visit) {
  visit(absl::StrCat(prefix, ".caption"), *image.mutable_caption(), kCaption);
  visit(absl::StrCat(prefix, ".credit"), *image.mutable_credit(), kCredit);
  visit(absl::StrCat(prefix, ".alt_text"), *image.mutable_alt_text(), kAltText);
}

}  // namespace

void ForEachTextField(jisr::v1::Variant& variant, const Visitor& visit) {
  visit("headline", *variant.mutable_headline(), kHeadline);
  visit("standfirst", *variant.mutable_standfirst(), kStandfirst);
  for (int i = 0; i < variant.byline_size(); ++i) {
    auto* author = variant.mutable_byline(i);
    std::string prefix = absl::StrCat("byline[", i, "]");
    visit(absl::StrCat(prefix, ".name"), *author->mutable_name(), kAuthorName);
    visit(absl::StrCat(prefix, ".role"), *author->mutable_role(), kAuthorRole);
  }
  if (variant.has_hero_image()) VisitImage("hero_image", *variant.mutable_hero_image(), visit);
  for (int i = 0; i < variant.blocks_size(); ++i) {
    jisr::v1::Block& block = *variant.mutable_blocks(i);
    std::string prefix = absl::StrCat("blocks[", i, "]");
    switch (block.kind_case()) {
      case jisr::v1::Block::kParagraph:
        visit(absl::StrCat(prefix, ".paragraph.text"), *block.mutable_paragraph()->mutable_text(),
              kParagraph);
        break;
      case jisr::v1::Block::kHeading:
        visit(absl::StrCat(prefix, ".heading.text"), *block.mutable_heading()->mutable_text(),
              kHeading);
        break;
      case jisr::v1::Block::kQuote:
        visit(absl::StrCat(prefix, ".quote.text"), *block.mutable_quote()->mutable_text(), kQuote);
        visit(absl::StrCat(prefix, ".quote.attribution"),
              *block.mutable_quote()->mutable_attribution(), kAttribution);
        break;
      case jisr::v1::Block::kImage:
        VisitImage(absl::StrCat(prefix, ".image"), *block.mutable_image(), visit);
        break;
      case jisr::v1::Block::kList:
        for (int j = 0; j < block.list().items_size(); ++j) {
          visit(absl::StrCat(prefix, ".list.items[", j, "]"),
                *block.mutable_list()->mutable_items(j), kListItem);
        }
        break;
      case jisr::v1::Block::kFactBox: {
        auto* box = block.mutable_fact_box();
        visit(absl::StrCat(prefix, ".fact_box.title"), *box->mutable_title(), kFactTitle);
        for (int j = 0; j < box->entries_size(); ++j) {
          std::string entry = absl::StrCat(prefix, ".fact_box.entries[", j, "]");
          visit(absl::StrCat(entry, ".label"), *box->mutable_entries(j)->mutable_label(),
                kFactLabel);
          visit(absl::StrCat(entry, ".value"), *box->mutable_entries(j)->mutable_value(),
                kFactValue);
        }
        break;
      }
      case jisr::v1::Block::kEmbed:
        visit(absl::StrCat(prefix, ".embed.title"), *block.mutable_embed()->mutable_title(),
              kEmbedTitle);
        break;
      case jisr::v1::Block::KIND_NOT_SET:
        break;
    }
  }
}

bool IsBlockFieldPath(absl::string_view path) { return absl::StartsWith(path, "blocks["); }

}  // namespace jisr::articles
