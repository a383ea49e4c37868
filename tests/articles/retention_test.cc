// Bounded data on both engines, with a manual clock: a request_id is answered with its first
// response within --request_retention and is new after it (whether or not the pruner ran), the
// pruner deletes exactly the request records and events past their windows, and a Watch from a
// cursor whose events were pruned ends OUT_OF_RANGE while one from a kept cursor has no gap.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tests/articles/engine_test_support.h"
#include "tests/testing/test_credentials.h"

namespace jisr::articles::engine_test {
namespace {

namespace v1 = ::jisr::v1;
using ::jisr::testing::Editor;
using ::jisr::testing::IsOk;
using ::testing::ElementsAreArray;

class RequestRetentionTest : public EngineDomainTest {
 protected:
  // Creates a story with `request_id`; returns its name.
  std::string CreateStory(const std::string& request_id, const std::string& title = "Budget") {
    v1::CreateStoryRequest request;
    request.mutable_story()->set_title(title);
    request.set_request_id(request_id);
    absl::StatusOr<v1::Story> story = newsroom().stories().CreateStory(request, Editor());
    EXPECT_THAT(story, IsOk());
    return story.ok() ? story->name() : "";
  }

  bool Recorded(const std::string& request_id) {
    auto txn = storage().BeginRead();
    EXPECT_THAT(txn, IsOk());
    if (!txn.ok()) return false;
    auto row = (*txn)->GetRequest(request_id);
    EXPECT_THAT(row, IsOk());
    return row.ok() && row->has_value();
  }
};

TEST_P(RequestRetentionTest, ARetryWithinTheWindowGetsTheFirstResponseAndWritesNothing) {
  v1::CreateVariantRequest create;
  create.mutable_variant()->set_language("en");
  create.mutable_variant()->set_headline("Rates held");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant draft,
                            newsroom().variant_editing().CreateVariant(create, Editor()));
  v1::UpdateVariantRequest update;
  update.mutable_variant()->set_name(draft.name());
  update.mutable_variant()->set_etag(draft.etag());
  update.mutable_variant()->set_headline("Rates held at 5%");
  update.set_request_id("update-1");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant first,
                            newsroom().variant_editing().UpdateVariant(update, Editor()));

  clock().Advance(absl::Hours(23) + absl::Minutes(59));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant retried,
                            newsroom().variant_editing().UpdateVariant(update, Editor()));
  EXPECT_EQ(retried.etag(), first.etag());
  EXPECT_EQ(retried.revision().number(), 2);
  v1::ListRevisionsRequest list;
  list.set_parent(draft.name());
  JISR_ASSERT_OK_AND_ASSIGN(auto revisions,
                            newsroom().revision_history().ListRevisions(list, Editor()));
  EXPECT_EQ(revisions.revisions_size(), 2);
}

TEST_P(RequestRetentionTest, ARetryAfterTheWindowIsANewCallBeforeThePrunerRuns) {
  const std::string first = CreateStory("create-1");
  clock().Advance(absl::Hours(24) + absl::Seconds(1));
  ASSERT_TRUE(Recorded("create-1"));  // the pruner has not run: the record is still there
  const std::string second = CreateStory("create-1");
  EXPECT_NE(second, first);
  // The expired record was replaced: within the new window the second answer is the one given.
  clock().Advance(absl::Hours(1));
  EXPECT_EQ(CreateStory("create-1"), second);
}

TEST_P(RequestRetentionTest, ARetryAfterThePrunerDeletedTheRecordIsANewCall) {
  const std::string first = CreateStory("create-1");
  clock().Advance(absl::Hours(25));
  JISR_ASSERT_OK_AND_ASSIGN(Retention::Pruned pruned, Pruner()->PruneOnce());
  EXPECT_EQ(pruned.requests, 1);
  EXPECT_FALSE(Recorded("create-1"));
  EXPECT_NE(CreateStory("create-1"), first);
}

TEST_P(RequestRetentionTest, ThePrunerDeletesExactlyTheRecordsOlderThanTheWindow) {
  // Seven old records, deleted in batches of two in one round; three recent ones stay.
  for (int i = 0; i < 7; ++i) {
    CreateStory("old-" + std::to_string(i));
    clock().Advance(absl::Minutes(1));
  }
  clock().Advance(absl::Hours(20));
  for (int i = 0; i < 3; ++i) {
    CreateStory("recent-" + std::to_string(i));
    clock().Advance(absl::Minutes(1));
  }
  clock().Advance(absl::Hours(4));  // the old ones are past 24 hours, the recent ones not
  JISR_ASSERT_OK_AND_ASSIGN(Retention::Pruned pruned, Pruner()->PruneOnce());
  EXPECT_EQ(pruned.requests, 7);
  for (int i = 0; i < 7; ++i) EXPECT_FALSE(Recorded("old-" + std::to_string(i))) << i;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(Recorded("recent-" + std::to_string(i))) << i;
  JISR_ASSERT_OK_AND_ASSIGN(pruned, Pruner()->PruneOnce());
  EXPECT_EQ(pruned.requests, 0);
}

JISR_INSTANTIATE_FOR_EVERY_ENGINE(RequestRetentionTest);

