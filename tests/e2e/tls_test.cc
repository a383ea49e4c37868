// jisrd serving TLS and mutual TLS (--tls_cert, --tls_key, --tls_client_ca), as the Kubernetes
// manifests run it, reached by the C++ client with the options jisrctl passes. The certificates
// are made for each run by the openssl command line: a CA, a server certificate for localhost
// and 127.0.0.1, a client certificate whose SPIFFE ID is the Arabic desk's, and a client
// certificate from another CA.
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "clients/cpp/article_client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/jisrd_process.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_credentials.h"

namespace jisr {
namespace {

using ::testing::HasSubstr;

// The identity in the client certificate, and the grant the mutual-TLS tests' policy gives it.
constexpr char kDeskArSpiffeId[] = "spiffe://newsroom.test/desk-ar";
constexpr char kMutualTlsPolicy[] =
    R"(grants { principal: "spiffe://newsroom.test/desk-ar" roles: ACCESS_ROLE_DESK languages: "ar" })";

// Runs a shell command in `dir`; true when it succeeds.
bool RunIn(const std::string& dir, const std::string& command) {
  const int status =
      std::system(absl::StrCat("cd '", dir, "' && (", command, ") >openssl.log 2>&1").c_str());
  return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// A self-signed CA: `ca`.pem and `ca`.key.
bool MakeCa(const std::string& dir, const std::string& ca) {
  return RunIn(dir,
               absl::StrCat("openssl req -x509 -newkey ec -pkeyopt "
                            "ec_paramgen_curve:prime256v1 -nodes -keyout ",
                            ca, ".key -out ", ca, ".pem -days 2 -subj '/CN=Jisr test ", ca, "'"));
}

// A certificate signed by `ca` for `name`, with the extensions in `extensions`.
bool Issue(const std::string& dir, const std::string& name, const std::string& extensions,
           const std::string& ca = "ca") {
  std::ofstream(absl::StrCat(dir, "/", name, ".ext")) << extensions << "\n";
  return RunIn(
      dir,
      absl::StrCat("openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ",
                   name, ".key -out ", name, ".csr -subj /CN=", name, " && openssl x509 -req -in ",
                   name, ".csr -CA ", ca, ".pem -CAkey ", ca, ".key -CAcreateserial -days 2 -out ",
                   name, ".pem -extfile ", name, ".ext"));
}

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string& dir = dir_.path();
    ASSERT_TRUE(MakeCa(dir, "ca")) << "openssl could not make a CA (is the openssl package "
                                      "installed? deploy/local/install-deps --test): see "
                                   << dir_.File("openssl.log");
    ASSERT_TRUE(MakeCa(dir, "other-ca"));
    ASSERT_TRUE(Issue(dir, "server",
                      "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth"));
    ASSERT_TRUE(Issue(
        dir, "client",
        absl::StrCat("subjectAltName=URI:", kDeskArSpiffeId, "\nextendedKeyUsage=clientAuth")));
    ASSERT_TRUE(Issue(dir, "stranger", "extendedKeyUsage=clientAuth", "other-ca"));
  }

  // TLS only: callers authenticate with the test credentials' bearer tokens.
  void StartTls() { Start({}); }

  // Mutual TLS with a policy of its own and no JWKS (so no tokens): the client certificate is
  // required, and is what the caller is.
  void StartMutualTls() {
    std::ofstream(dir_.File("policy.textproto")) << kMutualTlsPolicy << "\n";
    Start({"--tls_client_ca=" + dir_.File("ca.pem"),
           "--policy_file=" + dir_.File("policy.textproto")});
  }

  client::ClientOptions Options() {
    client::ClientOptions options;
    options.target = absl::StrCat("localhost:", jisrd_->port());
    options.default_deadline = absl::Seconds(10);
    return options;
  }

