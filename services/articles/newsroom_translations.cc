// Translation desks' reads: why a translation is stale, and every stale one in a language.
#include "services/articles/block_diff.h"
#include "services/articles/names.h"
#include "services/articles/newsroom_internal.h"
#include "services/articles/variant_views.h"

namespace jisr::articles {

absl::StatusOr<jisr::v1::GetTranslationDiffResponse> Newsroom::GetTranslationDiff(
    const jisr::v1::GetTranslationDiffRequest& request, const CallContext&) {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseVariantName("name", request.name()));
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  JISR_ASSIGN_OR_RETURN(StoredVariant v, LoadVariant(*txn, id, "name"));
  const jisr::v1::TranslationStatus& status = v.variant.translation_status();
  if (status.state() != jisr::v1::TRANSLATION_STATE_CURRENT &&
      status.state() != jisr::v1::TRANSLATION_STATE_STALE) {
    return PreconditionError("NOT_A_TRANSLATION", v.variant.name(),
                             absl::StrCat(v.variant.name(), " has no source in its story: set "
                                          "translation_source to the variant it translates"));
  }
  jisr::v1::GetTranslationDiffResponse response;
  *response.mutable_status() = status;
  if (status.source_published_revision() <= status.reflected_revision()) return response;
  JISR_ASSIGN_OR_RETURN(std::string source_id,
                        ParseVariantName("translation_source", status.source_variant()));
  JISR_ASSIGN_OR_RETURN(jisr::v1::Revision from,
                        LoadRevision(*txn, source_id, status.reflected_revision()));
  JISR_ASSIGN_OR_RETURN(jisr::v1::Revision to,
                        LoadRevision(*txn, source_id, status.source_published_revision()));
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

absl::StatusOr<jisr::v1::ListStaleTranslationsResponse> Newsroom::ListStaleTranslations(
    const jisr::v1::ListStaleTranslationsRequest& request, const CallContext&) {
  if (options_.config.FindLanguage(request.language()) == nullptr) {
    return InvalidFieldError("language", request.language().empty()
                                             ? "required: the desk's language, such as \"ar\""
                                             : "not a configured language");
  }
  JISR_ASSIGN_OR_RETURN(int limit, CheckPageSize("page_size", request.page_size()));
  storage::VariantQuery query;
  query.language = request.language();
  query.translation_state = jisr::v1::TRANSLATION_STATE_STALE;
  query.stale_first = true;
  query.limit = limit + 1;
  const std::string filter = absl::StrCat("stale:", request.language());
  if (!request.page_token().empty()) {
    JISR_ASSIGN_OR_RETURN(query.after,
                          DecodePageToken("page_token", request.page_token(), filter));
  }
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  JISR_ASSIGN_OR_RETURN(std::vector<storage::VariantRow> rows, txn->ListVariants(query));
  jisr::v1::ListStaleTranslationsResponse response;
  for (int i = 0; i < static_cast<int>(rows.size()) && i < limit; ++i) {
    jisr::v1::Variant stored;
    if (!stored.ParseFromString(rows[i].data)) {
      return absl::DataLossError(absl::StrCat("stored variant ", rows[i].id, " cannot be read"));
    }
    jisr::v1::Variant out = Decorate(stored, rows[i].version);
    out.clear_blocks();
    *response.add_variants() = std::move(out);
  }
  if (static_cast<int>(rows.size()) > limit) {
    const storage::VariantRow& last = rows[limit - 1];
    response.set_next_page_token(EncodePageToken(last.stale_since_micros, last.id, filter));
  }
  return response;
}

}  // namespace jisr::articles
