// Stories: the group of a story's language variants. Create, read, list, update (title and the
// hreflang x-default), delete (with its variants when forced) and undelete.
#ifndef JISR_SERVICES_ARTICLES_STORIES_H_
#define JISR_SERVICES_ARTICLES_STORIES_H_

#include "absl/status/statusor.h"
#include "jisr/v1/article_service.pb.h"
#include "services/articles/article_store.h"
#include "services/articles/view_builder.h"
#include "services/articles/write_runner.h"
#include "services/config/newsroom_config.h"
#include "services/storage/storage.h"

namespace jisr::articles {

class Stories {
 public:
  Stories(const config::NewsroomConfig& config, storage::Storage* storage,
          const WriteRunner& runner, const ArticleStore& store, const ViewBuilder& views,
          size_t max_list_bytes)
      : config_(config),
        storage_(storage),
        runner_(runner),
        store_(store),
        views_(views),
        max_list_bytes_(max_list_bytes) {}

  absl::StatusOr<jisr::v1::Story> CreateStory(const jisr::v1::CreateStoryRequest& request,
                                              const CallContext& caller) const;
  absl::StatusOr<jisr::v1::Story> GetStory(const jisr::v1::GetStoryRequest& request,
                                           const CallContext& caller) const;
  absl::StatusOr<jisr::v1::ListStoriesResponse> ListStories(
      const jisr::v1::ListStoriesRequest& request, const CallContext& caller) const;
  // AIP-134: without an update_mask, the fields the request sets; "*" replaces both.
  absl::StatusOr<jisr::v1::Story> UpdateStory(const jisr::v1::UpdateStoryRequest& request,
                                              const CallContext& caller) const;
  absl::StatusOr<jisr::v1::Story> DeleteStory(const jisr::v1::DeleteStoryRequest& request,
                                              const CallContext& caller) const;
  absl::StatusOr<jisr::v1::Story> UndeleteStory(const jisr::v1::UndeleteStoryRequest& request,
                                                const CallContext& caller) const;

 private:
  // The story's view, read back after the write's derived state is refreshed.
  absl::StatusOr<jisr::v1::Story> Answer(WriteContext& write, const std::string& story_id) const;

  const config::NewsroomConfig& config_;
  storage::Storage* const storage_;
  const WriteRunner& runner_;
  const ArticleStore& store_;
  const ViewBuilder& views_;
  // The most bytes of items a list page holds (Page::Fill).
  const size_t max_list_bytes_;
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_STORIES_H_
