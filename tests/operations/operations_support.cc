#include "tests/operations/operations_support.h"

#include <sqlite3.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "tests/testing/test_credentials.h"

namespace jisr::testing {

std::unique_ptr<grpc::ClientContext> EditorCall(int seconds) {
  auto context = std::make_unique<grpc::ClientContext>();
  TestCredentials::Get().Authorize(*context, kTestEditor);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  return context;
}

std::unique_ptr<v1::ArticleService::Stub> ConnectTo(const JisrdProcess& jisrd) {
  return v1::ArticleService::NewStub(
      grpc::CreateChannel(jisrd.target(), grpc::InsecureChannelCredentials()));
}

std::unique_ptr<JisrdProcess> StartJisrdOn(const std::string& data_path,
                                           const std::string& work_dir,
                                           const std::vector<std::string>& flags) {
  std::vector<std::string> all = {"--data_path=" + data_path};
  all.insert(all.end(), flags.begin(), flags.end());
  absl::StatusOr<JisrdProcess> started = JisrdProcess::Start(all, work_dir);
  EXPECT_TRUE(started.ok()) << started.status();
  if (!started.ok()) return nullptr;
  return std::make_unique<JisrdProcess>(std::move(*started));
}

std::vector<std::string> AllHeadlines(v1::ArticleService::Stub& stub) {
  std::vector<std::string> headlines;
  v1::ListVariantsRequest request;
  request.set_page_size(500);
  request.set_view(v1::VARIANT_VIEW_LATEST);
  do {
    v1::ListVariantsResponse page;
    const grpc::Status status = stub.ListVariants(EditorCall().get(), request, &page);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!status.ok()) break;
    for (const v1::Variant& variant : page.variants()) headlines.push_back(variant.headline());
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return headlines;
}

CommandResult RunJisrdCommand(const std::vector<std::string>& args, const std::string& work_dir) {
  std::vector<std::string> argv = {JisrdPath()};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv, work_dir);
}

std::string SqliteIntegrity(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::string error = absl::StrCat("cannot open: ", sqlite3_errmsg(db));
    sqlite3_close(db);
    return error;
  }
  std::vector<std::string> lines;
  sqlite3_stmt* check = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &check, nullptr) == SQLITE_OK) {
    int rc;
    while ((rc = sqlite3_step(check)) == SQLITE_ROW) {
      lines.push_back(reinterpret_cast<const char*>(sqlite3_column_text(check, 0)));
    }
    if (rc != SQLITE_DONE) lines.push_back(sqlite3_errmsg(db));
  } else {
    lines.push_back(sqlite3_errmsg(db));
  }
  sqlite3_finalize(check);
  sqlite3_close(db);
  return absl::StrJoin(lines, "; ");
}

int64_t NumberAfter(const std::string& text, const std::string& label) {
  const size_t at = text.find(label);
  if (at == std::string::npos) return -1;
  const size_t start = at + label.size();
  size_t end = start;
  while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
  int64_t number = -1;
  return absl::SimpleAtoi(text.substr(start, end - start), &number) ? number : -1;
}

std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace jisr::testing
