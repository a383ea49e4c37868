// What the outage tests share: stopping and starting the fixture's PostgreSQL server, and asking
// a jisrd for a service's health (tests/testing/health_check.h).
#ifndef JISR_TESTS_REPLICAS_OUTAGE_HELPERS_H_
#define JISR_TESTS_REPLICAS_OUTAGE_HELPERS_H_

#include <string>

#include "tests/testing/health_check.h"

namespace jisr::testing {

// Runs tests/storage/postgres_fixture.sh `command` (pause, resume) on the fixture's server.
bool PostgresFixture(const std::string& command);

}  // namespace jisr::testing

#endif  // JISR_TESTS_REPLICAS_OUTAGE_HELPERS_H_
