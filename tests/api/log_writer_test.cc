// The access log's path off the calls' threads (services/common/log_writer.h): a full queue
// drops records and counts them rather than make a call wait, even when stderr is stuck; each
// thread's records come out in the order it logged them; a line logged at once comes after the
// records queued before it; and stopping the writer writes every record still queued.
#include "services/common/log_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/log.h"
#include "services/common/log_record.h"

namespace jisr {
namespace {

QueuedRecord CallRecord(int thread, int sequence) {
  QueuedRecord record(absl::Now(), LogLevel::kInfo, "call", "GetVariant");
  record.Add("thread", int64_t{thread})
      .Add("seq", int64_t{sequence})
      .Add("peer", "ipv4:127.0.0.1:5");
  return record;
}

// The value of `"key":N` in a JSON line; -1 when it has none.
int64_t Field(absl::string_view line, absl::string_view key) {
  const std::string prefix = "\"" + std::string(key) + "\":";
  const size_t at = line.find(prefix);
  if (at == absl::string_view::npos) return -1;
  absl::string_view rest = line.substr(at + prefix.size());
  rest = rest.substr(0, rest.find_first_of(",}"));
  int64_t value = -1;
  return absl::SimpleAtoi(rest, &value) ? value : -1;
}

std::vector<std::string> Lines(std::FILE* file) {
  std::fflush(file);
  std::rewind(file);
  std::string text;
  char buffer[4096];
  for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, file)) > 0;) text.append(buffer, n);
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

TEST(LogWriterTest, AQueuedRecordIsTheLineFormatLogLineMakes) {
  const absl::Time time = absl::FromUnixMillis(1764912345678);
  QueuedRecord record(time, LogLevel::kInfo, "call", "GetVariant");
  record.Add("peer", "ipv4:127.0.0.1:5").Add("bytes", int64_t{42}).Add("latency_ms", 0.25);
  LogFields fields;
  fields.Add("peer", "ipv4:127.0.0.1:5").Add("bytes", int64_t{42}).Add("latency_ms", 0.25);
  for (LogFormat format : {LogFormat::kJson, LogFormat::kText}) {
    EXPECT_EQ(record.Format(format),
              FormatLogLine(format, time, LogLevel::kInfo, "call", "GetVariant", fields));
  }
  EXPECT_THAT(record.Format(LogFormat::kJson),
              ::testing::StartsWith(R"({"time":"2025-12-05T05:25:45.678Z",)"));
}

TEST(LogWriterTest, AFullQueueDropsAndCountsRecordsAndNeverBlocksEvenWhenTheOutputIsStuck) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  // Fill the pipe, so the writer's first write blocks until the test reads.
  ASSERT_EQ(fcntl(fds[1], F_SETFL, O_NONBLOCK), 0);
  const std::string filler(4096, '\n');
  while (write(fds[1], filler.data(), filler.size()) > 0) {
  }
  ASSERT_EQ(fcntl(fds[1], F_SETFL, 0), 0);
  std::FILE* out = fdopen(fds[1], "w");
  ASSERT_NE(out, nullptr);

  constexpr int kRecords = 1000;
  int accepted = 0;
  auto writer = std::make_unique<LogWriter>(out, 8, absl::Milliseconds(1));
  writer->set_format(LogFormat::kJson);
  // Each Enqueue returns at once: were one to wait for the stuck output, the test would hang.
  for (int i = 0; i < kRecords; ++i) {
    QueuedRecord record = CallRecord(0, i);
    if (writer->Enqueue(record)) ++accepted;
  }
  EXPECT_GT(writer->dropped(), 0u);
  EXPECT_EQ(writer->dropped() + accepted, static_cast<uint64_t>(kRecords));

  // Unstick the output: every accepted record arrives, in order, once the writer stops.
  std::string text;
  std::thread reader([&] {
    char buffer[4096];
    for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) text.append(buffer, n);
  });
  writer.reset();
  std::fclose(out);
  reader.join();
  close(fds[0]);
  std::vector<std::string> lines = absl::StrSplit(text, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), static_cast<size_t>(accepted));
  for (size_t i = 1; i < lines.size(); ++i) {
    EXPECT_LT(Field(lines[i - 1], "seq"), Field(lines[i], "seq")) << lines[i];
  }
}

TEST(LogWriterTest, EachThreadsRecordsComeOutInTheOrderItLoggedThem) {
  std::FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  constexpr int kThreads = 4;
  constexpr int kEach = 5000;
  auto writer = std::make_unique<LogWriter>(out, 1024, absl::Milliseconds(1));
  writer->set_format(LogFormat::kJson);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&writer, t] {
      for (int i = 0; i < kEach; ++i) {
        QueuedRecord record = CallRecord(t, i);
        writer->Enqueue(record);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const uint64_t dropped = writer->dropped();
  writer.reset();
  std::vector<std::string> lines = Lines(out);
  std::fclose(out);
  EXPECT_EQ(lines.size() + dropped, static_cast<uint64_t>(kThreads * kEach));
  std::map<int64_t, int64_t> last;  // by thread
  for (const std::string& line : lines) {
    const int64_t thread = Field(line, "thread");
    const int64_t sequence = Field(line, "seq");
    ASSERT_GE(thread, 0) << line;
    auto [it, first] = last.emplace(thread, sequence);
    if (!first) {
      EXPECT_GT(sequence, it->second) << "thread " << thread << " out of order";
      it->second = sequence;
    }
  }
}

TEST(LogWriterTest, ALineWrittenAtOnceFollowsTheQueuedRecordsAndStoppingWritesTheRest) {
  std::FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  // An interval of an hour: only Write and the destructor write anything.
  auto writer = std::make_unique<LogWriter>(out, 64, absl::Hours(1));
  writer->set_format(LogFormat::kJson);
  for (int i = 0; i < 10; ++i) {
    QueuedRecord record = CallRecord(0, i);
    ASSERT_TRUE(writer->Enqueue(record));
  }
  writer->Write("{\"event\":\"shutdown\"}\n");
  for (int i = 10; i < 15; ++i) {
    QueuedRecord record = CallRecord(0, i);
    ASSERT_TRUE(writer->Enqueue(record));
  }
  writer.reset();
  std::vector<std::string> lines = Lines(out);
  std::fclose(out);
  ASSERT_EQ(lines.size(), 16u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(Field(lines[i], "seq"), i);
  EXPECT_EQ(lines[10], "{\"event\":\"shutdown\"}");
  for (int i = 11; i < 16; ++i) EXPECT_EQ(Field(lines[i], "seq"), i - 1);
}

}  // namespace
}  // namespace jisr
