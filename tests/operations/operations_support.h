// What the operations tests share: calls as the newsroom's editor to a real jisrd, jisrd's
// commands (backup, restore) run as a person at a shell runs them, and SQLite's own verdict on
// a file.
#ifndef JISR_TESTS_OPERATIONS_OPERATIONS_SUPPORT_H_
#define JISR_TESTS_OPERATIONS_OPERATIONS_SUPPORT_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "jisr/v1/article_service.grpc.pb.h"
#include "tests/clients/command_runner.h"
#include "tests/testing/jisrd_process.h"

namespace jisr::testing {

// A call as the newsroom's editor, who writes in every language and reads drafts.
std::unique_ptr<grpc::ClientContext> EditorCall(int seconds = 30);

std::unique_ptr<v1::ArticleService::Stub> ConnectTo(const JisrdProcess& jisrd);

// Starts jisrd on the SQLite file `data_path` with `flags` besides; fails the test if it does not
// serve.
std::unique_ptr<JisrdProcess> StartJisrdOn(const std::string& data_path,
                                           const std::string& work_dir,
                                           const std::vector<std::string>& flags = {});

// The latest headline of every variant jisrd holds, through ListVariants' pages.
std::vector<std::string> AllHeadlines(v1::ArticleService::Stub& stub);

// Runs `jisrd ARGS...` to completion; its output is kept in files under `work_dir`.
CommandResult RunJisrdCommand(const std::vector<std::string>& args, const std::string& work_dir);

// PRAGMA integrity_check of the file, opened read-only: "ok" when SQLite finds it sound, else
// what it found (or why it could not look).
std::string SqliteIntegrity(const std::string& path);

// The number after `label` in `text` ("last event sequence 42" and "last event sequence " give
// 42), or -1 when there is none.
int64_t NumberAfter(const std::string& text, const std::string& label);

// The whole file, byte for byte ("" when missing).
std::string FileBytes(const std::string& path);

}  // namespace jisr::testing

#endif  // JISR_TESTS_OPERATIONS_OPERATIONS_SUPPORT_H_
