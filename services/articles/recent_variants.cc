#include "services/articles/recent_variants.h"

#include <vector>

namespace jisr::articles {
namespace {

// What an entry takes in memory, roughly: its row and revision bytes, and the parsed message,
// which takes a few times its serialized size.
size_t SizeOf(const StoredVariant& v) {
  return v.row.data.size() + v.row.headline_key.size() + v.loaded_revision.size() +
         3 * v.variant.ByteSizeLong() + 256;
}

}  // namespace

void RecentVariants::Put(StoredVariant v) {
  const size_t size = SizeOf(v);
  if (size > max_bytes_ / 4) return;   // one huge variant must not empty the memory
  std::vector<StoredVariant> dropped;  // destroyed after the lock is released
  absl::MutexLock lock(&mu_);
  std::string id = v.id();
  auto [it, inserted] = entries_.try_emplace(id);
  if (!inserted) {
    bytes_ -= it->second.bytes;
    dropped.push_back(std::move(it->second.v));
  }
  it->second = Entry{std::move(v), size, next_serial_};
  insertion_order_.emplace_back(next_serial_++, std::move(id));
  bytes_ += size;
  while (bytes_ > max_bytes_ && !insertion_order_.empty()) {
    auto [serial, oldest_id] = std::move(insertion_order_.front());
    insertion_order_.pop_front();
    auto oldest = entries_.find(oldest_id);
    if (oldest == entries_.end() || oldest->second.serial != serial) continue;  // replaced
    bytes_ -= oldest->second.bytes;
    dropped.push_back(std::move(oldest->second.v));
    entries_.erase(oldest);
  }
  // The pairs of entries taken or replaced are dropped once they outnumber the entries.
  if (insertion_order_.size() > 2 * entries_.size() + 64) {
    std::deque<std::pair<uint64_t, std::string>> live;
    for (auto& pair : insertion_order_) {
      auto entry = entries_.find(pair.second);
      if (entry != entries_.end() && entry->second.serial == pair.first) {
        live.push_back(std::move(pair));
      }
    }
    insertion_order_ = std::move(live);
  }
}

std::optional<StoredVariant> RecentVariants::Take(const storage::VariantRow& row) {
  std::optional<StoredVariant> held;  // a stale entry is destroyed after the lock is released
  {
    absl::MutexLock lock(&mu_);
    auto it = entries_.find(row.id);
    if (it == entries_.end()) {
      ++misses_;
      return std::nullopt;
    }
    held = std::move(it->second.v);
    bytes_ -= it->second.bytes;
    entries_.erase(it);
    if (held->row.version == row.version && held->row.data == row.data) {
      ++hits_;
      return held;
    }
    ++misses_;
  }
  return std::nullopt;
}

RecentVariants::Stats RecentVariants::stats() const {
  absl::MutexLock lock(&mu_);
  return Stats{entries_.size(), bytes_, hits_, misses_};
}

}  // namespace jisr::articles
