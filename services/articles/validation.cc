#include "services/articles/validation.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/articles/text_fields.h"
#include "services/common/ids.h"
#include "services/common/utf8.h"

namespace jisr::articles {
namespace {

constexpr int kMaxBylines = 20;
constexpr int kMaxTags = 50;
constexpr int kMaxTagChars = 100;
constexpr int kMaxSectionChars = 100;
constexpr int kMaxBlocks = 2000;
constexpr int kMaxListItems = 500;
constexpr int kMaxFactEntries = 200;
constexpr size_t kMaxUrlBytes = 2048;
constexpr size_t kMaxSlugBytes = 200;
constexpr int kMaxProviderChars = 100;


}  // namespace

void ValidateText(const std::string& path, std::string& text, const TextFieldSpec& spec,
                  FieldViolations& violations) {
  int64_t bad = FindInvalidUtf8(text);
  if (bad >= 0) {
    violations.Add(path, absl::StrCat("invalid UTF-8 at byte ", bad,
                                      ": send text as UTF-8 (the wire format of proto strings)"));
    return;
  }
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    if (c == '\n' && !spec.allow_newlines) {
      violations.Add(path, absl::StrCat("line break at character ", i,
                                        ": this field is one line; use separate blocks instead"));
      return;
    }
    if ((c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f)) {
      violations.Add(path, absl::StrCat("control character U+", absl::Hex(c, absl::kZeroPad4),
                                        " at character ", i, ": remove it"));
      return;
    }
    i += U16_LENGTH(c);
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_SUCCESS(status) && !nfc->isNormalized(u, status)) {
    icu::UnicodeString normalized = nfc->normalize(u, status);
    if (U_SUCCESS(status)) {
      u = normalized;
      text.clear();
      u.toUTF8String(text);
    }
  }
  absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  if (trimmed.size() != text.size()) text = std::string(trimmed);
  if (text.empty()) {
    if (spec.required) violations.Add(path, "required: must not be empty");
    return;
  }
  int32_t chars = u.countChar32();
  if (chars > spec.max_chars) {
    violations.Add(path, absl::StrCat("too long: ", chars, " characters, at most ",
                                      spec.max_chars, " allowed"));
  }
}

namespace {

void CheckUrl(const std::string& path, const std::string& url, bool required,
              FieldViolations& violations) {
  if (url.empty()) {
    if (required) violations.Add(path, "required: an absolute http(s) URL");
    return;
  }
  if (url.size() > kMaxUrlBytes) {
    violations.Add(path, absl::StrCat("too long: ", url.size(), " bytes, at most ", kMaxUrlBytes));
  } else if (!IsValidHttpUrl(url)) {
    violations.Add(path, "not an absolute http(s) URL such as https://example.com/image.jpg");
  }
}

int32_t CountChars(absl::string_view text) {
  return icu::UnicodeString::fromUTF8(text).countChar32();
}

}  // namespace

bool IsValidHttpUrl(absl::string_view url) {
  if (!absl::StartsWith(url, "https://") && !absl::StartsWith(url, "http://")) return false;
  absl::string_view rest = url.substr(url.find("://") + 3);
  if (rest.empty() || rest.front() == '/') return false;
  for (unsigned char c : url) {
    if (c <= 0x20 || c == 0x7f) return false;
  }
  return FindInvalidUtf8(url) < 0;
}

bool IsValidSlug(absl::string_view slug) {
  if (slug.empty() || slug.size() > kMaxSlugBytes || FindInvalidUtf8(slug) >= 0) return false;
  if (slug.front() == '-' || slug.back() == '-' || absl::StrContains(slug, "--")) return false;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(slug);
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (c == '-') continue;
    // Marks are allowed so that scripts which need them (Devanagari, say) can have slugs.
    bool ok = (u_isalnum(c) && !u_isupper(c) && !u_istitle(c)) ||
              (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
    if (!ok) return false;
  }
  return true;
}

std::string SlugFromHeadline(absl::string_view headline) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(headline);
  u.toLower(icu::Locale::getRoot());
  std::string out;
  bool pending_hyphen = false;
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    // Apostrophes join ("Washington's" -> "washingtons"); harakat and tatweel are dropped.
    if (c == '\'' || c == 0x2019 || c == 0x0640 || (c >= 0x064B && c <= 0x065F) || c == 0x0670) {
      continue;
    }
    if (u_isalnum(c)) {
      if (pending_hyphen && !out.empty()) out.push_back('-');
      pending_hyphen = false;
      icu::UnicodeString one(c);
      std::string bytes;
      one.toUTF8String(bytes);
      if (out.size() + bytes.size() + 1 > kMaxSlugBytes) break;
      out += bytes;
    } else {
      pending_hyphen = true;
    }
  }
  if (out.empty()) return "untitled";
  return out;
}

