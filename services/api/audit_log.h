// The audit trail: one JSON line per mutating call (and, when asked, per draft read or refused
// call), readable by jq: when, who (the verified principal and the roles it acted with), from
// where, which method on which resources, its request_id, the code it ended with, the
// revisions it wrote, and the reason it gave when it gives one (PurgeVariant). Written to a
// file (appended) or to stderr.
#ifndef JISR_SERVICES_API_AUDIT_LOG_H_
#define JISR_SERVICES_API_AUDIT_LOG_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "services/access/caller.h"

namespace jisr::api {

struct AuditOptions {
  // "-" for stderr; otherwise a file, created if needed and appended to. Empty: no audit.
  std::string path;
  // Also record reads that show drafts (views, history, schedules), not only writes.
  bool draft_reads = false;
  // Also record calls refused for their credentials or their roles.
  bool refused = false;
};

struct AuditEntry {
  absl::Time time;
  const access::Caller* caller = nullptr;
  std::string peer;
  std::string method;
  std::vector<std::string> resources;
  std::string request_id;
  absl::StatusCode code = absl::StatusCode::kOk;
  std::vector<int64_t> revisions;
  // Why, when the call says (a purge's reason); the line has no "reason" otherwise.
  std::string reason;
};

class AuditLog {
 public:
  // INVALID_ARGUMENT naming --audit_log when the file cannot be opened for appending.
  static absl::StatusOr<std::unique_ptr<AuditLog>> Open(const AuditOptions& options);
  ~AuditLog();

  const AuditOptions& options() const { return options_; }
  // Writes one line and flushes it, so a crash loses no acknowledged write's record.
  void Record(const AuditEntry& entry);

 private:
  AuditLog(AuditOptions options, std::FILE* file) : options_(std::move(options)), file_(file) {}

  const AuditOptions options_;
  absl::Mutex mu_;
  std::FILE* const file_ ABSL_PT_GUARDED_BY(mu_);
};

// The resource names a request and its response mention (name, parent, story, variant.name,
// names, schedule.variants, and the response's name or variants), in order, without repeats.
std::vector<std::string> AuditedResources(const google::protobuf::Message& request,
                                          const google::protobuf::Message* response);
// The revisions a write's response shows it wrote: a Variant's revision, when `method` writes
// content.
std::vector<int64_t> WrittenRevisions(absl::string_view method,
                                      const google::protobuf::Message* response);

}  // namespace jisr::api

#endif  // JISR_SERVICES_API_AUDIT_LOG_H_
