// `jisrd backup` and `jisrd restore`: commands beside the server that copy its SQLite data file
// (services/storage/sqlite/backup.h), with their own flags (--to, --from, --force).
//
//   jisrd backup --data_path=var/jisr.db --to=FILE              while jisrd runs
//   jisrd restore --from=FILE --data_path=var/jisr.db [--force]  with jisrd stopped
#ifndef JISR_SERVICES_JISRD_BACKUP_COMMAND_H_
#define JISR_SERVICES_JISRD_BACKUP_COMMAND_H_

#include <vector>

namespace jisr::jisrd {

// True when the command line (after flag parsing) names `backup` or `restore`.
bool IsBackupCommand(const std::vector<char*>& args);

// Runs the command args[1] names; returns the exit code: 0 done, 1 failed, 2 bad usage.
int RunBackupCommand(const std::vector<char*>& args);

}  // namespace jisr::jisrd

#endif  // JISR_SERVICES_JISRD_BACKUP_COMMAND_H_