  client::ClientOptions WithCertificate(const std::string& name) {
    client::ClientOptions options = Options();
    options.tls_root_certs_path = dir_.File("ca.pem");
    options.tls_client_cert_path = dir_.File(name + ".pem");
    options.tls_client_key_path = dir_.File(name + ".key");
    return options;
  }

  // Writes a variant in `language` through a client with `options`: the variant, or why not.
  absl::StatusOr<v1::Variant> Write(const client::ClientOptions& options,
                                    const std::string& language = "en") {
    absl::StatusOr<std::unique_ptr<client::ArticleClient>> client =
        client::ArticleClient::Connect(options);
    if (!client.ok()) return client.status();
    v1::CreateVariantRequest create;
    create.mutable_variant()->set_language(language);
    create.mutable_variant()->set_headline(language == "ar" ? "عبر TLS" : "Served over TLS");
    return (*client)->CreateVariant(create);
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::JisrdProcess> jisrd_;

 private:
  void Start(std::vector<std::string> flags) {
    flags.push_back("--data_path=" + dir_.File("jisr.db"));
    flags.push_back("--tls_cert=" + dir_.File("server.pem"));
    flags.push_back("--tls_key=" + dir_.File("server.key"));
    auto started = testing::JisrdProcess::Start(flags, dir_.path());
    ASSERT_TRUE(started.ok()) << started.status();
    jisrd_ = std::make_unique<testing::JisrdProcess>(std::move(*started));
  }
};

TEST_F(TlsTest, ServesClientsThatTrustItsCertificateAndNoOthers) {
  StartTls();
  client::ClientOptions editor = Options();
  editor.token = testing::TestCredentials::Get().Token(testing::kTestEditor);
  client::ClientOptions trusting = editor;
  trusting.tls_root_certs_path = dir_.File("ca.pem");
  absl::StatusOr<v1::Variant> written = Write(trusting);
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_EQ(written->revision().author(), testing::kTestEditor);

  client::ClientOptions plaintext = editor;
  EXPECT_EQ(Write(plaintext).status().code(), absl::StatusCode::kUnavailable);

  client::ClientOptions system_roots = editor;
  system_roots.use_tls = true;  // the test CA is not among the system's roots
  EXPECT_EQ(Write(system_roots).status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(TlsTest, MutualTlsServesOnlyClientsWithACertificateItsCaSigned) {
  StartMutualTls();
  absl::StatusOr<v1::Variant> written = Write(WithCertificate("client"), "ar");
  EXPECT_TRUE(written.ok()) << written.status();

  client::ClientOptions without_certificate = Options();
  without_certificate.tls_root_certs_path = dir_.File("ca.pem");
  EXPECT_EQ(Write(without_certificate, "ar").status().code(), absl::StatusCode::kUnavailable);

  // Well formed and for client authentication, but from a CA jisrd was not told to trust.
  EXPECT_EQ(Write(WithCertificate("stranger"), "ar").status().code(),
            absl::StatusCode::kUnavailable);

  EXPECT_EQ(Write(Options(), "ar").status().code(), absl::StatusCode::kUnavailable)
      << "a plaintext client cannot reach a TLS listener";

  client::ClientOptions half = WithCertificate("client");
  half.tls_client_key_path.clear();
  EXPECT_THAT(Write(half).status().message(), HasSubstr("needs both"));
}

// The principal of a mutual-TLS client is its certificate's SPIFFE ID (not its common name,
// "client"): the revision records it, and the policy's grant for it decides what it may do.
TEST_F(TlsTest, AMutualTlsClientIsTheIdentityInItsCertificate) {
  StartMutualTls();
  absl::StatusOr<v1::Variant> written = Write(WithCertificate("client"), "ar");
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_EQ(written->revision().author(), kDeskArSpiffeId);
  EXPECT_EQ(Write(WithCertificate("client"), "en").status().code(),
            absl::StatusCode::kPermissionDenied)
      << "the Arabic desk's certificate writes Arabic only";
}

}  // namespace
}  // namespace jisr
