#include "services/jisrd/backup_command.h"

#include <cstdio>
#include <string>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/storage/sqlite/backup.h"

ABSL_FLAG(std::string, to, "",
          "jisrd backup: the file to write the backup to; it must not exist (FILE.tmp is used "
          "while copying)");
ABSL_FLAG(std::string, from, "", "jisrd restore: the backup file to restore");
ABSL_FLAG(bool, force, false,
          "jisrd restore: replace the database at --data_path if there is one (what it holds "
          "is lost)");

ABSL_DECLARE_FLAG(std::string, data_path);
ABSL_DECLARE_FLAG(std::string, database_url);

namespace jisr::jisrd {
namespace {

namespace sqlite = ::jisr::storage::sqlite;

// Prints pages done / total to stderr once a second, from the first second on: nothing for a
// database small enough to copy at once.
class ProgressPrinter {
 public:
  explicit ProgressPrinter(const char* command) : command_(command) {}
  void operator()(const sqlite::CopyProgress& progress) {
    const absl::Time now = absl::Now();
    const bool done = progress.pages_done >= progress.pages_total;
    // After a line a second, the last one too; a copy done within the first second prints none.
    if (done ? !printed_ : now - last_ < absl::Seconds(1)) return;
    last_ = now;
    printed_ = true;
    std::fprintf(stderr, "jisrd %s: %lld/%lld pages (%d%%)\n", command_,
                 static_cast<long long>(progress.pages_done),
                 static_cast<long long>(progress.pages_total),
                 progress.pages_total == 0
                     ? 100
                     : static_cast<int>(progress.pages_done * 100 / progress.pages_total));
  }

 private:
  const char* command_;
  absl::Time last_ = absl::Now();
  bool printed_ = false;
};

int Usage(const char* command, const std::string& message) {
  std::fprintf(stderr, "jisrd %s: %s; see jisrd --help\n", command, message.c_str());
  return 2;
}

int Fail(const char* command, const absl::Status& status, const std::string& hint) {
  std::fprintf(stderr, "jisrd %s: %s%s%s\n", command, std::string(status.message()).c_str(),
               hint.empty() ? "" : "\n  ", hint.c_str());
  return 1;
}

// The one line a finished command prints: what the file holds and how long it took.
void Report(const std::string& what, const sqlite::DatabaseSummary& summary, absl::Duration took) {
  std::printf(
      "%s: integrity_check ok, schema version %d, %lld bytes (%.1f MiB), last event "
      "sequence %lld, took %s\n",
      what.c_str(), summary.schema_version, static_cast<long long>(summary.bytes),
      static_cast<double>(summary.bytes) / (1 << 20),
      static_cast<long long>(summary.last_event_sequence),
      absl::FormatDuration(absl::Trunc(took, absl::Milliseconds(1))).c_str());
}

// What to do next when a command fails with `code`.
std::string Hint(bool backup, absl::StatusCode code) {
  if (backup) {
    return code == absl::StatusCode::kNotFound
               ? "give the data file jisrd serves from with --data_path"
               : "";
  }
  switch (code) {
    case absl::StatusCode::kAlreadyExists:
      return "pass --force to replace it (what it holds is lost: jisrd backup it first)";
    case absl::StatusCode::kDataLoss:
      return "nothing was changed; restore another backup";
    default:
      return "nothing was changed";
  }
}

}  // namespace

bool IsBackupCommand(const std::vector<char*>& args) {
  if (args.size() < 2) return false;
  const std::string command = args[1];
  return command == "backup" || command == "restore";
}

int RunBackupCommand(const std::vector<char*>& args) {
  const std::string command = args[1];
  const char* name = command == "backup" ? "backup" : "restore";
  if (args.size() > 2) return Usage(name, absl::StrCat("unexpected argument \"", args[2], "\""));
  if (!absl::GetFlag(FLAGS_database_url).empty()) {
    return Usage(name, absl::StrCat("jisrd ", name,
                                    " copies the SQLite data file; with PostgreSQL use pg_dump "
                                    "and pg_restore (docs/backup.md)"));
  }
  const bool backup = command == "backup";
  const std::string file = absl::GetFlag(backup ? FLAGS_to : FLAGS_from);
  if (file.empty()) {
    return Usage(name, backup ? "--to=FILE is required: the new file to write"
                              : "--from=FILE is required: the backup to restore");
  }
  const std::string data_path = absl::GetFlag(FLAGS_data_path);
  const absl::Time start = absl::Now();
  ProgressPrinter progress(name);
  auto summary = backup ? sqlite::BackupDatabase(data_path, file, std::ref(progress))
                        : sqlite::RestoreDatabase(file, data_path, absl::GetFlag(FLAGS_force),
                                                  std::ref(progress));
  if (!summary.ok()) return Fail(name, summary.status(), Hint(backup, summary.status().code()));
  Report(backup ? absl::StrCat("backup of ", data_path, " written to ", file)
                : absl::StrCat(data_path, " restored from ", file),
         *summary, absl::Now() - start);
  return 0;
}

}  // namespace jisr::jisrd
