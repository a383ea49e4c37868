// The access policy in force, reloadable while jisrd serves: calls take a snapshot and keep it
// for their whole life, a reload swaps in a new policy only when it loads and checks.
#ifndef JISR_SERVICES_ACCESS_POLICY_STORE_H_
#define JISR_SERVICES_ACCESS_POLICY_STORE_H_

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "jisr/v1/access_policy.pb.h"
#include "services/config/newsroom_config.h"

namespace jisr::access {

// Thread-safe: Current() from any number of threads, Reload() from any (one runs at a time).
class PolicyStore {
 public:
  // Loads the policy at `path` (LoadAccessPolicy); its error when the file does not load, so that
  // jisrd does not start on a policy it cannot read. `config` is kept to check reloads against.
  static absl::StatusOr<std::unique_ptr<PolicyStore>> Create(std::string path,
                                                             config::NewsroomConfig config);

  PolicyStore(const PolicyStore&) = delete;
  PolicyStore& operator=(const PolicyStore&) = delete;

  // The policy in force. A call resolves its caller against one snapshot: a reload while it runs
  // changes neither the snapshot nor what the call was allowed.
  std::shared_ptr<const jisr::v1::AccessPolicy> Current() const ABSL_LOCKS_EXCLUDED(mu_);

  // Reads the file again and puts it in force when it loads and checks. Otherwise the policy in
  // force stays, and the error says why (naming the path, and the line or the grant), for jisrd
  // to log on SIGHUP.
  absl::Status Reload() ABSL_LOCKS_EXCLUDED(reload_mu_, mu_);

  const std::string& path() const { return path_; }

 private:
  PolicyStore(std::string path, config::NewsroomConfig config,
              std::shared_ptr<const jisr::v1::AccessPolicy> policy);

  const std::string path_;
  const config::NewsroomConfig config_;
  // One reload at a time, so that a slow reload of an older file never replaces a newer one.
  absl::Mutex reload_mu_;
  // Held only to copy or swap the pointer: readers never wait for a file to be read.
  mutable absl::Mutex mu_ ABSL_ACQUIRED_AFTER(reload_mu_);
  std::shared_ptr<const jisr::v1::AccessPolicy> policy_ ABSL_GUARDED_BY(mu_);
};

}  // namespace jisr::access

#endif  // JISR_SERVICES_ACCESS_POLICY_STORE_H_
