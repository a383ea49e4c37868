// ArticleStore's slugs: the slug a headline gives in a language, made unique among that
// language's variants, and the check that a slug an editor chose is free.
#include "absl/strings/str_cat.h"
#include "services/articles/article_store.h"
#include "services/articles/names.h"
#include "services/articles/validation.h"
#include "services/common/errors.h"
#include "services/common/ids.h"
#include "services/common/status_macros.h"
#include "services/text/language.h"
#include "services/text/slug.h"

namespace jisr::articles {
namespace {

// Gives up appending "-N" to a slug after this many and makes it unique with an id instead.
constexpr int kMaxSlugSuffix = 1000;

}  // namespace

absl::Status ArticleStore::CheckSlugFree(storage::Transaction& txn, absl::string_view language,
                                         absl::string_view slug,
                                         absl::string_view except_variant_id,
                                         absl::string_view field) const {
  JISR_ASSIGN_OR_RETURN(std::optional<storage::VariantRow> taken,
                        txn.FindVariantBySlug(language, slug));
  if (!taken.has_value() || taken->id == except_variant_id) return absl::OkStatus();
  return ReasonedError(absl::StatusCode::kAlreadyExists, "SLUG_TAKEN",
                       absl::StrCat("slug \"", slug, "\" is taken in ", language, " by ",
                                    VariantName(taken->id), ": choose another or leave it empty"),
                       {{"field", std::string(field)}});
}

std::string ArticleStore::SlugFor(absl::string_view language, absl::string_view headline) const {
  text::SlugScript script = text::SlugScript::kNative;
  if (config_.non_latin_slugs == text::SlugScript::kLatin) {
    absl::StatusOr<text::LanguageInfo> info = text::GetLanguageInfo(language);
    if (info.ok() && info->expected_script != USCRIPT_LATIN) script = text::SlugScript::kLatin;
  }
  absl::StatusOr<std::string> slug = text::Slugify(headline, language, script);
  if (!slug.ok() || slug->empty() || !IsValidSlug(*slug)) return "untitled";
  return *slug;
}

absl::StatusOr<std::string> ArticleStore::UniqueSlug(storage::Transaction& txn,
                                                     absl::string_view language,
                                                     absl::string_view headline) const {
  const std::string base = SlugFor(language, headline);
  for (int n = 1; n < kMaxSlugSuffix; ++n) {
    std::string candidate = n == 1 ? base : absl::StrCat(base, "-", n);
    JISR_ASSIGN_OR_RETURN(auto taken, txn.FindVariantBySlug(language, candidate));
    if (!taken.has_value()) return candidate;
  }
  return absl::StrCat(base, "-", NewResourceId());
}

}  // namespace jisr::articles
