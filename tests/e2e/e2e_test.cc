// End to end: a real jisrd process on a loopback port with a real SQLite file, driven by the
// generated C++ stubs: concurrent editors, a crash in the middle of writes, and bad input.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <atomic>
#include <map>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/barrier.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "jisr/v1/article_service.grpc.pb.h"
#include "tests/testing/jisrd_process.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_credentials.h"

namespace jisr {
namespace {

using ::testing::SizeIs;
namespace v1 = ::jisr::v1;

// A call as the newsroom's editor: it writes in every language and reads drafts and history.
std::unique_ptr<grpc::ClientContext> Call(int seconds = 20) {
  auto context = std::make_unique<grpc::ClientContext>();
  testing::TestCredentials::Get().Authorize(*context, testing::kTestEditor);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  return context;
}

std::unique_ptr<v1::ArticleService::Stub> Connect(const testing::JisrdProcess& jisrd) {
  return v1::ArticleService::NewStub(
      grpc::CreateChannel(jisrd.target(), grpc::InsecureChannelCredentials()));
}

v1::Variant MustCreate(v1::ArticleService::Stub& stub, const std::string& language,
                       const std::string& headline) {
  v1::CreateVariantRequest request;
  request.mutable_variant()->set_language(language);
  request.mutable_variant()->set_headline(headline);
  v1::Variant created;
  grpc::Status status = stub.CreateVariant(Call().get(), request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

std::map<int64_t, std::string> RevisionHeadlines(v1::ArticleService::Stub& stub,
                                                 const std::string& variant) {
  std::map<int64_t, std::string> out;
  v1::ListRevisionsRequest request;
  request.set_parent(variant);
  request.set_page_size(500);
  request.set_view(v1::REVISION_VIEW_FULL);
  do {
    v1::ListRevisionsResponse page;
    grpc::Status status = stub.ListRevisions(Call().get(), request, &page);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!status.ok()) break;
    for (const auto& r : page.revisions()) {
      EXPECT_TRUE(out.emplace(r.number(), r.snapshot().headline()).second)
          << "revision " << r.number() << " listed twice";
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return out;
}

class EndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started =
        testing::JisrdProcess::Start({"--data_path=" + dir_.File("jisr.db")}, dir_.path());
    ASSERT_TRUE(started.ok()) << started.status();
    jisrd_ = std::make_unique<testing::JisrdProcess>(std::move(*started));
    stub_ = Connect(*jisrd_);
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::JisrdProcess> jisrd_;
  std::unique_ptr<v1::ArticleService::Stub> stub_;
};

// Many editors on one variant, each sending the etag it read: every write either commits as the
// next revision or is ABORTED; no revision number is skipped or repeated; no acknowledged
// update is lost. The first round runs in lock step (every writer reads before any writes), so
// the writers race on one etag whatever the scheduler does: exactly one of them wins it.
TEST_F(EndToEndTest, ConcurrentWritersWithEtagsNeverLoseAnAcknowledgedUpdate) {
  const v1::Variant variant = MustCreate(*stub_, "en", "Contended headline");
  constexpr int kWriters = 12;
  constexpr int kAttemptsEach = 20;
  absl::Mutex mu;
  std::map<int64_t, std::string> acknowledged;  // revision number -> headline written
  std::atomic<int> aborted{0};
  std::atomic<int> first_round_acknowledged{0};
  std::atomic<int> other_errors{0};
  absl::Barrier* read_before_any_write = new absl::Barrier(kWriters);
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      auto stub = Connect(*jisrd_);
      for (int a = 0; a < kAttemptsEach; ++a) {
        v1::GetVariantRequest get;
        get.set_name(variant.name());
        get.set_view(v1::VARIANT_VIEW_LATEST);
        v1::Variant current;
        const bool read = stub->GetVariant(Call().get(), get, &current).ok();
        if (a == 0 && read_before_any_write->Block()) delete read_before_any_write;
        if (!read) {
          ++other_errors;
          continue;
        }
        v1::UpdateVariantRequest update;
        update.mutable_variant()->set_name(variant.name());
        update.mutable_variant()->set_etag(current.etag());
        const std::string headline = absl::StrCat("Writer ", w, " attempt ", a);
        update.mutable_variant()->set_headline(headline);
        update.mutable_update_mask()->add_paths("headline");
        v1::Variant written;
        grpc::Status status = stub->UpdateVariant(Call().get(), update, &written);
        if (status.ok()) {
          if (a == 0) ++first_round_acknowledged;
          absl::MutexLock lock(&mu);
          EXPECT_EQ(written.latest_revision(), current.latest_revision() + 1)
              << "a write commits as the next revision after the one it read";
          EXPECT_TRUE(acknowledged.emplace(written.latest_revision(), headline).second)
              << "revision " << written.latest_revision() << " acknowledged twice";
        } else if (status.error_code() == grpc::StatusCode::ABORTED) {
          ++aborted;
        } else {
          ADD_FAILURE() << status.error_code() << " " << status.error_message();
          ++other_errors;
        }
      }
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(other_errors.load(), 0);
  EXPECT_EQ(static_cast<int>(acknowledged.size()) + aborted.load(), kWriters * kAttemptsEach);
  EXPECT_EQ(first_round_acknowledged.load(), 1)
      << "twelve writers with the same etag: exactly one write wins, the others are ABORTED";
  EXPECT_GE(aborted.load(), kWriters - 1);

  std::map<int64_t, std::string> stored = RevisionHeadlines(*stub_, variant.name());
  ASSERT_EQ(stored.size(), acknowledged.size() + 1);
  int64_t expected = 1;
  for (const auto& [number, headline] : stored) {
    EXPECT_EQ(number, expected++) << "revision numbers have no gaps";
  }
  for (const auto& [number, headline] : acknowledged) {
    EXPECT_EQ(stored[number], headline) << "acknowledged revision " << number;
  }
}

// jisrd killed with SIGKILL during a stream of acknowledged writes, restarted on the same file,
// still has every acknowledged write.
TEST_F(EndToEndTest, EveryAcknowledgedWriteSurvivesSigkill) {
  constexpr int kStreams = 4;
  std::vector<v1::Variant> variants;
  for (int i = 0; i < kStreams; ++i) {
    variants.push_back(MustCreate(*stub_, "en", absl::StrCat("Durable ", i)));
  }
  absl::Mutex mu;
  std::vector<std::map<int64_t, std::string>> acknowledged(kStreams);
  std::atomic<int> total{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int i = 0; i < kStreams; ++i) {
    writers.emplace_back([&, i] {
      auto stub = Connect(*jisrd_);
      for (int n = 0; !stop.load(); ++n) {
        v1::UpdateVariantRequest update;
        update.mutable_variant()->set_name(variants[i].name());
        const std::string headline = absl::StrCat("Stream ", i, " write ", n);
        update.mutable_variant()->set_headline(headline);
        update.mutable_update_mask()->add_paths("headline");
        v1::Variant written;
        if (!stub->UpdateVariant(Call(5).get(), update, &written).ok()) break;
        absl::MutexLock lock(&mu);
        acknowledged[i][written.latest_revision()] = headline;
        ++total;
      }
    });
  }
  while (total.load() < 200) absl::SleepFor(absl::Milliseconds(5));
  const int status = jisrd_->Signal(SIGKILL);  // writes are in flight right now
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  stop = true;
  for (auto& t : writers) t.join();

  auto restarted =
      testing::JisrdProcess::Start({"--data_path=" + dir_.File("jisr.db")}, dir_.path());
  ASSERT_TRUE(restarted.ok()) << restarted.status();
  *jisrd_ = std::move(*restarted);
  stub_ = Connect(*jisrd_);
  int checked = 0;
  for (int i = 0; i < kStreams; ++i) {
    std::map<int64_t, std::string> stored = RevisionHeadlines(*stub_, variants[i].name());
    for (const auto& [number, headline] : acknowledged[i]) {
      ASSERT_TRUE(stored.count(number)) << "acknowledged revision " << number << " lost";
      EXPECT_EQ(stored[number], headline);
      ++checked;
    }
  }
  EXPECT_GE(checked, 200);
}

// Bad input of every kind gets INVALID_ARGUMENT naming the field, and the database is unchanged.
TEST_F(EndToEndTest, BadInputIsRejectedNamingTheFieldAndChangesNothing) {
  const v1::Variant existing = MustCreate(*stub_, "en", "Existing");
  auto snapshot = [&] {
    v1::ListVariantsRequest list;
    list.set_view(v1::VARIANT_VIEW_LATEST);
    list.set_show_deleted(true);
    v1::ListVariantsResponse variants;
    EXPECT_TRUE(stub_->ListVariants(Call().get(), list, &variants).ok());
    v1::ListStoriesRequest stories_request;
    stories_request.set_show_deleted(true);
    v1::ListStoriesResponse stories;
    EXPECT_TRUE(stub_->ListStories(Call().get(), stories_request, &stories).ok());
    return variants.SerializeAsString() + stories.SerializeAsString();
  };
  const std::string before = snapshot();

  struct Case {
    std::string what;
    std::string method;
    std::string wire;
    std::string field;
  };
  std::vector<Case> cases;
  auto add = [&](std::string what, std::string method, const google::protobuf::Message& m,
                 std::string field) {
    cases.push_back(
        {std::move(what), std::move(method), m.SerializePartialAsString(), std::move(field)});
  };
  {
    v1::CreateVariantRequest r;
    r.mutable_variant()->set_headline("Fine");
    r.mutable_variant()->set_language("de");
    add("unknown language", "CreateVariant", r, "variant.language");
    r.mutable_variant()->set_language("");
    add("missing language", "CreateVariant", r, "variant.language");
    r.mutable_variant()->set_language("en");
    r.mutable_variant()->set_headline(std::string(5000, 'h'));
    add("oversize headline", "CreateVariant", r, "variant.headline");
    r.mutable_variant()->set_headline("Fine");
    r.mutable_variant()->add_blocks()->mutable_paragraph()->set_text(std::string(30000, 'p'));
    add("oversize paragraph", "CreateVariant", r, "variant.blocks[0].paragraph.text");
    r.mutable_variant()->mutable_blocks(0)->mutable_paragraph()->set_text("ok \xff\xfe bad");
    add("invalid UTF-8", "CreateVariant", r, "variant.blocks[0].paragraph.text");
    r.clear_variant();
    add("missing variant", "CreateVariant", r, "variant");
  }
  {
    v1::CreateVariantRequest r;
    r.mutable_variant()->set_language("en");
    r.mutable_variant()->set_headline("Fine");
    r.mutable_variant()->set_story("stories/../../etc");
    add("malformed story name", "CreateVariant", r, "variant.story");
  }
  {
    v1::UpdateVariantRequest r;
    r.mutable_variant()->set_name("variants/UPPER");
    r.mutable_variant()->set_headline("x");
    add("malformed variant name", "UpdateVariant", r, "variant.name");
    r.mutable_variant()->set_name(existing.name());
    r.mutable_update_mask()->add_paths("headline");
    r.mutable_variant()->set_headline("Caf\xc3");
    add("invalid UTF-8 in update", "UpdateVariant", r, "variant.headline");
    r.mutable_variant()->set_headline("Fine");
    r.mutable_variant()->add_byline()->set_name(std::string(250, 'n'));
    r.mutable_update_mask()->add_paths("byline");
    add("oversize byline name", "UpdateVariant", r, "variant.byline[0].name");
  }
  {
    v1::GetVariantRequest r;
    r.set_name("variants/");
    add("empty id", "GetVariant", r, "name");
    v1::GetRevisionRequest g;
    g.set_name(existing.name() + "/revisions/zero");
    add("malformed revision name", "GetRevision", g, "name");
    v1::LookupVariantRequest l;
    l.set_language("klingon");
    l.set_slug("x");
    add("unknown language lookup", "LookupVariant", l, "language");
    v1::ListVariantsRequest list;
    list.set_page_size(100000);
    add("oversize page", "ListVariants", list, "page_size");
    v1::PublishVariantRequest p;
    p.set_name(existing.name());
    p.set_request_id("not a valid id!");
    add("malformed request_id", "PublishVariant", p, "request_id");
  }
  cases.push_back({"garbage bytes", "CreateVariant", std::string("\xff\xff\xff\xff\x0f", 5), ""});

  grpc::GenericStub generic(
      grpc::CreateChannel(jisrd_->target(), grpc::InsecureChannelCredentials()));
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    auto context = Call();
    grpc::Slice slice(c.wire);
    grpc::ByteBuffer in(&slice, 1);
    grpc::ByteBuffer out;
    grpc::Status status;
    absl::Notification done;
    generic.UnaryCall(context.get(), "/jisr.v1.ArticleService/" + c.method, grpc::StubOptions(),
                      &in, &out, [&](grpc::Status s) {
                        status = std::move(s);
                        done.Notify();
                      });
    done.WaitForNotification();
    ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    google::rpc::Status details;
    ASSERT_TRUE(details.ParseFromString(status.error_details()));
    if (c.field.empty()) continue;
    google::rpc::BadRequest bad_request;
    for (const auto& any : details.details()) {
      if (any.Is<google::rpc::BadRequest>()) any.UnpackTo(&bad_request);
    }
    ASSERT_THAT(bad_request.field_violations(), ::testing::Not(::testing::IsEmpty()))
        << status.error_message();
    EXPECT_EQ(bad_request.field_violations(0).field(), c.field) << status.error_message();
    EXPECT_FALSE(bad_request.field_violations(0).description().empty());
  }
  EXPECT_EQ(snapshot(), before) << "rejected requests wrote nothing";
}

}  // namespace
}  // namespace jisr
