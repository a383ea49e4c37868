#include "tests/testing/test_credentials.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace jisr::testing {
namespace {

// The newsroom the tests play: an editor, an administrator, a renderer, two desks, and a group
// whose members are editors.
constexpr char kPolicy[] = R"(
grants { principal: "editor@newsroom.test" roles: ACCESS_ROLE_EDITOR }
grants { principal: "admin@newsroom.test" roles: ACCESS_ROLE_ADMIN }
grants { principal: "reader@newsroom.test" roles: ACCESS_ROLE_READER }
grants { principal: "desk-ar@newsroom.test" roles: ACCESS_ROLE_DESK languages: "ar" }
grants { principal: "desk-en@newsroom.test" roles: ACCESS_ROLE_DESK languages: "en" }
grants { claim { claim: "groups" value: "editors" } roles: ACCESS_ROLE_EDITOR }
)";

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "test credentials: %s\n", what.c_str());
  std::abort();
}

}  // namespace

const TestCredentials& TestCredentials::Get() {
  static const TestCredentials* const credentials = [] {
    auto* made = new TestCredentials();
    absl::StatusOr<TestKeys> keys = TestKeys::Create();
    if (!keys.ok()) Die(std::string(keys.status().message()));
    made->keys_ = std::make_unique<TestKeys>(*std::move(keys));
    made->jwks_path_ = made->dir_.File("jwks.json");
    made->policy_path_ = made->dir_.File("policy.textproto");
    if (absl::Status written = made->keys_->WriteJwks(made->jwks_path_); !written.ok()) {
      Die(std::string(written.message()));
    }
    std::ofstream(made->policy_path_) << kPolicy;
    return made;
  }();
  return *credentials;
}

std::vector<std::string> TestCredentials::JisrdFlags() const {
  return {"--jwks_file=" + jwks_path_, absl::StrCat("--jwt_issuer=", kIssuer),
          absl::StrCat("--jwt_audience=", kAudience), "--policy_file=" + policy_path_};
}

api::AccessOptions TestCredentials::Access() const {
  api::AccessOptions access;
  access.jwks_path = jwks_path_;
  access.jwt_issuer = kIssuer;
  access.jwt_audience = kAudience;
  access.policy_path = policy_path_;
  return access;
}

std::string TestCredentials::Token(const std::string& principal, const std::string& name,
                                   const std::vector<std::string>& groups) const {
  TokenSpec spec;
  spec.alg = "ES256";  // quick to verify, so many calls cost the tests little
  spec.iss = kIssuer;
  spec.aud = {kAudience};
  spec.sub = principal;
  if (!name.empty()) spec.name = name;
  spec.exp = absl::Now() + absl::Hours(1);
  if (!groups.empty()) spec.claims.push_back({"groups", groups});
  absl::StatusOr<std::string> token = keys_->Mint(spec);
  if (!token.ok()) Die(std::string(token.status().message()));
  return *std::move(token);
}

void TestCredentials::Authorize(grpc::ClientContext& context, const std::string& principal) const {
  context.AddMetadata("authorization", "Bearer " + Token(principal));
}

std::string TestCredentials::TokenFile(const std::string& principal) const {
  const std::string path = dir_.File(absl::StrCat("token-", principal));
  std::ofstream(path) << Token(principal) << "\n";
  return path;
}

}  // namespace jisr::testing
