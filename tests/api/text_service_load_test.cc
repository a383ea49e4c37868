// jisr.v1.TextService under a burst, on a real gRPC server on a loopback port: calls beyond its
// pool and queue are refused at once with RESOURCE_EXHAUSTED and a RetryInfo, never queued without
// limit or left to time out; the admitted ones are served; and a result far over the response
// limit is refused by name.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/blocking_counter.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "jisr/v1/text_service.grpc.pb.h"
#include "services/api/text_service.h"
#include "services/config/newsroom_config.h"
#include "services/textservice/text_service_core.h"

namespace jisr {
namespace {

using ::testing::HasSubstr;
namespace v1 = ::jisr::v1;

constexpr int kMaxMessageBytes = 8 << 20;

config::NewsroomConfig DefaultConfig() {
  absl::StatusOr<config::NewsroomConfig> config = config::ParseLanguages("en,ar", "Asia/Dubai");
  EXPECT_TRUE(config.ok()) << config.status();
  return config.ok() ? *std::move(config) : config::NewsroomConfig{};
}

// Up to `bytes` of `unit` repeated.
std::string Repeated(const std::string& unit, size_t bytes) {
  std::string text;
  while (text.size() + unit.size() <= bytes) text += unit;
  return text;
}

// A megabyte of one-letter Arabic and Latin words alternating: some 24 MB of analysis.
std::string DenseMixedText() { return Repeated("ب a ", 1 << 20); }
// A megabyte of Arabic with a Latin word every few: slow too, but its analysis fits 8 MiB.
std::string MixedText() { return Repeated("مدينة كبيرة في الشرق AFP ", 1 << 20); }

v1::AnalyzeTextRequest AnalyzeRequest(const std::string& text) {
  v1::AnalyzeTextRequest request;
  request.set_text(text);
  request.set_language("ar");
  return request;
}

google::rpc::Status Details(const grpc::Status& status) {
  google::rpc::Status details;
  EXPECT_TRUE(details.ParseFromString(status.error_details())) << status.error_message();
  return details;
}

template <typename Detail>
bool FindDetail(const grpc::Status& status, Detail* detail) {
  const google::rpc::Status details = Details(status);
  for (const auto& any : details.details()) {
    if (any.Is<Detail>() && any.UnpackTo(detail)) return true;
  }
  return false;
}

std::string Reason(const grpc::Status& status) {
  google::rpc::ErrorInfo info;
  return FindDetail(status, &info) ? info.reason() : "";
}

class TextServiceLoadTest : public ::testing::Test {
 protected:
  void StartServer(const api::TextServiceOptions& options) {
    service_ = std::make_unique<api::TextService>(textservice::TextServiceCore(DefaultConfig()),
                                                  &authorizer_, options);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(service_.get());
    builder.SetMaxReceiveMessageSize(kMaxMessageBytes);
    builder.SetMaxSendMessageSize(kMaxMessageBytes);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    grpc::ChannelArguments args;
    args.SetMaxReceiveMessageSize(kMaxMessageBytes);
    args.SetMaxSendMessageSize(kMaxMessageBytes);
    stub_ = v1::TextService::NewStub(grpc::CreateCustomChannel(
        absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials(), args));
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown();
  }

  // Generous: no call here may time out, and a slow machine must not make one.
  static void SetDeadline(grpc::ClientContext& context) {
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(5));
  }

