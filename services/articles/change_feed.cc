#include "services/articles/change_feed.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/common/errors.h"
#include "services/common/log.h"
#include "services/common/sealed_token.h"
#include "services/common/status_macros.h"

namespace jisr::articles {
namespace {
constexpr char kCursorPrefix[] = "jisr.v1:";
constexpr int kTailBatch = 1000;

absl::Status CursorExpired(int64_t after, int64_t pruned_through) {
  return ReasonedError(
      absl::StatusCode::kOutOfRange, "CURSOR_EXPIRED",
      absl::StrCat("the events after this cursor (sequence ", after,
                   ") are no longer kept: the feed holds events after sequence ", pruned_through,
                   " only. Re-sync: list what you need (ListVariants), then Watch without a "
                   "cursor to follow the changes from now on"),
      {{"cursor_sequence", absl::StrCat(after)},
       {"oldest_sequence", absl::StrCat(pruned_through + 1)}});
}

}  // namespace

bool FeedFilter::Matches(const jisr::v1::ChangeEvent& event) const {
  if (!kinds.empty() && !kinds.contains(static_cast<int>(event.kind()))) return false;
  if (!languages.empty() && !event.language().empty() && !languages.contains(event.language())) {
    return false;
  }
  return true;
}

ChangeFeed::ChangeFeed(storage::Storage* storage, Options options)
    : storage_(storage), options_(options) {}

ChangeFeed::~ChangeFeed() {
  stop_.Notify();
  if (tailer_.joinable()) tailer_.join();
}

absl::Status ChangeFeed::Start() {
  JISR_ASSIGN_OR_RETURN(int64_t last, storage_->LastEventSequence());
  JISR_RETURN_IF_ERROR(PrunedThrough().status());
  {
    absl::MutexLock lock(&mu_);
    head_ = last;
  }
  tailer_ = std::thread([this] { Tail(); });
  return absl::OkStatus();
}

std::string ChangeFeed::CursorFor(int64_t sequence) {
  return SealToken(absl::StrCat(kCursorPrefix, sequence));
}

absl::StatusOr<int64_t> ChangeFeed::ParseCursor(absl::string_view field, absl::string_view cursor) {
  const std::optional<std::string> raw = OpenToken(cursor);
  int64_t sequence = 0;
  absl::string_view digits;
  if (raw.has_value()) digits = *raw;
  if (!absl::ConsumePrefix(&digits, kCursorPrefix) || !absl::SimpleAtoi(digits, &sequence) ||
      sequence < 0) {
    return InvalidFieldError(field,
                             "not a cursor this feed issued: pass an event's cursor "
                             "unchanged, or leave it empty to start now",
                             "INVALID_CURSOR");
  }
  return sequence;
}

void RedactForReaders(jisr::v1::ChangeEvent& event) {
  event.clear_author();
  event.clear_author_name();
  // A withdrawn page's latest revision would say how many drafts it has.
  if (event.kind() == jisr::v1::CHANGE_KIND_UNPUBLISHED) event.clear_revision();
}

SharedEvent ChangeFeed::ToSharedEvent(const storage::EventRow& row) {
  auto shared = std::make_shared<FeedEvent>();
  shared->event = ToEvent(row);
  shared->bytes = std::make_shared<const std::string>(shared->event.SerializeAsString());
  jisr::v1::ChangeEvent redacted = shared->event;
  RedactForReaders(redacted);
  shared->redacted_bytes = std::make_shared<const std::string>(redacted.SerializeAsString());
  return shared;
}

jisr::v1::ChangeEvent ChangeFeed::ToEvent(const storage::EventRow& row) {
  jisr::v1::ChangeEvent event;
  event.ParseFromString(row.data);
  event.set_sequence(row.sequence);
  event.set_cursor(CursorFor(row.sequence));
  return event;
}

int64_t ChangeFeed::head() const {
  absl::MutexLock lock(&mu_);
  return head_;
}

absl::StatusOr<int64_t> ChangeFeed::CommittedHead() const { return storage_->LastEventSequence(); }

absl::StatusOr<std::vector<jisr::v1::ChangeEvent>> ChangeFeed::Read(int64_t after, int limit,
                                                                    const FeedFilter& filter,
                                                                    int64_t* scanned_to) {
  JISR_ASSIGN_OR_RETURN(std::vector<SharedEvent> shared,
                        ReadShared(after, limit, filter, scanned_to));
  std::vector<jisr::v1::ChangeEvent> out;
  out.reserve(shared.size());
  for (const SharedEvent& e : shared) out.push_back(e->event);
  return out;
}

std::optional<absl::StatusOr<std::vector<SharedEvent>>> ChangeFeed::ReadRecent(
    int64_t after, int limit, const FeedFilter& filter, int64_t* scanned_to) {
  std::vector<SharedEvent> out;
  *scanned_to = after;
  absl::MutexLock lock(&mu_);
  if (after < pruned_through_) return CursorExpired(after, pruned_through_);
  if (after >= head_) return out;
  if (recent_.empty() || recent_.front()->event.sequence() > after + 1) return std::nullopt;
  auto it =
      std::lower_bound(recent_.begin(), recent_.end(), after + 1,
                       [](const SharedEvent& e, int64_t s) { return e->event.sequence() < s; });
  for (; it != recent_.end() && static_cast<int>(out.size()) < limit; ++it) {
    *scanned_to = (*it)->event.sequence();
    if (filter.Matches((*it)->event)) out.push_back(*it);
  }
  return out;
}

absl::StatusOr<std::vector<SharedEvent>> ChangeFeed::ReadShared(int64_t after, int limit,
                                                                const FeedFilter& filter,
                                                                int64_t* scanned_to) {
  std::optional<absl::StatusOr<std::vector<SharedEvent>>> recent =
      ReadRecent(after, limit, filter, scanned_to);
  if (recent.has_value()) return *std::move(recent);
  std::vector<SharedEvent> out;
  // Older than what memory holds: read storage, a bounded batch at a time.
  JISR_ASSIGN_OR_RETURN(std::vector<storage::EventRow> rows,
                        storage_->ReadEvents(after, std::max(limit, kTailBatch)));
  // Read after the events: if nothing after `after` was pruned by now, none was missing above.
  JISR_ASSIGN_OR_RETURN(const int64_t pruned, PrunedThrough());
  if (after < pruned) return CursorExpired(after, pruned);
  for (const storage::EventRow& row : rows) {
    if (static_cast<int>(out.size()) >= limit) break;
    *scanned_to = row.sequence;
    SharedEvent event = ToSharedEvent(row);
    if (filter.Matches(event->event)) out.push_back(std::move(event));
  }
  return out;
}

absl::StatusOr<int64_t> ChangeFeed::PrunedThrough() {
  JISR_ASSIGN_OR_RETURN(const int64_t through, storage_->PrunedThrough());
  NotePruned(through);
  return through;
}

void ChangeFeed::NotePruned(int64_t through) {
  absl::MutexLock lock(&mu_);
  pruned_checked_ = absl::Now();
  if (through <= pruned_through_) return;
  pruned_through_ = through;
  // Memory keeps only what storage keeps, so every replica answers a cursor alike.
  while (!recent_.empty() && recent_.front()->event.sequence() <= through) recent_.pop_front();
}

void ChangeFeed::CheckPruned() {
  {
    absl::MutexLock lock(&mu_);
    const absl::Time now = absl::Now();
    if (now - pruned_checked_ < options_.pruned_check_interval) return;
    pruned_checked_ = now;  // a failed check, too, waits for the next interval
  }
  absl::Status checked = PrunedThrough().status();
  if (!checked.ok()) LogError(absl::StrCat("change feed: ", checked.ToString()));
}

uint64_t ChangeFeed::WakeAfter(int64_t after, std::function<void()> wake) {
  {
    absl::MutexLock lock(&mu_);
    if (head_ <= after) {
      const uint64_t token = next_token_++;
      waiters_.emplace(token, Waiter{after, std::move(wake)});
      return token;
    }
  }
  wake();
  return 0;
}

void ChangeFeed::CancelWake(uint64_t token) {
  absl::MutexLock lock(&mu_);
  waiters_.erase(token);
}

void ChangeFeed::AddListener(
    std::function<void(const std::vector<jisr::v1::ChangeEvent>&)> listener) {
  absl::MutexLock lock(&mu_);
  listeners_.push_back(std::move(listener));
}

void ChangeFeed::Tail() {
  absl::Duration backoff = absl::Milliseconds(100);
  while (!stop_.HasBeenNotified()) {
    const int64_t from = head();
    storage_->WaitForEvents(from, options_.poll_interval);
    if (stop_.HasBeenNotified()) break;
    CheckPruned();
    absl::StatusOr<std::vector<storage::EventRow>> rows = storage_->ReadEvents(from, kTailBatch);
    if (!rows.ok()) {
      LogError(absl::StrCat("change feed: cannot read events (", rows.status().ToString(),
                            "); retrying"));
      stop_.WaitForNotificationWithTimeout(backoff);
      backoff = std::min(backoff * 2, absl::Seconds(5));
      continue;
    }
    backoff = absl::Milliseconds(100);
    if (rows->empty()) continue;
    // Decoded and serialized here, once, off the writers' path: watchers share the result.
    std::vector<SharedEvent> shared;
    std::vector<jisr::v1::ChangeEvent> events;
    shared.reserve(rows->size());
    events.reserve(rows->size());
    for (const storage::EventRow& row : *rows) {
      shared.push_back(ToSharedEvent(row));
      events.push_back(shared.back()->event);
    }
    std::vector<std::function<void()>> wakes;
    std::vector<std::function<void(const std::vector<jisr::v1::ChangeEvent>&)>> listeners;
    {
      absl::MutexLock lock(&mu_);
      for (auto& e : shared) recent_.push_back(std::move(e));
      while (recent_.size() > options_.retained_in_memory) recent_.pop_front();
      head_ = events.back().sequence();
      for (auto it = waiters_.begin(); it != waiters_.end();) {
        if (it->second.after < head_) {
          wakes.push_back(std::move(it->second.wake));
          waiters_.erase(it++);
        } else {
          ++it;
        }
      }
      listeners = listeners_;
    }
    for (auto& listener : listeners) listener(events);
    for (auto& wake : wakes) wake();
  }
}

}  // namespace jisr::articles
