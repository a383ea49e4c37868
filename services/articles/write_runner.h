// The write kernel: every change Jisr makes goes through WriteRunner::Run (for a call) or
// RunAsSystem (for the server's own writes, such as the scheduler's). One run is one
// transaction:
//   1. a completed request_id is answered with its recorded response (nothing runs again),
//      unless the record is older than the request retention: the call is then a new one;
//   2. `change` makes the write, through ArticleStore;
//   3. the derived state and published views of every story it touched are refreshed (a
//      published view over the view limit fails the write);
//   4. `answer` reads back what the call returns, which must fit in the view limit
//      (view_limits.h), or the write fails with VIEW_TOO_LARGE;
//   5. the request_id is recorded with that answer, and the transaction commits (unless
//      validate_only, which rolls it back and returns the answer it would have given);
//   6. the views it built go into the published cache.
// A conflict with a concurrent transaction retries the whole run from step 1. Any error rolls
// the transaction back: nothing is stored, recorded or cached.
#ifndef JISR_SERVICES_ARTICLES_WRITE_RUNNER_H_
#define JISR_SERVICES_ARTICLES_WRITE_RUNNER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "services/articles/call_context.h"
#include "services/articles/derived_state.h"
#include "services/articles/published_cache.h"
#include "services/articles/view_limits.h"
#include "services/articles/write_context.h"
#include "services/common/status_macros.h"
#include "services/storage/storage.h"

namespace jisr::articles {

// A mutating call, as the runner needs it.
struct WriteCall {
  // The RPC's name, recorded with its request_id.
  absl::string_view method;
  // The request, fingerprinted so a request_id reused for other content is refused; null for
  // the server's own writes.
  const google::protobuf::Message* request = nullptr;
  absl::string_view request_id;
  bool validate_only = false;
  const CallContext* caller = nullptr;
};

// The WriteCall of an RPC's request (every mutating request has a request_id).
template <typename Request>
WriteCall CallOf(absl::string_view method, const Request& request, const CallContext& caller,
                 bool validate_only = false) {
  return WriteCall{method, &request, request.request_id(), validate_only, &caller};
}

class WriteRunner {
 public:
  struct Options {
    // The clock; tests substitute their own.
    std::function<absl::Time()> clock;
    // How often a run is retried when it conflicts with a concurrent transaction.
    int max_conflict_retries = 20;
    // How long a completed request_id is answered with its first response. A record found
    // older than this is ignored and replaced, whether or not the pruner has deleted it yet.
    absl::Duration request_retention = absl::Hours(24);
    // The most bytes an answer may serialize to (a write never answers what its caller could
    // not receive).
    size_t max_view_bytes = kDefaultMaxViewBytes;
  };

  // Every pointer must outlive the runner; `recent` may be null (each write parses what it
  // loads).
  WriteRunner(Options options, storage::Storage* storage, const DerivedState* derived,
              PublishedCache* cache, RecentVariants* recent = nullptr)
      : options_(std::move(options)),
        storage_(storage),
        derived_(derived),
        cache_(cache),
        recent_(recent) {}

  template <typename Response>
  using Answer = absl::FunctionRef<absl::StatusOr<Response>(WriteContext&)>;
  using Change = absl::FunctionRef<absl::Status(WriteContext&)>;

  // Runs a call's write. UNAUTHENTICATED when the caller is anonymous; INVALID_ARGUMENT for a
  // malformed request_id, or one its principal used for another request (or another principal
  // used at all); INVALID_ARGUMENT (VIEW_TOO_LARGE) when a published view or the answer would be
  // over the view limit; ABORTED when conflicts outlast the retries.
  template <typename Response>
  absl::StatusOr<Response> Run(const WriteCall& call, Change change,
                               Answer<Response> answer) const {
    Response response;
    JISR_RETURN_IF_ERROR(RunErased(call, change, Erase<Response>(answer), response));
    return response;
  }

  // Runs a write the server makes itself, recorded as `actor` (no request_id, never replayed).
  template <typename Response>
  absl::StatusOr<Response> RunAsSystem(absl::string_view method, absl::string_view actor,
                                       Change change, Answer<Response> answer) const {
    Response response;
    JISR_RETURN_IF_ERROR(RunSystemErased(method, actor, change, Erase<Response>(answer), response));
    return response;
  }

  absl::Time Now() const { return options_.clock(); }
  // A read transaction, for work a write can do before its own transaction (outside the write
  // lock) and check afterwards against what its transaction reads.
  absl::StatusOr<std::unique_ptr<storage::Transaction>> BeginRead() const {
    return storage_->BeginRead();
  }
  // What committed writes left, parsed, for such work to take from (null when none is kept).
  RecentVariants* recent() const { return recent_; }
  // Whether such work pays: writes take turns on the storage (Storage::WritersTakeTurns).
  bool writers_take_turns() const { return storage_->WritersTakeTurns(); }
  // Attempts started again after a conflict with a concurrent transaction, since start.
  int64_t conflict_retries() const { return conflict_retries_.load(std::memory_order_relaxed); }

 private:
  using ErasedAnswer =
      std::function<absl::Status(WriteContext&, google::protobuf::Message& response)>;

  template <typename Response>
  static ErasedAnswer Erase(Answer<Response> answer) {
    return [answer](WriteContext& write, google::protobuf::Message& out) -> absl::Status {
      absl::StatusOr<Response> response = answer(write);
      if (!response.ok()) return response.status();
      static_cast<Response&>(out) = *std::move(response);
      return absl::OkStatus();
    };
  }

  absl::Status RunErased(const WriteCall& call, Change change, const ErasedAnswer& answer,
                         google::protobuf::Message& response) const;
  absl::Status RunSystemErased(absl::string_view method, absl::string_view actor, Change change,
                               const ErasedAnswer& answer,
                               google::protobuf::Message& response) const;
  // One transaction: replay, or change, refresh, answer, record and commit.
  absl::Status Attempt(const WriteCall& call, const std::string& fingerprint, Change change,
                       const ErasedAnswer& answer, google::protobuf::Message& response) const;

  const Options options_;
  storage::Storage* const storage_;
  const DerivedState* const derived_;
  PublishedCache* const cache_;
  RecentVariants* const recent_;
  mutable std::atomic<int64_t> conflict_retries_{0};
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_WRITE_RUNNER_H_