class EventRetentionTest : public EngineDomainTest {
 protected:
  RetentionOptions Windows() const override {
    RetentionOptions windows;
    windows.batch = 2;  // several batches per round
    return windows;
  }

  // Creates `count` stories, one event each; returns their events' sequences.
  std::vector<int64_t> Write(int count) {
    std::vector<int64_t> sequences;
    for (int i = 0; i < count; ++i) {
      v1::CreateStoryRequest request;
      request.mutable_story()->set_title("Story " + std::to_string(i));
      EXPECT_THAT(newsroom().stories().CreateStory(request, Editor()), IsOk());
      auto last = storage().LastEventSequence();
      EXPECT_THAT(last, IsOk());
      sequences.push_back(last.value_or(0));
      clock().Advance(absl::Minutes(1));
    }
    return sequences;
  }

  std::vector<int64_t> Kept() {
    auto rows = storage().ReadEvents(0, 100000);
    EXPECT_THAT(rows, IsOk());
    std::vector<int64_t> out;
    for (const auto& row : rows.value_or(std::vector<storage::EventRow>())) {
      out.push_back(row.sequence);
    }
    return out;
  }

  // A Watch of the in-process server as an editor, from `cursor` (or from the oldest event).
  std::unique_ptr<grpc::ClientReader<v1::ChangeEvent>> Watch(v1::ArticleService::Stub& stub,
                                                             grpc::ClientContext& context,
                                                             const std::string& cursor) {
    testing::TestCredentials::Get().Authorize(context, testing::kTestEditor);
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    v1::WatchRequest request;
    request.set_cursor(cursor);
    request.set_from_oldest(cursor.empty());
    return stub.Watch(&context, request);
  }
};

TEST_P(EventRetentionTest, ThePrunerDeletesTheEventsOlderThanTheWindowAndKeepsTheRest) {
  const std::vector<int64_t> old_events = Write(5);
  clock().Advance(absl::Hours(24 * 7));
  const std::vector<int64_t> new_events = Write(3);
  JISR_ASSERT_OK_AND_ASSIGN(Retention::Pruned pruned, Pruner()->PruneOnce());
  EXPECT_EQ(pruned.events, 5);
  EXPECT_THAT(Kept(), ElementsAreArray(new_events));
  JISR_ASSERT_OK_AND_ASSIGN(int64_t watermark, storage().PrunedThrough());
  EXPECT_EQ(watermark, old_events.back());

  // When everything is old, the newest event stays, so the feed's head survives a restart.
  clock().Advance(absl::Hours(24 * 8));
  JISR_ASSERT_OK_AND_ASSIGN(pruned, Pruner()->PruneOnce());
  EXPECT_EQ(pruned.events, 2);
  EXPECT_THAT(Kept(), ElementsAreArray({new_events.back()}));
}

TEST_P(EventRetentionTest, AWatchFromAPrunedCursorIsOutOfRangeAndOneFromAKeptCursorHasNoGap) {
  auto stub = env().StartServer();
  const std::vector<int64_t> old_events = Write(4);
  clock().Advance(absl::Hours(24 * 7) + absl::Minutes(1));
  const std::vector<int64_t> new_events = Write(3);
  JISR_ASSERT_OK_AND_ASSIGN(Retention::Pruned pruned, Pruner(&env().feed())->PruneOnce());
  ASSERT_EQ(pruned.events, 4);

  {  // The events after the second old one are partly gone: re-sync.
    grpc::ClientContext context;
    auto reader = Watch(*stub, context, ChangeFeed::CursorFor(old_events[1]));
    v1::ChangeEvent event;
    EXPECT_FALSE(reader->Read(&event));
    const grpc::Status status = reader->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::OUT_OF_RANGE) << status.error_message();
    EXPECT_THAT(status.error_message(), ::testing::HasSubstr("ListVariants"));
    google::rpc::Status details;
    ASSERT_TRUE(details.ParseFromString(status.error_details()));
    google::rpc::ErrorInfo info;
    ASSERT_GT(details.details_size(), 0);
    ASSERT_TRUE(details.details(0).UnpackTo(&info));
    EXPECT_EQ(info.reason(), "CURSOR_EXPIRED");
    EXPECT_EQ(info.domain(), "jisr.newsroom");
    EXPECT_EQ(info.metadata().at("oldest_sequence"), std::to_string(old_events.back() + 1));
    EXPECT_EQ(info.metadata().at("cursor_sequence"), std::to_string(old_events[1]));
  }
  // From the last pruned event's cursor nothing is missing; from the oldest, the same events.
  for (const std::string& cursor : {ChangeFeed::CursorFor(old_events.back()), std::string()}) {
    SCOPED_TRACE(cursor.empty() ? "from_oldest" : "from the last pruned event");
    grpc::ClientContext context;
    auto reader = Watch(*stub, context, cursor);
    std::vector<int64_t> received;
    v1::ChangeEvent event;
    while (received.size() < new_events.size() && reader->Read(&event)) {
      received.push_back(event.sequence());
    }
    EXPECT_THAT(received, ElementsAreArray(new_events));
    context.TryCancel();
    reader->Finish();
  }
}

JISR_INSTANTIATE_FOR_EVERY_ENGINE(EventRetentionTest);

}  // namespace
}  // namespace jisr::articles::engine_test
