#include "services/articles/translations.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/articles/block_diff.h"
#include "services/articles/names.h"
#include "services/articles/paging.h"
#include "services/articles/stored_rows.h"
#include "services/common/errors.h"
#include "services/common/status_macros.h"

namespace jisr::articles {

namespace v1 = ::jisr::v1;

absl::StatusOr<v1::GetTranslationDiffResponse> Translations::GetTranslationDiff(
    const v1::GetTranslationDiffRequest& request, const CallContext&) const {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseVariantName("name", request.name()));
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  JISR_ASSIGN_OR_RETURN(StoredVariant v, store_.LoadVariant(*txn, id, "name"));
  const v1::TranslationStatus& status = v.variant.translation_status();
  if (status.state() != v1::TRANSLATION_STATE_CURRENT &&
      status.state() != v1::TRANSLATION_STATE_STALE) {
    return PreconditionError("NOT_A_TRANSLATION", v.variant.name(),
                             absl::StrCat(v.variant.name(),
                                          " has no source in its story: set "
                                          "translation_source to the variant it translates"));
  }
  v1::GetTranslationDiffResponse response;
  *response.mutable_status() = status;
  if (status.source_published_revision() <= status.reflected_revision()) return response;
  JISR_ASSIGN_OR_RETURN(std::string source_id,
                        ParseVariantName("translation_source", status.source_variant()));
  JISR_ASSIGN_OR_RETURN(v1::Revision from,
                        store_.LoadRevision(*txn, source_id, status.reflected_revision()));
  JISR_ASSIGN_OR_RETURN(v1::Revision to,
                        store_.LoadRevision(*txn, source_id, status.source_published_revision()));
  *response.mutable_source_diff() = DiffContent(from.snapshot(), to.snapshot());
  for (const auto& change : response.source_diff().blocks()) {
    auto* aligned = response.add_alignment();
    aligned->set_source_block_id(change.block_id());
    for (const auto& block : v.variant.blocks()) {
      if (block.source_block_id() == change.block_id()) *aligned->add_translation_blocks() = block;
    }
  }
  return response;
}

absl::StatusOr<v1::ListStaleTranslationsResponse> Translations::ListStaleTranslations(
    const v1::ListStaleTranslationsRequest& request, const CallContext&) const {
  if (config_.FindLanguage(request.language()) == nullptr) {
    return InvalidFieldError("language", request.language().empty()
                                             ? "required: the desk's language, such as \"ar\""
                                             : "not a configured language");
  }
  JISR_ASSIGN_OR_RETURN(Page page, Page::Start(request.page_size(), request.page_token(),
                                               absl::StrCat("stale:", request.language())));
  storage::VariantQuery query;
  query.language = request.language();
  query.translation_state = v1::TRANSLATION_STATE_STALE;
  query.stale_first = true;
  query.limit = page.fetch_limit();
  if (page.after().has_value()) query.after = page.after()->AsPair();
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  JISR_ASSIGN_OR_RETURN(std::vector<storage::VariantRow> rows, txn->ListVariants(query));
  v1::ListStaleTranslationsResponse response;
  JISR_RETURN_IF_ERROR(
      page.Fill(rows, max_list_bytes_, *response.mutable_variants(),
                [&](const storage::VariantRow& row) -> absl::StatusOr<std::optional<v1::Variant>> {
                  JISR_ASSIGN_OR_RETURN(StoredVariant v, ReadVariantWithoutBlocks(*txn, row));
                  return std::optional<v1::Variant>(views_.ListEntry(v, /*basic=*/true));
                }));
  response.set_next_page_token(page.NextToken(rows, [](const storage::VariantRow& row) {
    return PagePosition{row.stale_since_micros, row.id};
  }));
  return response;
}

}  // namespace jisr::articles
