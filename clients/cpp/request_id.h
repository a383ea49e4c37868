// Request ids for the service's safe retries (AIP-155): a call repeated with the same
// request_id returns the first result and writes nothing again.
#ifndef JISR_CLIENTS_CPP_REQUEST_ID_H_
#define JISR_CLIENTS_CPP_REQUEST_ID_H_

#include <string>

#include "absl/strings/string_view.h"

namespace jisr::client {

// A random UUIDv4 ("0b5f0c6e-8a7d-4c59-9a0e-2f6d3c1b7e44"). Make one per logical change and
// reuse it on every retry of that change.
std::string NewRequestId();

// A UUIDv8 (RFC 9562) derived from `key` by the 128-bit FNV-1a hash: the same key gives the same
// id in every process, so a tool that derives the key from what it is about to write (a file's
// content and the options) is idempotent across runs. Not a secret: anyone who knows the key
// can compute it.
std::string RequestIdFromKey(absl::string_view key);

}  // namespace jisr::client

#endif  // JISR_CLIENTS_CPP_REQUEST_ID_H_
