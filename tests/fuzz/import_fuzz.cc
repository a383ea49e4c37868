// libFuzzer entry point for the importers: any bytes, in either language, must give a Variant
// that keeps the importers' promises or a clean error, and never a crash.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "clients/import/datelines.h"
#include "clients/import/scraped_article.h"
#include "clients/import/text_utils.h"
#include "clients/import/translation_alignment.h"
#include "clients/import/udhr_html.h"

namespace {

void Require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "import_fuzz: broken promise: %s\n", what);
  std::abort();
}

bool IsBlockId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

void CheckText(const std::string& text) {
  Require(jisr::import::IsValidUtf8(text), "output text is valid UTF-8");
  Require(text.find('\n') == std::string::npos && text.find('\r') == std::string::npos,
          "output text has no line breaks");
}

void CheckVariant(const jisr::v1::Variant& variant) {
  Require(!variant.headline().empty(), "a parsed variant has a headline");
  CheckText(variant.headline());
  CheckText(variant.standfirst());
  CheckText(variant.hero_image().caption());
  for (const auto& author : variant.byline()) CheckText(author.name());
  absl::flat_hash_set<std::string> ids;
  for (const auto& block : variant.blocks()) {
    Require(IsBlockId(block.id()), "block ids are 1-64 characters of [A-Za-z0-9_-]");
    Require(ids.insert(block.id()).second, "block ids are unique");
    Require(block.kind_case() != jisr::v1::Block::KIND_NOT_SET, "every block has a kind");
    if (block.has_paragraph()) {
      Require(!block.paragraph().text().empty(), "paragraphs are not empty");
      CheckText(block.paragraph().text());
    }
    if (block.has_heading()) CheckText(block.heading().text());
    for (const auto& item : block.list().items()) CheckText(item);
    for (const auto& entry : block.fact_box().entries()) {
      CheckText(entry.label());
      CheckText(entry.value());
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  for (const char* language : {"en", "ar"}) {
    absl::StatusOr<jisr::import::ImportedArticle> scraped =
        jisr::import::ParseScrapedArticle(input, language);
    if (scraped.ok()) {
      CheckVariant(scraped->variant);
      Require(jisr::import::CodePointCount(scraped->variant.headline()) <= 300,
              "headlines are at most 300 characters");
    } else {
      Require(scraped.status().code() == absl::StatusCode::kInvalidArgument,
              "scraped-article errors are InvalidArgument");
    }
    absl::StatusOr<jisr::v1::Variant> udhr = jisr::import::ParseUdhrHtml(input, language);
    if (udhr.ok()) {
      CheckVariant(*udhr);
      if (scraped.ok()) {
        jisr::v1::Variant translation = scraped->variant;
        jisr::import::AlignTranslationBlocks(*udhr, &translation);
      }
    } else {
      Require(udhr.status().code() == absl::StatusCode::kInvalidArgument,
              "UDHR errors are InvalidArgument");
    }
  }
  (void)jisr::import::ParseNewsroomDate(input, jisr::import::GulfTimeZone());
  return 0;
}

namespace jisr::fuzz {
extern const char kFuzzTargetName[] = "import_fuzz";
// Bytes that steer the importers into their interesting branches.
const std::vector<std::string>& FuzzTokens() {
  static const auto* const tokens = new std::vector<std::string>{"\n",
                                                                 "\n\n",
                                                                 "<",
                                                                 ">",
                                                                 "</p>",
                                                                 "<p>",
                                                                 "<li>",
                                                                 "<ol>",
                                                                 "<article data-number=\"",
                                                                 "&#x",
                                                                 "&amp;",
                                                                 ":",
                                                                 "Updated: ",
                                                                 "تاريخ التحديث: ",
                                                                 "•",
                                                                 " AFP",
                                                                 "\xD9",
                                                                 "\xE2\x80",
                                                                 "\xF0\x9F\x98\x80",
                                                                 "<h1>",
                                                                 "<header>",
                                                                 "٥:٠٦ م"};
  return *tokens;
}
}  // namespace jisr::fuzz
