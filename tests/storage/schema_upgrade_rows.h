// Rows of every table for a schema upgrade test, and everything the storage reads back of them
// (rows and lists, in order), as text that two databases can be compared by.
#ifndef JISR_TESTS_STORAGE_SCHEMA_UPGRADE_ROWS_H_
#define JISR_TESTS_STORAGE_SCHEMA_UPGRADE_ROWS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/storage/storage.h"

namespace jisr::testing {

// Writes stories, variants of both languages in several states and sections (some deleted,
// some stale translations), chains of revisions, published views, request records, schedules
// and events (the oldest pruned), through `storage`.
absl::Status FillForUpgrade(storage::Storage& storage);

// Every row FillForUpgrade wrote, read back one by one and through every list (each filter,
// each order, a page boundary), one line each, in the order the storage returns them.
absl::StatusOr<std::vector<std::string>> EverythingStored(storage::Storage& storage);

}  // namespace jisr::testing

#endif  // JISR_TESTS_STORAGE_SCHEMA_UPGRADE_ROWS_H_
