// Translation desks' reads: why a translation is stale (the source's diff, with the
// translation's blocks aligned to each changed block), and every stale one in a language.
#ifndef JISR_SERVICES_ARTICLES_TRANSLATIONS_H_
#define JISR_SERVICES_ARTICLES_TRANSLATIONS_H_

#include "absl/status/statusor.h"
#include "jisr/v1/article_service.pb.h"
#include "services/articles/article_store.h"
#include "services/articles/view_builder.h"
#include "services/articles/write_runner.h"
#include "services/config/newsroom_config.h"
#include "services/storage/storage.h"

namespace jisr::articles {

class Translations {
 public:
  Translations(const config::NewsroomConfig& config, storage::Storage* storage,
               const ArticleStore& store, const ViewBuilder& views, size_t max_list_bytes)
      : config_(config),
        storage_(storage),
        store_(store),
        views_(views),
        max_list_bytes_(max_list_bytes) {}

  absl::StatusOr<jisr::v1::GetTranslationDiffResponse> GetTranslationDiff(
      const jisr::v1::GetTranslationDiffRequest& request, const CallContext& caller) const;
  // Oldest staleness first, so a desk works through its backlog in order.
  absl::StatusOr<jisr::v1::ListStaleTranslationsResponse> ListStaleTranslations(
      const jisr::v1::ListStaleTranslationsRequest& request, const CallContext& caller) const;

 private:
  const config::NewsroomConfig& config_;
  storage::Storage* const storage_;
  const ArticleStore& store_;
  const ViewBuilder& views_;
  // The most bytes of items a list page holds (Page::Fill).
  const size_t max_list_bytes_;
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_TRANSLATIONS_H_
