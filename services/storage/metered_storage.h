// Storage measured: every transaction's kind, outcome and duration reported to an observer (the
// metrics), at the one place every transaction passes, whichever engine runs it.
#ifndef JISR_SERVICES_STORAGE_METERED_STORAGE_H_
#define JISR_SERVICES_STORAGE_METERED_STORAGE_H_

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/clock.h"
#include "services/storage/storage.h"

namespace jisr::storage {

class StorageObserver {
 public:
  enum class Kind { kRead, kWrite };
  // kCommitted: a write committed, or a read ended without an error. kConflict: a concurrent
  // transaction got in the way (the caller may retry). kError: anything else failed.
  // kRolledBack: a write given up without an error of storage's (the domain refused it).
  enum class Outcome { kCommitted, kConflict, kError, kRolledBack };
  virtual ~StorageObserver() = default;
  virtual void TransactionEnded(Kind kind, Outcome outcome, absl::Duration duration) = 0;
};

// A transaction that reports how it ended when it is destroyed.
class MeteredTransaction final : public Transaction {
 public:
  MeteredTransaction(std::unique_ptr<Transaction> inner, StorageObserver::Kind kind,
                     StorageObserver* observer)
      : inner_(std::move(inner)), kind_(kind), observer_(observer), began_(absl::Now()) {}
  ~MeteredTransaction() override;

  absl::StatusOr<std::optional<StoryRow>> GetStory(absl::string_view id) override {
    return Note(inner_->GetStory(id));
  }
  absl::StatusOr<std::vector<StoryRow>> ListStories(const StoryQuery& query) override {
    return Note(inner_->ListStories(query));
  }
  absl::Status InsertStory(const StoryRow& row) override { return Note(inner_->InsertStory(row)); }
  absl::Status UpdateStory(const StoryRow& row) override { return Note(inner_->UpdateStory(row)); }
  absl::StatusOr<std::optional<VariantRow>> GetVariant(absl::string_view id) override {
    return Note(inner_->GetVariant(id));
  }
  absl::StatusOr<std::optional<VariantRow>> FindVariantBySlug(absl::string_view language,
                                                              absl::string_view slug) override {
    return Note(inner_->FindVariantBySlug(language, slug));
  }
  absl::StatusOr<std::vector<VariantRow>> ListStoryVariants(absl::string_view story_id) override {
    return Note(inner_->ListStoryVariants(story_id));
  }
  absl::StatusOr<std::vector<VariantRow>> ListVariants(const VariantQuery& query) override {
    return Note(inner_->ListVariants(query));
  }
  absl::Status InsertVariant(const VariantRow& row) override {
    return Note(inner_->InsertVariant(row));
  }
  absl::Status UpdateVariant(const VariantRow& row) override {
    return Note(inner_->UpdateVariant(row));
  }
  absl::Status InsertRevision(const RevisionRow& row) override {
    return Note(inner_->InsertRevision(row));
  }
  absl::StatusOr<std::optional<RevisionRow>> GetRevision(absl::string_view variant_id,
                                                         int64_t number) override {
    return Note(inner_->GetRevision(variant_id, number));
  }
  absl::StatusOr<std::vector<RevisionRow>> ListRevisions(absl::string_view variant_id,
                                                         int64_t before, int limit) override {
    return Note(inner_->ListRevisions(variant_id, before, limit));
  }
  absl::StatusOr<std::optional<PublishedRow>> GetPublished(absl::string_view variant_id) override {
    return Note(inner_->GetPublished(variant_id));
  }
  absl::Status PutPublished(const PublishedRow& row) override {
    return Note(inner_->PutPublished(row));
  }
  absl::Status DeletePublished(absl::string_view variant_id) override {
    return Note(inner_->DeletePublished(variant_id));
  }
  absl::StatusOr<std::optional<RequestRow>> GetRequest(absl::string_view request_id) override {
    return Note(inner_->GetRequest(request_id));
  }
  absl::Status InsertRequest(const RequestRow& row) override {
    return Note(inner_->InsertRequest(row));
  }
  absl::Status InsertSchedule(const ScheduleRow& row) override {
    return Note(inner_->InsertSchedule(row));
  }
  absl::Status UpdateSchedule(const ScheduleRow& row) override {
    return Note(inner_->UpdateSchedule(row));
  }
  absl::StatusOr<std::optional<ScheduleRow>> GetSchedule(absl::string_view id) override {
    return Note(inner_->GetSchedule(id));
  }
  absl::StatusOr<std::vector<ScheduleRow>> ListSchedules(const ScheduleQuery& query) override {
    return Note(inner_->ListSchedules(query));
  }
  absl::StatusOr<std::vector<ScheduleRow>> ClaimDueSchedules(int32_t pending_state,
                                                             int64_t now_micros,
                                                             int limit) override {
    return Note(inner_->ClaimDueSchedules(pending_state, now_micros, limit));
  }
  absl::Status AppendEvent(const EventRow& row) override { return Note(inner_->AppendEvent(row)); }
  absl::Status UpdateRevision(const RevisionRow& row) override {
    return Note(inner_->UpdateRevision(row));
  }
  absl::Status DeleteRequest(absl::string_view request_id) override {
    return Note(inner_->DeleteRequest(request_id));
  }
  absl::StatusOr<int64_t> DeleteRequestsAbout(absl::string_view variant_id,
                                              absl::string_view mentioning) override {
    return Note(inner_->DeleteRequestsAbout(variant_id, mentioning));
  }
  absl::Status Commit() override;