void ValidateContent(jisr::v1::Variant& variant, absl::string_view prefix,
                     FieldViolations& violations) {
  auto path = [&](absl::string_view field) { return FieldPath(prefix, field); };

  ForEachTextField(variant, [&](const std::string& field, std::string& text,
                                const TextFieldSpec& spec) {
    ValidateText(path(field), text, spec, violations);
  });

  if (variant.byline_size() > kMaxBylines) {
    violations.Add(path("byline"), absl::StrCat("at most ", kMaxBylines, " authors"));
  }
  if (CountChars(variant.section()) > kMaxSectionChars || FindInvalidUtf8(variant.section()) >= 0) {
    violations.Add(path("section"), absl::StrCat("at most ", kMaxSectionChars,
                                                 " characters of UTF-8 text"));
  }
  if (variant.tags_size() > kMaxTags) {
    violations.Add(path("tags"), absl::StrCat("at most ", kMaxTags, " tags"));
  }
  for (int i = 0; i < variant.tags_size(); ++i) {
    const std::string& tag = variant.tags(i);
    if (tag.empty() || CountChars(tag) > kMaxTagChars || FindInvalidUtf8(tag) >= 0) {
      violations.Add(path(absl::StrCat("tags[", i, "]")),
                     absl::StrCat("a tag is 1 to ", kMaxTagChars, " characters of UTF-8 text"));
    }
  }
  if (!variant.slug().empty() && !IsValidSlug(variant.slug())) {
    violations.Add(path("slug"),
                   "a slug is lower-case letters, digits and single hyphens (no leading or "
                   "trailing hyphen), at most 200 bytes, such as \"blinken-meets-xi\"; leave it "
                   "empty to derive one from the headline");
  }
  if (variant.has_hero_image()) {
    CheckUrl(path("hero_image.url"), variant.hero_image().url(), false, violations);
    if (variant.hero_image().width() < 0 || variant.hero_image().height() < 0) {
      violations.Add(path("hero_image"), "width and height must not be negative");
    }
  }
  if (variant.has_display_time() &&
      (variant.display_time().seconds() < -62135596800 ||
       variant.display_time().seconds() > 253402300799 || variant.display_time().nanos() < 0 ||
       variant.display_time().nanos() > 999999999)) {
    violations.Add(path("display_time"), "not a valid timestamp (years 1 to 9999)");
  }

  if (variant.blocks_size() > kMaxBlocks) {
    violations.Add(path("blocks"), absl::StrCat("at most ", kMaxBlocks, " blocks"));
  }
  absl::flat_hash_set<std::string> ids;
  for (int i = 0; i < variant.blocks_size(); ++i) {
    jisr::v1::Block& block = *variant.mutable_blocks(i);
    std::string block_path = path(absl::StrCat("blocks[", i, "]"));
    if (block.id().empty()) {
      block.set_id(NewBlockId());
    } else if (!IsValidToken(block.id())) {
      violations.Add(block_path + ".id", "1 to 64 characters of [A-Za-z0-9_-]");
    } else if (!ids.insert(block.id()).second) {
      violations.Add(block_path + ".id",
                     absl::StrCat("\"", block.id(), "\" is used by an earlier block: block ids "
                                  "are unique within a variant"));
    }
    if (!block.source_block_id().empty() && !IsValidToken(block.source_block_id())) {
      violations.Add(block_path + ".source_block_id", "1 to 64 characters of [A-Za-z0-9_-]");
    }
    switch (block.kind_case()) {
      case jisr::v1::Block::KIND_NOT_SET:
        violations.Add(block_path, "a block needs one kind: paragraph, heading, quote, image, "
                                   "list, fact_box or embed");
        break;
      case jisr::v1::Block::kHeading:
        if (block.heading().level() != 0 &&
            (block.heading().level() < 2 || block.heading().level() > 6)) {
          violations.Add(block_path + ".heading.level", "2 to 6, or 0 for 2");
        }
        break;
      case jisr::v1::Block::kImage:
        CheckUrl(block_path + ".image.url", block.image().url(), true, violations);
        if (block.image().width() < 0 || block.image().height() < 0) {
          violations.Add(block_path + ".image", "width and height must not be negative");
        }
        break;
      case jisr::v1::Block::kList:
        if (block.list().items_size() == 0 || block.list().items_size() > kMaxListItems) {
          violations.Add(block_path + ".list.items",
                         absl::StrCat("a list has 1 to ", kMaxListItems, " items"));
        }
        break;
      case jisr::v1::Block::kFactBox:
        if (block.fact_box().entries_size() == 0 ||
            block.fact_box().entries_size() > kMaxFactEntries) {
          violations.Add(block_path + ".fact_box.entries",
                         absl::StrCat("a fact box has 1 to ", kMaxFactEntries, " entries"));
        }
        break;
      case jisr::v1::Block::kEmbed:
        CheckUrl(block_path + ".embed.url", block.embed().url(), true, violations);
        if (CountChars(block.embed().provider()) > kMaxProviderChars) {
          violations.Add(block_path + ".embed.provider",
                         absl::StrCat("at most ", kMaxProviderChars, " characters"));
        }
        break;
      case jisr::v1::Block::kParagraph:
      case jisr::v1::Block::kQuote:
        break;
    }
  }
}

}  // namespace jisr::articles
