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
#include "services/articles/timestamps.h"
#include "services/common/ids.h"
#include "services/common/utf8.h"
#include "services/text/analyze.h"
#include "services/text/excerpt.h"
#include "services/text/language.h"
#include "services/text/normalize.h"
#include "services/text/word_count.h"
#include "services/textproto/text_messages.h"

namespace jisr::articles {
namespace {

namespace v1 = ::jisr::v1;

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
constexpr int kExcerptChars = 300;

// Trims the text and checks the required and length rules.
void CheckTrimmedLength(const std::string& path, std::string& text, const TextFieldSpec& spec,
                        FieldViolations& violations) {
  absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  if (trimmed.size() != text.size()) text = std::string(trimmed);
  if (text.empty()) {
    if (spec.required) violations.Add(path, "required: must not be empty");
    return;
  }
  int32_t chars = icu::UnicodeString::fromUTF8(text).countChar32();
  if (chars > spec.max_chars) {
    violations.Add(path, absl::StrCat("too long: ", chars, " characters, at most ", spec.max_chars,
                                      " allowed"));
  }
}

}  // namespace

void ValidateText(const std::string& path, std::string& text, const TextFieldSpec& spec,
                  FieldViolations& violations) {
  text::NormalizeOptions options;
  options.allow_newlines = spec.allow_newlines;
  absl::StatusOr<text::NormalizedText> normalized = text::NormalizeForStorage(text, options);
  if (!normalized.ok()) {
    violations.Add(path, absl::StrCat(normalized.status().message(),
                                      ": send text as UTF-8 (the wire format of proto strings)"));
    return;
  }
  text = std::move(normalized->text);
  CheckTrimmedLength(path, text, spec, violations);
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

// Body text counts towards words and reading time; image metadata does not.
bool CountsAsReading(const std::string& field) {
  return field == "headline" || field == "standfirst" ||
         (IsBlockFieldPath(field) && !absl::StrContains(field, ".image."));
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
    bool ok =
        (u_isalnum(c) && !u_isupper(c) && !u_istitle(c)) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
    if (!ok) return false;
  }
  return true;
}

namespace {

// Normalizes and analyses every text field; the analysis of the stored text goes to `prepared`.
void PrepareText(v1::Variant& variant, absl::string_view prefix, const TextPolicy& policy,
                 FieldViolations& violations, PreparedContent& prepared) {
  auto path = [&](absl::string_view field) { return FieldPath(prefix, field); };
  int64_t words = 0;
  std::string body;  // the paragraphs, for the excerpt
  ForEachTextField(
      variant, [&](const std::string& field, std::string& text, const TextFieldSpec& spec) {
        if (text.empty()) {
          if (spec.required) violations.Add(path(field), "required: must not be empty");
          return;
        }
        text::AnalyzeOptions options;
        options.language = policy.language;
        options.allow_newlines = spec.allow_newlines;
        absl::StatusOr<std::shared_ptr<const AnalyzedText>> result =
            AnalyzeText(text, options, policy.memo);
        if (!result.ok()) {
          violations.Add(path(field), absl::StrCat(result.status().message(),
                                                   ": send text as UTF-8 (the wire format of proto "
                                                   "strings)"));
          return;
        }
        text = (*result)->text;
        CheckTrimmedLength(path(field), text, spec, violations);
        if (text != (*result)->text) {
          // Trimming moved the offsets: analyse what is stored.
          result = AnalyzeText(text, options, policy.memo);
          if (!result.ok()) return;
        }
        const AnalyzedText& analyzed = **result;
        for (const text::TextWarning& warning : analyzed.warnings) {
          if (warning.code == text::WarningCode::kWrongScript && policy.wrong_script_is_error) {
            violations.Add(path(field), absl::StrCat(warning.message,
                                                     " (the newsroom treats text "
                                                     "in another script as an error)"));
          }
          prepared.warnings.push_back(textproto::ToProto(warning, path(field)));
        }
        v1::FieldText* field_text = prepared.analysis.add_fields();
        *field_text = analyzed.field_text;
        field_text->set_field(field);
        if (CountsAsReading(field)) words += analyzed.word_count;
        if (absl::EndsWith(field, ".paragraph.text") && body.size() < 4 * kExcerptChars) {
          absl::StrAppend(&body, body.empty() ? "" : " ", text);
        }
      });
  absl::StatusOr<text::LanguageInfo> language = text::GetLanguageInfo(policy.language);
  prepared.analysis.set_word_count(static_cast<int32_t>(words));
  prepared.analysis.set_reading_time_seconds(text::ReadingTimeSeconds(
      words, language.ok() ? language->words_per_minute : text::kDefaultWordsPerMinute));
  absl::StatusOr<std::string> excerpt =
      text::Excerpt(body.empty() ? variant.standfirst() : body, kExcerptChars);
  if (excerpt.ok()) prepared.analysis.set_excerpt(*excerpt);
}

// The fields around the body: bylines, section, tags, slug, hero image, display time.
void CheckMetadata(const v1::Variant& variant, absl::string_view prefix,
                   FieldViolations& violations) {
  auto path = [&](absl::string_view field) { return FieldPath(prefix, field); };
  if (variant.byline_size() > kMaxBylines) {
    violations.Add(path("byline"), absl::StrCat("at most ", kMaxBylines, " authors"));
  }
  if (CountChars(variant.section()) > kMaxSectionChars || FindInvalidUtf8(variant.section()) >= 0) {
    violations.Add(path("section"),
                   absl::StrCat("at most ", kMaxSectionChars, " characters of UTF-8 text"));
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
  if (variant.has_display_time() && !IsValidTimestamp(variant.display_time())) {
    violations.Add(path("display_time"), "not a valid timestamp (years 1 to 9999)");
  }
}

// What one block of each kind must have.
void CheckBlockKind(const v1::Block& block, const std::string& block_path,
                    FieldViolations& violations) {
  switch (block.kind_case()) {
    case v1::Block::KIND_NOT_SET:
      violations.Add(block_path,
                     "a block needs one kind: paragraph, heading, quote, image, "
                     "list, fact_box or embed");
      break;
    case v1::Block::kHeading:
      if (block.heading().level() != 0 &&
          (block.heading().level() < 2 || block.heading().level() > 6)) {
        violations.Add(block_path + ".heading.level", "2 to 6, or 0 for 2");
      }
      break;
    case v1::Block::kImage:
      CheckUrl(block_path + ".image.url", block.image().url(), true, violations);
      if (block.image().width() < 0 || block.image().height() < 0) {
        violations.Add(block_path + ".image", "width and height must not be negative");
      }
      break;
    case v1::Block::kList:
      if (block.list().items_size() == 0 || block.list().items_size() > kMaxListItems) {
        violations.Add(block_path + ".list.items",
                       absl::StrCat("a list has 1 to ", kMaxListItems, " items"));
      }
      break;
    case v1::Block::kFactBox:
      if (block.fact_box().entries_size() == 0 ||
          block.fact_box().entries_size() > kMaxFactEntries) {
        violations.Add(block_path + ".fact_box.entries",
                       absl::StrCat("a fact box has 1 to ", kMaxFactEntries, " entries"));
      }
      break;
    case v1::Block::kEmbed:
      CheckUrl(block_path + ".embed.url", block.embed().url(), true, violations);
      if (CountChars(block.embed().provider()) > kMaxProviderChars) {
        violations.Add(block_path + ".embed.provider",
                       absl::StrCat("at most ", kMaxProviderChars, " characters"));
      }
      break;
    case v1::Block::kParagraph:
    case v1::Block::kQuote:
      break;
  }
}

// Block ids (a fresh one for each block without one; unique within the variant) and kinds.
void CheckBlocks(v1::Variant& variant, absl::string_view prefix, FieldViolations& violations) {
  if (variant.blocks_size() > kMaxBlocks) {
    violations.Add(FieldPath(prefix, "blocks"), absl::StrCat("at most ", kMaxBlocks, " blocks"));
  }
  absl::flat_hash_set<std::string> ids;
  for (int i = 0; i < variant.blocks_size(); ++i) {
    v1::Block& block = *variant.mutable_blocks(i);
    const std::string block_path = FieldPath(prefix, absl::StrCat("blocks[", i, "]"));
    if (block.id().empty()) {
      block.set_id(NewBlockId());
    } else if (!IsValidToken(block.id())) {
      violations.Add(block_path + ".id", "1 to 64 characters of [A-Za-z0-9_-]");
    } else if (!ids.insert(block.id()).second) {
      violations.Add(block_path + ".id", absl::StrCat("\"", block.id(),
                                                      "\" is used by an earlier block: block ids "
                                                      "are unique within a variant"));
    }
    if (!block.source_block_id().empty() && !IsValidToken(block.source_block_id())) {
      violations.Add(block_path + ".source_block_id", "1 to 64 characters of [A-Za-z0-9_-]");
    }
    CheckBlockKind(block, block_path, violations);
  }
}

}  // namespace

PreparedContent PrepareContent(v1::Variant& variant, absl::string_view prefix,
                               const TextPolicy& policy, FieldViolations& violations) {
  PreparedContent prepared;
  PrepareText(variant, prefix, policy, violations, prepared);
  CheckMetadata(variant, prefix, violations);
  CheckBlocks(variant, prefix, violations);
  return prepared;
}

}  // namespace jisr::articles
