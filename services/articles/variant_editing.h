// Writing a variant's content: create (with its first revision, joining or founding a story),
// update (a new revision when anything changed), delete and undelete.
#ifndef JISR_SERVICES_ARTICLES_VARIANT_EDITING_H_
#define JISR_SERVICES_ARTICLES_VARIANT_EDITING_H_

#include <cstdint>
#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "jisr/v1/article_service.pb.h"
#include "services/articles/article_store.h"
#include "services/articles/validation.h"
#include "services/articles/view_builder.h"
#include "services/articles/write_runner.h"
#include "services/config/newsroom_config.h"

namespace jisr::articles {

class VariantEditing {
 public:
  // `memo` (may be null) keeps text analyses between writes.
  VariantEditing(const config::NewsroomConfig& config, const WriteRunner& runner,
                 const ArticleStore& store, const ViewBuilder& views, AnalysisMemo* memo)
      : config_(config), runner_(runner), store_(store), views_(views), memo_(memo) {}

  absl::StatusOr<jisr::v1::Variant> CreateVariant(const jisr::v1::CreateVariantRequest& request,
                                                  const CallContext& caller) const;
  // AIP-134: without an update_mask, the content fields the request sets are replaced and the
  // others kept; "*" replaces every content field.
  absl::StatusOr<jisr::v1::Variant> UpdateVariant(const jisr::v1::UpdateVariantRequest& request,
                                                  const CallContext& caller) const;
  absl::StatusOr<jisr::v1::Variant> DeleteVariant(const jisr::v1::DeleteVariantRequest& request,
                                                  const CallContext& caller) const;
  absl::StatusOr<jisr::v1::Variant> UndeleteVariant(const jisr::v1::UndeleteVariantRequest& request,
                                                    const CallContext& caller) const;

 private:
  struct NewVariant;
  struct ContentUpdate;
  // An update merged with the stored content of one version of its variant, and prepared: the
  // text pipeline has normalized and analysed it.
  struct MergedUpdate {
    int64_t version = 0;       // the variant's version it was merged with
    jisr::v1::Variant before;  // that version's content
    jisr::v1::Variant merged;  // the content to store, with its analysis in `text`
    PreparedContent prepared;  // the analysis and the pipeline's warnings
    absl::Status status;       // INVALID_ARGUMENT naming each bad field, or OK
    // The variant it was merged with, as read before the transaction: the write takes it when
    // its transaction reads exactly that row (KeptVariants) instead of parsing it again.
    std::optional<StoredVariant> loaded;
  };

  // Everything a create can check before it opens a transaction.
  absl::StatusOr<NewVariant> ReadCreate(const jisr::v1::CreateVariantRequest& request) const;
  absl::Status Create(WriteContext& write, const NewVariant& input) const;
  // The story a new variant joins (its source's, the one named, or a new one); LANGUAGE_TAKEN
  // when the story has the language already.
  absl::StatusOr<StoredStory> StoryForNew(WriteContext& write, const NewVariant& input,
                                          const std::string& source_story_id) const;
  absl::StatusOr<ContentUpdate> ReadUpdate(const jisr::v1::UpdateVariantRequest& request) const;
  MergedUpdate Merge(const StoredVariant& v, const ContentUpdate& update) const;
  // The update merged before its transaction, outside the write lock, so that the text
  // pipeline's work does not hold up other writers; none when the variant cannot be read.
  std::optional<MergedUpdate> MergeBeforeWriting(const ContentUpdate& update) const;
  // `early` is used, and emptied, when the variant is still the version it was merged with; a
  // retried attempt finds it empty and merges again.
  absl::Status Update(WriteContext& write, const ContentUpdate& update,
                      std::optional<MergedUpdate>& early) const;
  // The slug after an update: kept unless the caller sent one, or asked for a fresh one (an
  // empty slug in the mask) and the headline's slug changed.
  absl::Status UpdateSlug(WriteContext& write, const StoredVariant& v,
                          const jisr::v1::Variant& before, const ContentUpdate& update,
                          jisr::v1::Variant& merged) const;

  const config::NewsroomConfig& config_;
  const WriteRunner& runner_;
  const ArticleStore& store_;
  const ViewBuilder& views_;
  AnalysisMemo* const memo_;
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_VARIANT_EDITING_H_
