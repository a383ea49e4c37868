// The real server for the service fuzz targets: jisrd's JisrServer over a SQLite file in a
// temporary directory, reached through its in-process channel with an administrator's token, so
// every method's own checks (not the credentials) decide what happens to the fuzzer's bytes.
#ifndef JISR_TESTS_FUZZ_SERVICE_FUZZ_SERVER_H_
#define JISR_TESTS_FUZZ_SERVICE_FUZZ_SERVER_H_

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "services/api/server.h"
#include "services/articles/change_feed.h"
#include "services/articles/newsroom.h"
#include "services/storage/storage.h"
#include "tests/testing/temp_dir.h"

namespace jisr::fuzz {

class ServiceFuzzServer {
 public:
  // Started once per process, with a published English story and its Arabic translation
  // (variants/seed-en, variants/seed-ar in stories/seed-story) for requests to find.
  static ServiceFuzzServer& Get();

  // Calls "/<service>/<method>" with `request` as the wire bytes; returns the status and fills
  // `response` with the response bytes.
  grpc::Status Call(const std::string& service, const std::string& method,
                    const std::string& request, std::string* response);
  // The newest event's sequence: every committed write appends at least one.
  int64_t LastEvent();
  storage::Storage& storage() { return *storage_; }

 private:
  ServiceFuzzServer() = default;
  void Seed();

  testing::TempDir dir_;
  std::unique_ptr<storage::Storage> storage_;
  std::unique_ptr<articles::Newsroom> newsroom_;
  std::unique_ptr<articles::ChangeFeed> feed_;
  std::unique_ptr<api::JisrServer> server_;
  std::unique_ptr<grpc::GenericStub> stub_;
  std::string bearer_;
};

// Stops the process with a message when a promise is broken (libFuzzer reports it as a crash).
void Require(bool condition, const char* target, const char* what);

}  // namespace jisr::fuzz

#endif  // JISR_TESTS_FUZZ_SERVICE_FUZZ_SERVER_H_
