// What the outage tests share: stopping and starting the fixture's PostgreSQL server, and asking
// a jisrd for a service's health.
#ifndef JISR_TESTS_REPLICAS_OUTAGE_HELPERS_H_
#define JISR_TESTS_REPLICAS_OUTAGE_HELPERS_H_

#include <grpcpp/grpcpp.h>

#include <string>

#include "absl/time/time.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace jisr::testing {

using ServingStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;

// Runs tests/storage/postgres_fixture.sh `command` (pause, resume) on the fixture's server.
bool PostgresFixture(const std::string& command);

// `service`'s health on `channel` ("" is the process); UNKNOWN when the check fails.
ServingStatus Health(grpc::Channel& channel, const std::string& service = "jisr.v1.ArticleService");

// Health(channel, service) once it is `wanted`, or after `timeout` whatever it is then.
ServingStatus AwaitHealth(grpc::Channel& channel, const std::string& service, ServingStatus wanted,
                          absl::Duration timeout = absl::Seconds(20));

}  // namespace jisr::testing

#endif  // JISR_TESTS_REPLICAS_OUTAGE_HELPERS_H_
