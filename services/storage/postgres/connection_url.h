// Reading a libpq connection URI without ever repeating its password.
#ifndef JISR_SERVICES_STORAGE_POSTGRES_CONNECTION_URL_H_
#define JISR_SERVICES_STORAGE_POSTGRES_CONNECTION_URL_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jisr::storage::postgres {

// "postgresql://user@host:port/dbname" for logs: the parts libpq will use, no password and no
// other parameters. INVALID_ARGUMENT (with libpq's reason) when libpq cannot parse `url`.
absl::StatusOr<std::string> DescribeConnectionUrl(absl::string_view url);

}  // namespace jisr::storage::postgres

#endif  // JISR_SERVICES_STORAGE_POSTGRES_CONNECTION_URL_H_
