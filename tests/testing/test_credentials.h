// Credentials for tests, made fresh in each test process: signing keys, their JWKS, an access
// policy naming the newsroom's roles, and bearer tokens for its principals, so tests call jisrd
// the way real clients do (no private key lives in the repository).
#ifndef JISR_TESTS_TESTING_TEST_CREDENTIALS_H_
#define JISR_TESTS_TESTING_TEST_CREDENTIALS_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "services/api/access_control.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_tokens.h"

namespace jisr::testing {

// The principals the test policy names, and the roles it grants them.
inline constexpr char kTestEditor[] = "editor@newsroom.test";   // editor
inline constexpr char kTestAdmin[] = "admin@newsroom.test";     // admin
inline constexpr char kTestReader[] = "reader@newsroom.test";   // reader
inline constexpr char kTestDeskAr[] = "desk-ar@newsroom.test";  // desk for "ar"
inline constexpr char kTestDeskEn[] = "desk-en@newsroom.test";  // desk for "en"
// A token whose "groups" claim holds this value is an editor, whatever its subject.
inline constexpr char kTestEditorsGroup[] = "editors";

class TestCredentials {
 public:
  // The process's credentials, made on first use (the keys take a moment to generate).
  static const TestCredentials& Get();

  const std::string& jwks_path() const { return jwks_path_; }
  const std::string& policy_path() const { return policy_path_; }
  static constexpr char kIssuer[] = "https://id.newsroom.test";
  static constexpr char kAudience[] = "jisr";

  // jisrd's flags for these credentials: --jwks_file, --jwt_issuer, --jwt_audience,
  // --policy_file.
  std::vector<std::string> JisrdFlags() const;
  // The same for a server built in process.
  api::AccessOptions Access() const;

  // A token for `principal`, valid for an hour, with `name` as its display name when given and
  // `groups` as its groups claim when not empty.
  std::string Token(const std::string& principal, const std::string& name = "",
                    const std::vector<std::string>& groups = {}) const;
  // Adds `authorization: Bearer <token for principal>` to a call.
  void Authorize(grpc::ClientContext& context, const std::string& principal) const;
  // Writes a token for `principal` to a file in the credentials' directory; returns its path
  // (for jisrctl --token-file and the clients' token_path).
  std::string TokenFile(const std::string& principal) const;

  const TestKeys& keys() const { return *keys_; }

 private:
  TestCredentials() = default;

  TempDir dir_;
  std::unique_ptr<TestKeys> keys_;
  std::string jwks_path_;
  std::string policy_path_;
};

}  // namespace jisr::testing

#endif  // JISR_TESTS_TESTING_TEST_CREDENTIALS_H_
