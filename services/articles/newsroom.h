// The article domain, assembled: stories, their language variants, revisions, publishing,
// linking, translations, corrections and schedules, each a component with its own file, over one
// write kernel (WriteRunner, ArticleStore, DerivedState, ViewBuilder). Plain C++ over the storage
// contract; it speaks jisr.v1 messages (protobuf, not gRPC) and absl::Status with google.rpc
// details as payloads. The gRPC layer (services/api) calls the components through this class.
// docs/architecture.md draws the picture.
#ifndef JISR_SERVICES_ARTICLES_NEWSROOM_H_
#define JISR_SERVICES_ARTICLES_NEWSROOM_H_

#include <functional>
#include <memory>

#include "absl/time/time.h"
#include "services/articles/article_store.h"
#include "services/articles/change_feed.h"
#include "services/articles/corrections.h"
#include "services/articles/derived_state.h"
#include "services/articles/publish_steps.h"
#include "services/articles/published_cache.h"
#include "services/articles/published_views.h"
#include "services/articles/publishing.h"
#include "services/articles/recent_variants.h"
#include "services/articles/retention.h"
#include "services/articles/revision_history.h"
#include "services/articles/schedules.h"
#include "services/articles/stories.h"
#include "services/articles/story_links.h"
#include "services/articles/translations.h"
#include "services/articles/variant_editing.h"
#include "services/articles/variant_purging.h"
#include "services/articles/variant_reading.h"
#include "services/articles/view_builder.h"
#include "services/articles/view_limits.h"
#include "services/articles/write_runner.h"
#include "services/config/newsroom_config.h"
#include "services/storage/storage.h"

namespace jisr::articles {

struct NewsroomOptions {
  config::NewsroomConfig config;
  // The clock; tests substitute their own.
  std::function<absl::Time()> clock = [] { return absl::Now(); };
  // How often a write is retried when it conflicts with a concurrent transaction.
  int max_conflict_retries = 20;
  // How long request records and change events are kept: the write runner ignores request
  // records past their window, and the pruner (Retention, which jisrd runs) deletes both.
  RetentionOptions retention;
  // Memory for cached published views.
  size_t published_cache_bytes = 256 << 20;
  // Memory for the text analyses of recent writes (AnalysisMemo), so an edit analyses only the
  // fields it changed: about 4,000 paragraphs of 1.5 KB.
  size_t analysis_memo_bytes = 16 << 20;
  // Memory for the variants recent writes left, parsed (RecentVariants), so the next write of
  // one neither reads its latest revision nor parses it: the whole UDHR in Arabic (71 blocks)
  // counts about 60 KB, so the default keeps some 500 of the most recently written. 0 keeps
  // none.
  size_t recent_variants_bytes = 32 << 20;
  // The most bytes a view may serialize to: a published view a write stores, and the answer a
  // write returns (over it, the write is refused with VIEW_TOO_LARGE). Also the most bytes of
  // items one page of a list holds. Keep it under the transport's message limit with room for
  // the framing: jisrd sets it to three quarters of --max_message_bytes.
  size_t max_view_bytes = kDefaultMaxViewBytes;
};

class Newsroom {
 public:
  // `storage` must outlive the newsroom.
  Newsroom(NewsroomOptions options, storage::Storage* storage);
  Newsroom(const Newsroom&) = delete;
  Newsroom& operator=(const Newsroom&) = delete;

  const config::NewsroomConfig& config() const { return options_.config; }

  // The components, one per feature; each method is one RPC of jisr.v1.ArticleService.
  const Stories& stories() const { return stories_; }
  const VariantEditing& variant_editing() const { return variant_editing_; }
  const VariantReading& variant_reading() const { return variant_reading_; }
  const VariantPurging& variant_purging() const { return variant_purging_; }
  const RevisionHistory& revision_history() const { return revision_history_; }
  const Publishing& publishing() const { return publishing_; }
  const StoryLinks& story_links() const { return story_links_; }
  const Translations& translations() const { return translations_; }
  const Corrections& corrections() const { return corrections_; }
  const Schedules& schedules() const { return schedules_; }

  // For the metrics: the published cache, and writes retried after a conflict.
  PublishedCache::Stats published_cache_stats() const { return cache_.stats(); }
  AnalysisMemo::Stats analysis_memo_stats() const { return analysis_memo_.stats(); }
  RecentVariants::Stats recent_variants_stats() const { return recent_variants_.stats(); }
  int64_t write_conflict_retries() const { return runner_.conflict_retries(); }

  // Keeps the published cache in step with other processes' writes to shared storage.
  void FollowFeed(ChangeFeed& feed) { published_views_.FollowFeed(feed); }

 private:
  // Declared in the order they are built: each uses only those above it.
  const NewsroomOptions options_;
  storage::Storage* const storage_;
  PublishedCache cache_;
  AnalysisMemo analysis_memo_;
  RecentVariants recent_variants_;
  const ArticleStore store_;
  const ViewBuilder views_;
  const DerivedState derived_;
  const WriteRunner runner_;
  PublishedViews published_views_;
  const PublishSteps publish_steps_;

  const Stories stories_;
  const VariantEditing variant_editing_;
  const VariantReading variant_reading_;
  const VariantPurging variant_purging_;
  const RevisionHistory revision_history_;
  const Publishing publishing_;
  const StoryLinks story_links_;
  const Translations translations_;
  const Corrections corrections_;
  const Schedules schedules_;
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_NEWSROOM_H_
