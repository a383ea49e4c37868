// jisrd serving TLS and mutual TLS (--tls_cert, --tls_key, --tls_client_ca), as the Kubernetes
// manifests run it, reached by the C++ client with the options jisrctl passes. The certificates
// are made for each run by the openssl command line: a CA, a server certificate for localhost
// and 127.0.0.1, and a client certificate.
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "clients/cpp/article_client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/jisrd_process.h"
#include "tests/testing/temp_dir.h"

namespace jisr {
namespace {

using ::testing::HasSubstr;

// Runs a shell command in `dir`; true when it succeeds.
bool RunIn(const std::string& dir, const std::string& command) {
  const int status =
      std::system(absl::StrCat("cd '", dir, "' && (", command, ") >openssl.log 2>&1").c_str());
  return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// A certificate signed by ca.pem for `name`, with the extensions in `extensions`.
bool Issue(const std::string& dir, const std::string& name, const std::string& extensions) {
  std::ofstream(absl::StrCat(dir, "/", name, ".ext")) << extensions << "\n";
  return RunIn(
      dir,
      absl::StrCat("openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ",
                   name, ".key -out ", name, ".csr -subj /CN=", name, " && openssl x509 -req -in ",
                   name, ".csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -out ", name,
                   ".pem -extfile ", name, ".ext"));
}

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string& dir = dir_.path();
    ASSERT_TRUE(RunIn(dir,
                      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
                      "-nodes -keyout ca.key -out ca.pem -days 2 -subj '/CN=Jisr test CA'"))
        << "openssl could not make a CA (is the openssl package installed? "
           "deploy/local/install-deps --test): see "
        << dir_.File("openssl.log");
    ASSERT_TRUE(Issue(dir, "server",
                      "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth"));
    ASSERT_TRUE(Issue(dir, "client", "extendedKeyUsage=clientAuth"));
  }

  void StartJisrd(bool require_client_certificates) {
    std::vector<std::string> flags = {"--data_path=" + dir_.File("jisr.db"),
                                      "--tls_cert=" + dir_.File("server.pem"),
                                      "--tls_key=" + dir_.File("server.key")};
    if (require_client_certificates) flags.push_back("--tls_client_ca=" + dir_.File("ca.pem"));
    auto started = testing::JisrdProcess::Start(flags, dir_.path());
    ASSERT_TRUE(started.ok()) << started.status();
    jisrd_ = std::make_unique<testing::JisrdProcess>(std::move(*started));
  }

  client::ClientOptions Options() {
    client::ClientOptions options;
    options.target = absl::StrCat("localhost:", jisrd_->port());
    options.author = "tls-test@newsroom.test";
    options.default_deadline = absl::Seconds(10);
    return options;
  }

  // Writes a variant through a client with `options`: OK, or why not.
  absl::Status Write(const client::ClientOptions& options) {
    absl::StatusOr<std::unique_ptr<client::ArticleClient>> client =
        client::ArticleClient::Connect(options);
    if (!client.ok()) return client.status();
    v1::CreateVariantRequest create;
    create.mutable_variant()->set_language("en");
    create.mutable_variant()->set_headline("Served over TLS");
    return (*client)->CreateVariant(create).status();
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::JisrdProcess> jisrd_;
};

TEST_F(TlsTest, ServesClientsThatTrustItsCertificateAndNoOthers) {
  StartJisrd(/*require_client_certificates=*/false);
  client::ClientOptions trusting = Options();
  trusting.tls_root_certs_path = dir_.File("ca.pem");
  EXPECT_TRUE(Write(trusting).ok()) << Write(trusting);

  client::ClientOptions plaintext = Options();
  EXPECT_EQ(Write(plaintext).code(), absl::StatusCode::kUnavailable);

  client::ClientOptions system_roots = Options();
  system_roots.use_tls = true;  // the test CA is not among the system's roots
  EXPECT_EQ(Write(system_roots).code(), absl::StatusCode::kUnavailable);
}

TEST_F(TlsTest, MutualTlsServesOnlyClientsWithACertificateItsCaSigned) {
  StartJisrd(/*require_client_certificates=*/true);
  client::ClientOptions with_certificate = Options();
  with_certificate.tls_root_certs_path = dir_.File("ca.pem");
  with_certificate.tls_client_cert_path = dir_.File("client.pem");
  with_certificate.tls_client_key_path = dir_.File("client.key");
  EXPECT_TRUE(Write(with_certificate).ok()) << Write(with_certificate);

  client::ClientOptions without_certificate = Options();
  without_certificate.tls_root_certs_path = dir_.File("ca.pem");
  EXPECT_EQ(Write(without_certificate).code(), absl::StatusCode::kUnavailable);

  client::ClientOptions half = with_certificate;
  half.tls_client_key_path.clear();
  EXPECT_THAT(Write(half).message(), HasSubstr("needs both"));
}

}  // namespace
}  // namespace jisr
