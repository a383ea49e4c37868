// Asking a jisrd for a service's health (grpc.health.v1), as probes do.
#ifndef JISR_TESTS_TESTING_HEALTH_CHECK_H_
#define JISR_TESTS_TESTING_HEALTH_CHECK_H_

#include <grpcpp/grpcpp.h>

#include <string>

#include "absl/time/time.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace jisr::testing {

using ServingStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;

// `service`'s health on `channel` ("" is the process); UNKNOWN when the check fails.
ServingStatus Health(grpc::Channel& channel, const std::string& service = "jisr.v1.ArticleService");

// Health(channel, service) once it is `wanted`, or after `timeout` whatever it is then.
ServingStatus AwaitHealth(grpc::Channel& channel, const std::string& service, ServingStatus wanted,
                          absl::Duration timeout = absl::Seconds(20));

}  // namespace jisr::testing

#endif  // JISR_TESTS_TESTING_HEALTH_CHECK_H_
