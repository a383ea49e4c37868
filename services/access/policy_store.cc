#include "services/access/policy_store.h"

#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "services/access/access_policy.h"

namespace jisr::access {

absl::StatusOr<std::unique_ptr<PolicyStore>> PolicyStore::Create(std::string path,
                                                                 config::NewsroomConfig config) {
  absl::StatusOr<jisr::v1::AccessPolicy> policy = LoadAccessPolicy(path, config);
  if (!policy.ok()) return policy.status();
  auto snapshot = std::make_shared<const jisr::v1::AccessPolicy>(*std::move(policy));
  return std::unique_ptr<PolicyStore>(
      new PolicyStore(std::move(path), std::move(config), std::move(snapshot)));
}

PolicyStore::PolicyStore(std::string path, config::NewsroomConfig config,
                         std::shared_ptr<const jisr::v1::AccessPolicy> policy)
    : path_(std::move(path)), config_(std::move(config)), policy_(std::move(policy)) {}

std::shared_ptr<const jisr::v1::AccessPolicy> PolicyStore::Current() const {
  absl::ReaderMutexLock lock(&mu_);
  return policy_;
}

absl::Status PolicyStore::Reload() {
  absl::MutexLock reloading(&reload_mu_);
  absl::StatusOr<jisr::v1::AccessPolicy> policy = LoadAccessPolicy(path_, config_);
  if (!policy.ok()) {
    // Same code and details, and a message that says the old policy still holds.
    const absl::Status& error = policy.status();
    absl::Status kept(error.code(), absl::StrCat("access policy not reloaded, the one loaded "
                                                 "before stays in force: ",
                                                 error.message()));
    error.ForEachPayload([&kept](absl::string_view type_url, const absl::Cord& payload) {
      kept.SetPayload(type_url, payload);
    });
    return kept;
  }
  auto snapshot = std::make_shared<const jisr::v1::AccessPolicy>(*std::move(policy));
  {
    absl::MutexLock lock(&mu_);
    policy_.swap(snapshot);
  }
  // The old snapshot is released here, outside the lock (or later, by the last call holding it).
  return absl::OkStatus();
}

}  // namespace jisr::access
