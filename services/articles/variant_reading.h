// Reading variants: one by name or by (language, slug) in the PUBLISHED view readers see or the
// LATEST view editors see, lists with filters, and the languages the newsroom publishes in.
#ifndef JISR_SERVICES_ARTICLES_VARIANT_READING_H_
#define JISR_SERVICES_ARTICLES_VARIANT_READING_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "jisr/v1/article_service.pb.h"
#include "services/articles/article_store.h"
#include "services/articles/published_views.h"
#include "services/articles/view_builder.h"
#include "services/articles/write_runner.h"
#include "services/config/newsroom_config.h"
#include "services/storage/storage.h"

namespace jisr::articles {

class VariantReading {
 public:
  VariantReading(const config::NewsroomConfig& config, storage::Storage* storage,
                 const ArticleStore& store, const ViewBuilder& views,
                 const PublishedViews& published, size_t max_list_bytes)
      : config_(config),
        storage_(storage),
        store_(store),
        views_(views),
        published_(published),
        max_list_bytes_(max_list_bytes) {}

  absl::StatusOr<jisr::v1::ListLanguagesResponse> ListLanguages(
      const jisr::v1::ListLanguagesRequest& request, const CallContext& caller) const;
  absl::StatusOr<jisr::v1::Variant> GetVariant(const jisr::v1::GetVariantRequest& request,
                                               const CallContext& caller) const;
  absl::StatusOr<jisr::v1::Variant> LookupVariant(const jisr::v1::LookupVariantRequest& request,
                                                  const CallContext& caller) const;
  absl::StatusOr<jisr::v1::ListVariantsResponse> ListVariants(
      const jisr::v1::ListVariantsRequest& request, const CallContext& caller) const;

  // The answer to a read of a published view when it is in memory, as the stored bytes of the
  // jisr.v1.Variant GetVariant or LookupVariant would return; null when the request needs more
  // (another view, a dateline style, a miss, or a request those methods would refuse), so the
  // caller must then call them. Never blocks.
  std::shared_ptr<const std::string> CachedAnswer(const jisr::v1::GetVariantRequest& request) const;
  std::shared_ptr<const std::string> CachedAnswer(
      const jisr::v1::LookupVariantRequest& request) const;

 private:
  absl::StatusOr<jisr::v1::Variant> LookupLatest(
      const jisr::v1::LookupVariantRequest& request) const;
  absl::StatusOr<storage::VariantQuery> ReadListQuery(const jisr::v1::ListVariantsRequest& request,
                                                      jisr::v1::VariantView view) const;

  const config::NewsroomConfig& config_;
  storage::Storage* const storage_;
  const ArticleStore& store_;
  const ViewBuilder& views_;
  const PublishedViews& published_;
  // The most bytes of items a list page holds (Page::Fill).
  const size_t max_list_bytes_;
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_VARIANT_READING_H_
