#include "services/articles/published_views.h"

#include <optional>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "jisr/v1/resources.pb.h"
#include "services/articles/names.h"
#include "services/articles/purged.h"
#include "services/articles/stored_rows.h"
#include "services/common/errors.h"
#include "services/common/log.h"
#include "services/common/status_macros.h"

namespace jisr::articles {
namespace {

CachedView ToCachedView(storage::PublishedRow row) {
  return CachedView{row.version, std::make_shared<const std::string>(std::move(row.data)),
                    std::move(row.language), std::move(row.slug)};
}

}  // namespace

std::shared_ptr<const std::string> PublishedViews::Cached(absl::string_view variant_id) const {
  std::optional<CachedView> cached = cache_->Get(variant_id);
  return cached.has_value() ? cached->bytes : nullptr;
}

std::shared_ptr<const std::string> PublishedViews::CachedBySlug(absl::string_view language,
                                                                absl::string_view slug) const {
  std::optional<std::string> id = cache_->IdForSlug(language, slug);
  if (!id.has_value()) return nullptr;
  std::optional<CachedView> cached = cache_->Get(*id);
  // The slug index may name a variant whose slug has moved on since.
  if (!cached.has_value() || cached->slug != slug || cached->language != language) return nullptr;
  return cached->bytes;
}

absl::StatusOr<std::shared_ptr<const std::string>> PublishedViews::Get(absl::string_view variant_id,
                                                                       bool sees_drafts) const {
  if (std::optional<CachedView> cached = cache_->Get(variant_id)) {
    if (cached->bytes == nullptr) return NotPublishedError(variant_id, sees_drafts);
    return cached->bytes;
  }
  // A writer that commits while this reads wins: the ticket makes Fill drop a stale view.
  const uint64_t ticket = cache_->FillTicket();
  JISR_ASSIGN_OR_RETURN(std::optional<storage::PublishedRow> row,
                        storage_->ReadPublished(variant_id));
  if (!row.has_value()) return NotPublishedError(variant_id, sees_drafts);
  CachedView view = ToCachedView(*std::move(row));
  std::shared_ptr<const std::string> bytes = view.bytes;
  cache_->Fill(ticket, variant_id, std::move(view));
  return bytes;
}

absl::StatusOr<std::shared_ptr<const std::string>> PublishedViews::GetBySlug(
    absl::string_view language, absl::string_view slug) const {
  if (std::shared_ptr<const std::string> bytes = CachedBySlug(language, slug)) return bytes;
  const uint64_t ticket = cache_->FillTicket();
  JISR_ASSIGN_OR_RETURN(std::optional<storage::PublishedRow> row,
                        storage_->ReadPublishedBySlug(language, slug));
  if (!row.has_value()) {
    return ReasonedError(absl::StatusCode::kNotFound, "SLUG_NOT_FOUND",
                         absl::StrCat("no published ", language, " variant has the slug \"",
                                      absl::CHexEscape(slug.substr(0, 200)), "\""),
                         {{"language", std::string(language)}});
  }
  const std::string id = row->variant_id;
  CachedView view = ToCachedView(*std::move(row));
  std::shared_ptr<const std::string> bytes = view.bytes;
  cache_->Fill(ticket, id, std::move(view));
  return bytes;
}

absl::StatusOr<std::shared_ptr<const std::string>> PublishedViews::ForListEntry(
    storage::Transaction& txn, const storage::VariantRow& row, uint64_t fill_ticket) const {
  if (auto bytes = cache_->GetAtVersion(row.id, row.version)) return bytes;
  JISR_ASSIGN_OR_RETURN(std::optional<storage::PublishedRow> published, txn.GetPublished(row.id));
  if (!published.has_value()) return nullptr;
  CachedView view = ToCachedView(*std::move(published));
  std::shared_ptr<const std::string> bytes = view.bytes;
  cache_->Fill(fill_ticket, row.id, std::move(view));
  return bytes;
}

absl::Status PublishedViews::NotPublishedError(absl::string_view variant_id,
                                               bool sees_drafts) const {
  const std::string name = VariantName(variant_id);
  const absl::Status missing = ResourceNotFoundError("Variant", name, "VARIANT_NOT_FOUND",
                                                     absl::StrCat(name, " (name) does not exist"));
  if (!sees_drafts) return missing;  // no storage read either: the answer takes the same time
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  JISR_ASSIGN_OR_RETURN(std::optional<storage::VariantRow> row, txn->GetVariant(variant_id));
  if (!row.has_value()) return missing;
  jisr::v1::Variant stored;
  if (row->deleted && ParseVariantMetadata(row->data, stored))
    JISR_RETURN_IF_ERROR(CheckReadable(stored));
  return ReasonedError(absl::StatusCode::kNotFound, "NOT_PUBLISHED",
                       absl::StrCat(name, row->deleted ? " is deleted" : " is not published",
                                    ": readers cannot see it; editors can read it with view "
                                    "VARIANT_VIEW_LATEST"),
                       {{"resource", name}});
}

void PublishedViews::FollowFeed(ChangeFeed& feed) {
  feed.AddListener([this](const std::vector<jisr::v1::ChangeEvent>& events) {
    absl::flat_hash_set<std::string> stories;
    for (const auto& e : events) {
      stories.insert(std::string(absl::StripPrefix(e.story(), "stories/")));
    }
    for (const std::string& story : stories) {
      absl::Status status = RefreshCachedStory(story);
      if (!status.ok()) {
        LogError(absl::StrCat("published cache: cannot refresh stories/", story, ": ",
                              status.ToString()));
      }
    }
  });
}

absl::Status PublishedViews::RefreshCachedStory(const std::string& story_id) const {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  JISR_ASSIGN_OR_RETURN(std::vector<storage::VariantRow> rows, txn->ListStoryVariants(story_id));
  for (const storage::VariantRow& row : rows) {
    if (!cache_->Get(row.id).has_value()) continue;  // not cached: the next read loads it
    JISR_ASSIGN_OR_RETURN(std::optional<storage::PublishedRow> published,
                          txn->GetPublished(row.id));
    cache_->PutCommitted(row.id, published.has_value() ? ToCachedView(*std::move(published))
                                                       : CachedView{row.version, nullptr, "", ""});
  }
  return absl::OkStatus();
}

}  // namespace jisr::articles