  // Anonymous callers read, as on jisrd's loopback listener: the TextService needs no more.
  api::Authorizer authorizer_{api::AuthorizerOptions{/*anonymous_is_reader=*/true}, nullptr,
                              nullptr};
  std::unique_ptr<api::TextService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::TextService::Stub> stub_;
};

// One call of a burst, and when it ended among the others.
struct BurstCall {
  grpc::ClientContext context;
  v1::AnalyzeTextResponse response;
  grpc::Status status;
  int finished = -1;  // 0 for the first call of the burst to end
};

TEST_F(TextServiceLoadTest, ABurstBeyondThePoolAndItsQueueIsRefusedAtOnce) {
  api::TextServiceOptions options;
  options.threads = 2;
  options.max_queued = 4;
  StartServer(options);
  const v1::AnalyzeTextRequest dense = AnalyzeRequest(DenseMixedText());
  const v1::AnalyzeTextRequest mixed = AnalyzeRequest(MixedText());

  constexpr int kCalls = 64;
  std::vector<std::unique_ptr<BurstCall>> calls;
  std::atomic<int> finished{0};
  absl::BlockingCounter done(kCalls);
  for (int i = 0; i < kCalls; ++i) {
    calls.push_back(std::make_unique<BurstCall>());
    BurstCall* call = calls.back().get();
    SetDeadline(call->context);
    stub_->async()->Analyze(&call->context, i % 2 == 0 ? &dense : &mixed, &call->response,
                            [call, &finished, &done](grpc::Status status) {
                              call->status = std::move(status);
                              call->finished = finished++;
                              done.DecrementCount();
                            });
  }
  done.Wait();

  std::vector<int> refused;   // when each refusal ended
  std::vector<int> admitted;  // when each call the pool ran ended
  int served = 0;
  for (const auto& call : calls) {
    const grpc::Status& status = call->status;
    if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
      refused.push_back(call->finished);
      EXPECT_EQ(Reason(status), "TEXT_SERVICE_BUSY") << status.error_message();
      google::rpc::RetryInfo retry;
      ASSERT_TRUE(FindDetail(status, &retry)) << status.error_message();
      EXPECT_EQ(retry.retry_delay().seconds(), 1);
      EXPECT_EQ(retry.retry_delay().nanos(), 0);
      continue;
    }
    admitted.push_back(call->finished);
    if (status.ok()) {
      ++served;
      EXPECT_GT(call->response.analysis().isolates_size(), 10000);
    } else {
      // Never a timeout, nor anything but the dense text's too large a result.
      ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
      EXPECT_EQ(Reason(status), "RESPONSE_TOO_LARGE") << status.error_message();
    }
  }
  std::cout << "of " << kCalls << " calls: " << refused.size() << " refused, " << served
            << " served, " << admitted.size() - served << " too large\n";
  // A queue without limit would have taken them all.
  EXPECT_FALSE(refused.empty());
  // The queue alone holds 4: the first 4 calls to arrive are always admitted.
  EXPECT_GE(admitted.size(), 4u);
  // Refused at once: when a call is refused, the 4 calls in the queue have not started yet, so
  // every refusal arrives before at least 4 admitted calls end, the slowest among them.
  for (int refusal : refused) {
    int ended_after = 0;
    for (int end : admitted) ended_after += end > refusal ? 1 : 0;
    EXPECT_GE(ended_after, 4) << "refusal " << refusal << " of " << kCalls;
  }

  // The burst over, the service answers at once.
  grpc::ClientContext context;
  SetDeadline(context);
  v1::AnalyzeTextResponse response;
  const grpc::Status status = stub_->Analyze(&context, AnalyzeRequest("ب a"), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.analysis().isolates_size(), 1);
}

TEST_F(TextServiceLoadTest, AResultFarOverTheLimitIsRefusedNamingTheText) {
  StartServer(api::TextServiceOptions{});
  grpc::ClientContext context;
  SetDeadline(context);
  v1::AnalyzeTextResponse response;
  const grpc::Status status = stub_->Analyze(&context, AnalyzeRequest(DenseMixedText()), &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_EQ(Reason(status), "RESPONSE_TOO_LARGE");
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(FindDetail(status, &bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(), "text");
  // Building stopped at the limit, so the message gives the limit, not the size it never reached.
  EXPECT_THAT(status.error_message(), HasSubstr("over 8388608 bytes"));
  EXPECT_THAT(status.error_message(), HasSubstr("send less text per call"));
}

}  // namespace
}  // namespace jisr
