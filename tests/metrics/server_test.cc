// GET /metrics over a real socket, as Prometheus scrapes it, and the limits that keep the
// endpoint from being used against jisrd.
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/metrics/metrics_server.h"
#include "services/metrics/registry.h"
#include "tests/metrics/http_client.h"
#include "tests/testing/status_matchers.h"

namespace jisr::metrics {
namespace {

using ::jisr::testing::ConnectTo;
using ::jisr::testing::Exchange;
using ::jisr::testing::Fetch;
using ::jisr::testing::HttpResponse;
using ::jisr::testing::StatusIs;
using ::testing::HasSubstr;

class MetricsServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registry_.AddCounter("jisr_calls_total", "Calls.", {"code"}).Get({"OK"}).Increment(7);
    JISR_ASSERT_OK_AND_ASSIGN(server_, MetricsServer::Start("127.0.0.1:0", &registry_));
    ASSERT_GT(server_->port(), 0);
  }

  Registry registry_;
  std::unique_ptr<MetricsServer> server_;
};

TEST_F(MetricsServerTest, GetMetricsAnswersTheExpositionInPrometheusTextFormat) {
  const HttpResponse response = Fetch(server_->port(), "GET", "/metrics");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.headers.at("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(response.body, registry_.Expose());
  EXPECT_THAT(response.body, HasSubstr("jisr_calls_total{code=\"OK\"} 7\n"));
}

TEST_F(MetricsServerTest, EachScrapeReadsTheCurrentValues) {
  registry_.AddGauge("jisr_later", "Registered after the server started.", {}).Get({}).Set(3);
  EXPECT_THAT(Fetch(server_->port(), "GET", "/metrics").body, HasSubstr("\njisr_later 3\n"));
}

TEST_F(MetricsServerTest, HeadAnswersTheHeadersWithoutTheBody) {
  const HttpResponse response = Fetch(server_->port(), "HEAD", "/metrics");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.headers.at("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(response.body, "");
}

TEST_F(MetricsServerTest, OtherPathsAreNotFound) {
  for (const char* path : {"/", "/metrics/", "/metricsx", "/debug"}) {
    const HttpResponse response = Fetch(server_->port(), "GET", path);
    EXPECT_EQ(response.status, 404) << path;
    EXPECT_THAT(response.body, HasSubstr("/metrics")) << path;
  }
}

TEST_F(MetricsServerTest, OtherMethodsAreNotAllowed) {
  for (const char* method : {"POST", "PUT", "DELETE"}) {
    const HttpResponse response = Fetch(server_->port(), method, "/metrics");
    EXPECT_EQ(response.status, 405) << method;
    EXPECT_EQ(response.headers.at("allow"), "GET, HEAD") << method;
  }
}

TEST_F(MetricsServerTest, AClientThatNeverFinishesItsRequestDoesNotHoldUpScrapes) {
  const int stalled = ConnectTo("127.0.0.1", server_->port());
  ASSERT_GE(stalled, 0);
  const std::string partial = "GET /metr";
  ASSERT_EQ(send(stalled, partial.data(), partial.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(partial.size()));
  EXPECT_EQ(Fetch(server_->port(), "GET", "/metrics").status, 200);
  close(stalled);
}

TEST_F(MetricsServerTest, ConnectionsBeyondTheLimitWaitUntilOneCloses) {
  std::vector<int> idle;
  for (unsigned i = 0; i < MetricsServer::kMaxConnections; ++i) {
    idle.push_back(ConnectTo("127.0.0.1", server_->port()));
    ASSERT_GE(idle.back(), 0);
  }
  // The server has taken its fill: the next connection is not served, however long it waits
  // (a second here, well inside the idle connections' timeout).
  const int waiting = ConnectTo("127.0.0.1", server_->port());
  ASSERT_GE(waiting, 0);
  const timeval one_second{1, 0};
  setsockopt(waiting, SOL_SOCKET, SO_RCVTIMEO, &one_second, sizeof(one_second));
  const std::string request = "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  ASSERT_EQ(send(waiting, request.data(), request.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(request.size()));
  char byte;
  EXPECT_EQ(recv(waiting, &byte, 1, 0), -1) << "answered beyond the connection limit";
  // Once one idle connection closes, the waiting one is served.
  close(idle.back());
  idle.pop_back();
  const timeval no_timeout{0, 0};
  setsockopt(waiting, SOL_SOCKET, SO_RCVTIMEO, &no_timeout, sizeof(no_timeout));
  EXPECT_EQ(Exchange(waiting, "").status, 200);
  for (int fd : idle) close(fd);
}

TEST(MetricsServerStartTest, ServesOnIpv6Loopback) {
  Registry registry;
  JISR_ASSERT_OK_AND_ASSIGN(std::unique_ptr<MetricsServer> server,
                            MetricsServer::Start("[::1]:0", &registry));
  EXPECT_EQ(Fetch(server->port(), "GET", "/metrics", "::1").status, 200);
}

TEST(MetricsServerStartTest, APortInUseSaysToPickAnother) {
  Registry registry;
  JISR_ASSERT_OK_AND_ASSIGN(std::unique_ptr<MetricsServer> first,
                            MetricsServer::Start("127.0.0.1:0", &registry));
  EXPECT_THAT(MetricsServer::Start("127.0.0.1:" + std::to_string(first->port()), &registry),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("pick another port with --metrics_listen")));
}

TEST(MetricsServerStartTest, AddressesThatAreNotHostAndPortAreRefused) {
  Registry registry;
  for (const char* address :
       {"", "9464", "localhost:9464", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1",
        "127.0.0.1:94x4", "::1:9464", "[::1]", "300.0.0.1:9464"}) {
    EXPECT_THAT(MetricsServer::Start(address, &registry),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--metrics_listen")))
        << address;
  }
}

TEST(MetricsServerStartTest, AnAddressOfAnotherMachineIsRefused) {
  Registry registry;
  // TEST-NET-1 (RFC 5737): never an address of this machine.
  EXPECT_THAT(
      MetricsServer::Start("192.0.2.1:0", &registry),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not an address of this machine")));
}

TEST(MetricsServerStartTest, StoppingTheServerClosesThePort) {
  Registry registry;
  int port = 0;
  {
    JISR_ASSERT_OK_AND_ASSIGN(std::unique_ptr<MetricsServer> server,
                              MetricsServer::Start("127.0.0.1:0", &registry));
    port = server->port();
    ASSERT_EQ(Fetch(port, "GET", "/metrics").status, 200);
  }
  EXPECT_EQ(ConnectTo("127.0.0.1", port), -1);
}

}  // namespace
}  // namespace jisr::metrics
