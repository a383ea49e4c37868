// Internals shared by the newsroom_*.cc files: the write context, stored rows with their parsed
// messages, and the write runner.
#ifndef JISR_SERVICES_ARTICLES_NEWSROOM_INTERNAL_H_
#define JISR_SERVICES_ARTICLES_NEWSROOM_INTERNAL_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/container/btree_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "services/articles/newsroom.h"
#include "services/common/errors.h"
#include "services/common/status_macros.h"

namespace jisr::articles {

google::protobuf::Timestamp ToProto(absl::Time time);
absl::Time FromProto(const google::protobuf::Timestamp& timestamp);

// A stable fingerprint of a request's content, for request_id replay checks.
std::string RequestFingerprint(absl::string_view method, const google::protobuf::Message& request);

// Validates a request_id (empty is allowed: no replay protection).
absl::Status CheckRequestId(const std::string& request_id);

// Fails with ABORTED when `etag` is set and is not the current one.
absl::Status CheckEtag(absl::string_view field, const std::string& etag, int64_t version,
                       absl::string_view resource_name);

// page_size: 0 means 50; 1 to 500 allowed.
absl::StatusOr<int> CheckPageSize(absl::string_view field, int32_t page_size);

// Page tokens for lists ordered by (modify_micros, id) descending; `filter` binds a token to the
// other fields of the request that made it.
std::string EncodePageToken(int64_t modify_micros, const std::string& id, absl::string_view filter);
absl::StatusOr<std::pair<int64_t, std::string>> DecodePageToken(absl::string_view field,
                                                                absl::string_view token,
                                                                absl::string_view filter);

struct Newsroom::StoredVariant {
  storage::VariantRow row;
  jisr::v1::Variant variant;  // the stored form: metadata and latest content
};

struct Newsroom::StoredStory {
  storage::StoryRow row;
  jisr::v1::Story story;  // without the variant summaries
};

class Newsroom::Write {
 public:
  Write(storage::Transaction& txn, absl::Time now, std::string author)
      : txn(txn), now(now), now_micros(absl::ToUnixMicros(now)), author(std::move(author)) {}

  // Marks a story whose derived state and published views must be rebuilt before commit.
  void Touch(const std::string& story_id) { touched_stories.insert(story_id); }

  storage::Transaction& txn;
  const absl::Time now;
  const int64_t now_micros;
  const std::string author;
  absl::btree_set<std::string> touched_stories;
  // Views to put in the cache once the transaction has committed.
  std::vector<std::pair<std::string, CachedView>> cache_updates;
};

template <typename Response>
absl::StatusOr<Response> Newsroom::RunWrite(
    absl::string_view method, const google::protobuf::Message& request,
    const std::string& request_id, bool validate_only, const CallContext& context,
    const std::function<absl::StatusOr<Response>(Write&)>& body) {
  if (context.author.empty()) {
    return ReasonedError(absl::StatusCode::kUnauthenticated, "AUTHOR_REQUIRED",
                         "this call changes content, so it needs the caller's identity: set the "
                         "request metadata key x-jisr-author, or x-jisr-author-bin for a UTF-8 "
                         "identity (jisrctl --author, or ClientOptions.author)");
  }
  JISR_RETURN_IF_ERROR(CheckRequestId(request_id));
  std::string fingerprint = request_id.empty() ? "" : RequestFingerprint(method, request);
  absl::Status last_conflict;
  for (int attempt = 0; attempt <= options_.max_conflict_retries; ++attempt) {
    JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginWrite());
    if (!request_id.empty() && !validate_only) {
      JISR_ASSIGN_OR_RETURN(std::optional<storage::RequestRow> done, txn->GetRequest(request_id));
      if (done.has_value()) {
        if (done->method != method || done->fingerprint != fingerprint) {
          return InvalidFieldError(
              "request_id",
              absl::StrCat("\"", request_id, "\" was already used for a different ", done->method,
                           " request: use a new request_id for a new request"),
              "REQUEST_ID_REUSED");
        }
        Response response;
        if (!response.ParseFromString(done->response)) {
          return absl::DataLossError(absl::StrCat("the stored response of request ", request_id,
                                                  " cannot be read"));
        }
        return response;
      }
    }
    Write write(*txn, options_.clock(), context.author);
    absl::StatusOr<Response> response = body(write);
    absl::Status status = response.status();
    if (status.ok()) status = RefreshTouched(write);
    // A unique key taken by a concurrent transaction between the domain's check and its insert
    // (possible on PostgreSQL, where writers do not take turns): retry, and the check will see
    // it. The domain's own ALREADY_EXISTS errors carry a reason and are final.
    if (absl::IsAlreadyExists(status) && ErrorReason(status).empty()) {
      status = storage::ConflictError(status.message());
    }
    if (status.ok() && validate_only) return response;  // the transaction rolls back
    if (status.ok() && !request_id.empty()) {
      storage::RequestRow row{request_id, std::string(method), fingerprint, write.now_micros,
                              response->SerializeAsString()};
      status = txn->InsertRequest(row);
      // The same request_id committed by a concurrent transaction: retry, and replay it.
      if (absl::IsAlreadyExists(status)) status = storage::ConflictError(status.message());
    }
    if (status.ok()) status = txn->Commit();
    if (status.ok()) {
      for (auto& [id, view] : write.cache_updates) cache_.PutCommitted(id, std::move(view));
      return response;
    }
    if (!storage::IsConflict(status)) return status;
    last_conflict = status;
  }
  return absl::AbortedError(absl::StrCat("the write kept conflicting with concurrent writes (",
                                         last_conflict.message(), "): retry it"));
}

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_NEWSROOM_INTERNAL_H_