 private:
  // Notes the worst outcome seen; returns `result` unchanged.
  template <typename T>
  T Note(T result) {
    NoteStatus(StatusOf(result));
    return result;
  }
  static const absl::Status& StatusOf(const absl::Status& status) { return status; }
  template <typename T>
  static const absl::Status& StatusOf(const absl::StatusOr<T>& result) {
    return result.status();
  }
  void NoteStatus(const absl::Status& status);

  std::unique_ptr<Transaction> inner_;
  const StorageObserver::Kind kind_;
  StorageObserver* const observer_;
  const absl::Time began_;
  bool committed_ = false;
  bool conflict_ = false;
  bool error_ = false;
};

// Forwards to `inner`, wrapping its transactions in MeteredTransaction.
class MeteredStorage final : public Storage {
 public:
  // `observer` must outlive this.
  MeteredStorage(std::unique_ptr<Storage> inner, StorageObserver* observer)
      : inner_(std::move(inner)), observer_(observer) {}

  absl::StatusOr<std::unique_ptr<Transaction>> BeginWrite() override;
  absl::StatusOr<std::unique_ptr<Transaction>> BeginRead() override;
  absl::StatusOr<std::optional<PublishedRow>> ReadPublished(absl::string_view variant_id) override {
    return inner_->ReadPublished(variant_id);
  }
  absl::StatusOr<std::optional<PublishedRow>> ReadPublishedBySlug(absl::string_view language,
                                                                  absl::string_view slug) override {
    return inner_->ReadPublishedBySlug(language, slug);
  }
  absl::StatusOr<std::vector<EventRow>> ReadEvents(int64_t after, int limit) override {
    return inner_->ReadEvents(after, limit);
  }
  absl::StatusOr<int64_t> LastEventSequence() override { return inner_->LastEventSequence(); }
  void WaitForEvents(int64_t after, absl::Duration timeout) override {
    inner_->WaitForEvents(after, timeout);
  }
  absl::StatusOr<int64_t> DeleteRequestsBefore(int64_t micros, int limit) override {
    return inner_->DeleteRequestsBefore(micros, limit);
  }
  absl::StatusOr<int64_t> DeleteEventsBefore(int64_t micros, int limit) override {
    return inner_->DeleteEventsBefore(micros, limit);
  }
  absl::StatusOr<int64_t> PrunedThrough() override { return inner_->PrunedThrough(); }
  absl::StatusOr<TableRows> CountRows() override { return inner_->CountRows(); }
  absl::Status Ping() override { return inner_->Ping(); }
  absl::Status CheckWritable() override { return inner_->CheckWritable(); }
  absl::StatusOr<int> SchemaVersion() override { return inner_->SchemaVersion(); }
  std::string Describe() const override { return inner_->Describe(); }
  bool WritersTakeTurns() const override { return inner_->WritersTakeTurns(); }

 private:
  absl::StatusOr<std::unique_ptr<Transaction>> Begin(StorageObserver::Kind kind);

  const std::unique_ptr<Storage> inner_;
  StorageObserver* const observer_;
};

}  // namespace jisr::storage

#endif  // JISR_SERVICES_STORAGE_METERED_STORAGE_H_
