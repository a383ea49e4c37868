#include "services/articles/published_cache.h"

#include "absl/strings/str_cat.h"

namespace jisr::articles {
namespace {

std::string SlugKey(absl::string_view language, absl::string_view slug) {
  return absl::StrCat(language, "\n", slug);
}

size_t SizeOf(const CachedView& view) {
  return (view.bytes ? view.bytes->size() : 0) + view.slug.size() + 64;
}

}  // namespace

PublishedCache::Stats PublishedCache::stats() const {
  Stats stats;
  {
    absl::ReaderMutexLock lock(&mu_);
    stats.entries = views_.size();
    stats.bytes = bytes_;
  }
  stats.hits = hits_.load(std::memory_order_relaxed);
  stats.misses = misses_.load(std::memory_order_relaxed);
  return stats;
}

std::optional<CachedView> PublishedCache::Get(absl::string_view variant_id) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = views_.find(variant_id);
  if (it == views_.end()) {
    misses_.fetch_add(1, std::memory_order_relaxed);
    return std::nullopt;
  }
  hits_.fetch_add(1, std::memory_order_relaxed);
  return it->second;
}

std::shared_ptr<const std::string> PublishedCache::GetAtVersion(absl::string_view variant_id,
                                                                int64_t version) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = views_.find(variant_id);
  if (it == views_.end() || it->second.version != version || it->second.bytes == nullptr) {
    misses_.fetch_add(1, std::memory_order_relaxed);
    return nullptr;
  }
  hits_.fetch_add(1, std::memory_order_relaxed);
  return it->second.bytes;
}

std::optional<std::string> PublishedCache::IdForSlug(absl::string_view language,
                                                     absl::string_view slug) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = slugs_.find(SlugKey(language, slug));
  if (it == slugs_.end()) return std::nullopt;
  return it->second;
}

void PublishedCache::PutCommitted(absl::string_view variant_id, CachedView view) {
  absl::MutexLock lock(&mu_);
  ++writes_;
  auto it = views_.find(variant_id);
  if (it != views_.end() && it->second.version > view.version) return;
  PutLocked(variant_id, std::move(view));
}

uint64_t PublishedCache::FillTicket() const {
  absl::ReaderMutexLock lock(&mu_);
  return writes_;
}

void PublishedCache::Fill(uint64_t ticket, absl::string_view variant_id, CachedView view) {
  absl::MutexLock lock(&mu_);
  if (writes_ != ticket) return;  // a write landed since the read began: the read may be old
  auto it = views_.find(variant_id);
  if (it != views_.end() && it->second.version >= view.version) return;
  PutLocked(variant_id, std::move(view));
}

void PublishedCache::PutLocked(absl::string_view variant_id, CachedView view) {
  auto it = views_.find(variant_id);
  if (it != views_.end()) {
    bytes_ -= SizeOf(it->second);
  } else {
    insertion_order_.emplace_back(variant_id);
  }
  if (!view.slug.empty()) slugs_[SlugKey(view.language, view.slug)] = std::string(variant_id);
  bytes_ += SizeOf(view);
  views_[variant_id] = std::move(view);
  EvictLocked();
}

void PublishedCache::EvictLocked() {
  // Oldest insertions go first; the entry just put is at the back and survives.
  while (bytes_ > max_bytes_ && insertion_order_.size() > 1) {
    std::string id = std::move(insertion_order_.front());
    insertion_order_.pop_front();
    auto it = views_.find(id);
    if (it == views_.end()) continue;
    bytes_ -= SizeOf(it->second);
    auto slug = slugs_.find(SlugKey(it->second.language, it->second.slug));
    if (slug != slugs_.end() && slug->second == id) slugs_.erase(slug);
    views_.erase(it);
  }
}

}  // namespace jisr::articles
