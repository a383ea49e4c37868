// A newsroom over a real SQLite file in a temporary directory, with a clock the test controls,
// and optionally the real gRPC server in front of it.
#ifndef JISR_TESTS_TESTING_TEST_NEWSROOM_H_
#define JISR_TESTS_TESTING_TEST_NEWSROOM_H_

#include <memory>
#include <string>

#include "absl/container/btree_set.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "jisr/v1/article_service.grpc.pb.h"
#include "services/access/caller.h"
#include "services/api/server.h"
#include "services/articles/newsroom.h"
#include "services/storage/storage.h"
#include "tests/testing/temp_dir.h"

namespace jisr::testing {

// A clock that moves only when told to.
class ManualClock {
 public:
  explicit ManualClock(absl::Time start) : now_(start) {}
  absl::Time Now() const {
    absl::MutexLock lock(&mu_);
    return now_;
  }
  void Advance(absl::Duration d) {
    absl::MutexLock lock(&mu_);
    now_ += d;
  }

 private:
  mutable absl::Mutex mu_;
  absl::Time now_;
};

class TestNewsroom {
 public:
  // Languages en and ar; the clock starts at 2024-03-01T08:00:00Z.
  TestNewsroom();
  // The same over `storage` (any engine), keeping request ids and events as `retention` says.
  TestNewsroom(std::unique_ptr<storage::Storage> storage, articles::RetentionOptions retention);
  ~TestNewsroom();

  articles::Newsroom& newsroom() { return *newsroom_; }
  storage::Storage& storage() { return *storage_; }
  ManualClock& clock() { return clock_; }
  const std::string& db_path() const { return db_path_; }

  // Starts the gRPC server in front of the newsroom (loopback, port 0) and returns a stub on
  // its in-process channel.
  std::unique_ptr<jisr::v1::ArticleService::Stub> StartServer();
  api::JisrServer& server() { return *server_; }
  // The change feed the server follows (after StartServer).
  articles::ChangeFeed& feed() { return *feed_; }

 private:
  TempDir dir_;
  std::string db_path_;
  ManualClock clock_;
  std::unique_ptr<storage::Storage> storage_;
  std::unique_ptr<articles::Newsroom> newsroom_;
  std::unique_ptr<articles::ChangeFeed> feed_;
  std::unique_ptr<api::JisrServer> server_;
};

// The caller domain tests write as: a verified editor (every language, and stories).
articles::CallContext Editor(const std::string& author = "editor@newsroom.test");
// A verified administrator (delete, undelete, back-dating).
articles::CallContext Admin(const std::string& principal = "admin@newsroom.test");
// A verified caller with these roles (and, for a desk, these languages).
articles::CallContext Caller(const std::string& principal, absl::btree_set<access::Role> roles,
                             absl::btree_set<std::string> desk_languages = {});
// A caller with no credentials: a reader, or nobody.
articles::CallContext Anonymous(bool reader);

}  // namespace jisr::testing

#endif  // JISR_TESTS_TESTING_TEST_NEWSROOM_H_
