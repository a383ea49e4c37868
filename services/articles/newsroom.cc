#include "services/articles/newsroom.h"

#include <utility>

namespace jisr::articles {

Newsroom::Newsroom(NewsroomOptions options, storage::Storage* storage)
    : options_(std::move(options)),
      storage_(storage),
      cache_(options_.published_cache_bytes),
      analysis_memo_(options_.analysis_memo_bytes),
      recent_variants_(options_.recent_variants_bytes),
      store_(options_.config),
      views_(options_.config, store_),
      derived_(store_, views_, options_.max_view_bytes),
      runner_({options_.clock, options_.max_conflict_retries, options_.retention.requests,
               options_.max_view_bytes},
              storage_, &derived_, &cache_,
              options_.recent_variants_bytes > 0 ? &recent_variants_ : nullptr),
      published_views_(&cache_, storage_),
      publish_steps_(store_),
      stories_(options_.config, storage_, runner_, store_, views_, options_.max_view_bytes),
      variant_editing_(options_.config, runner_, store_, views_, &analysis_memo_),
      variant_reading_(options_.config, storage_, store_, views_, published_views_,
                       options_.max_view_bytes),
      variant_purging_(runner_, store_, views_),
      revision_history_(storage_, runner_, store_, views_, options_.max_view_bytes),
      publishing_(runner_, store_, views_, publish_steps_),
      story_links_(runner_, store_, views_),
      translations_(options_.config, storage_, store_, views_, options_.max_view_bytes),
      corrections_(runner_, store_, views_),
      schedules_(storage_, runner_, store_, publish_steps_, options_.max_view_bytes) {}

}  // namespace jisr::articles
