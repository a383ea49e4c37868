#include "tests/testing/health_check.h"

#include <memory>

#include "absl/time/clock.h"

namespace jisr::testing {

ServingStatus Health(grpc::Channel& channel, const std::string& service) {
  auto health = grpc::health::v1::Health::NewStub(
      std::shared_ptr<grpc::Channel>(&channel, [](grpc::Channel*) {}));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  if (!health->Check(&context, request, &response).ok()) {
    return grpc::health::v1::HealthCheckResponse::UNKNOWN;
  }
  return response.status();
}

ServingStatus AwaitHealth(grpc::Channel& channel, const std::string& service, ServingStatus wanted,
                          absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  ServingStatus status = Health(channel, service);
  while (status != wanted && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(100));
    status = Health(channel, service);
  }
  return status;
}

}  // namespace jisr::testing
