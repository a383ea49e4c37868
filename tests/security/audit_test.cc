// The audit trail of a real jisrd (--audit_log): one JSON line per acknowledged write, from
// writers racing each other, each naming the verified principal, the method, the resource and
// the revision written; no line for a refused call unless --audit_refused asks for them, and
// then exactly one per refusal; a purge with the reason the administrator gave.
#include <atomic>
#include <set>
#include <thread>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/security/security_support.h"
#include "tests/testing/fixtures.h"

namespace jisr::security {
namespace {

using google::protobuf::Struct;

// One write the server acknowledged: who, on which variant, which revision, with which id.
using Written = std::tuple<std::string, std::string, int64_t, std::string>;

std::string Text(const Struct& line, const std::string& field) {
  auto it = line.fields().find(field);
  return it == line.fields().end() ? "(missing)" : it->second.string_value();
}

std::vector<std::string> Strings(const Struct& line, const std::string& field) {
  std::vector<std::string> out;
  auto it = line.fields().find(field);
  if (it == line.fields().end()) return {"(missing)"};
  for (const auto& v : it->second.list_value().values()) out.push_back(v.string_value());
  return out;
}

std::vector<int64_t> Numbers(const Struct& line, const std::string& field) {
  std::vector<int64_t> out;
  auto it = line.fields().find(field);
  if (it == line.fields().end()) return {-1};
  for (const auto& v : it->second.list_value().values()) {
    out.push_back(static_cast<int64_t>(v.number_value()));
  }
  return out;
}

class AuditTest : public ::testing::Test {
 protected:
  void Start(std::vector<std::string> flags) {
    flags.push_back("--audit_log=" + audit_path_);
    absl::StatusOr<testing::JisrdProcess> started = StartJisrd(dir_, flags);
    ASSERT_TRUE(started.ok()) << started.status();
    jisrd_ = std::make_unique<testing::JisrdProcess>(*std::move(started));
    client_ = std::make_unique<Client>(jisrd_->target());
    Admin admin(*client_);
    for (const char* tag : {"audit 1", "audit 2"}) {
      absl::StatusOr<StoryPair> pair = MakeStoryPair(admin, tag, /*with_drafts=*/false);
      ASSERT_TRUE(pair.ok()) << pair.status();
      pairs_.push_back(*std::move(pair));
    }
  }

  // Every line of the audit file, each parsed as a google.protobuf.Struct.
  std::vector<Struct> AuditLines() {
    std::vector<Struct> lines;
    for (absl::string_view text :
         absl::StrSplit(testing::ReadFileOrDie(audit_path_), '\n', absl::SkipEmpty())) {
      Struct line;
      const auto parsed = google::protobuf::util::JsonStringToMessage(std::string(text), &line);
      EXPECT_TRUE(parsed.ok()) << parsed.ToString() << ": " << text;
      lines.push_back(std::move(line));
    }
    return lines;
  }

  grpc::Status Edit(std::unique_ptr<grpc::ClientContext> context, const std::string& variant,
                    const std::string& headline, const std::string& request_id,
                    v1::Variant* updated) {
    v1::UpdateVariantRequest update;
    update.mutable_variant()->set_name(variant);
    update.mutable_variant()->set_headline(headline);
    update.mutable_update_mask()->add_paths("headline");
    update.set_request_id(request_id);
    return client_->articles().UpdateVariant(context.get(), update, updated);
  }

  // Calls refused for their credentials or their roles, each a headline change: the reader's,
  // the English desk's on Arabic, an expired token's and an anonymous caller's. Returns the
  // principal each refusal must be recorded with, in order ("" where none was verified).
  std::vector<std::string> Refusals(int each);

  std::string StoryOf(const std::string& variant) const {
    for (const StoryPair& pair : pairs_) {
      if (pair.en.name() == variant || pair.ar.name() == variant) return pair.story;
    }
    return "(not a variant of the test)";
  }

  testing::TempDir dir_;
  const std::string audit_path_ = dir_.File("audit.jsonl");
  std::unique_ptr<testing::JisrdProcess> jisrd_;
  std::unique_ptr<Client> client_;
  std::vector<StoryPair> pairs_;
};

std::vector<std::string> AuditTest::Refusals(int each) {
  testing::TokenSpec expired;
  expired.alg = "ES256";
  expired.iss = testing::TestCredentials::kIssuer;
  expired.aud = {testing::TestCredentials::kAudience};
  expired.sub = testing::kTestEditor;
  expired.exp = absl::Now() - absl::Hours(1);
  const std::string expired_token = testing::TestCredentials::Get().keys().Mint(expired).value();
  std::vector<std::string> principals;
  const std::string& en = pairs_[0].en.name();
  const std::string& ar = pairs_[0].ar.name();
  for (int i = 0; i < each; ++i) {
    v1::Variant ignored;
    const std::string id = absl::StrCat("refused-", i);
    EXPECT_EQ(Edit(CallAs(testing::kTestReader), en, "No", id + "r", &ignored).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_EQ(Edit(CallAs(testing::kTestDeskEn), ar, "لا", id + "d", &ignored).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_EQ(Edit(CallWithToken(expired_token), en, "No", id + "x", &ignored).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_EQ(Edit(CallAs(""), en, "No", id + "a", &ignored).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
    principals.insert(principals.end(), {testing::kTestReader, testing::kTestDeskEn, "", ""});
  }
  return principals;
}

TEST_F(AuditTest, OneLinePerAcknowledgedWriteOfEightRacingWritersAndNoneForRefusals) {
  Start({});
  const size_t setup_lines = AuditLines().size();
  ASSERT_GT(setup_lines, 0u) << "the administrator's setup writes are audited too";
  // Eight writers, each on its own variant, as principals of every role that writes.
  constexpr int kWriters = 8;
  constexpr int kWritesEach = 125;
  const std::string principals[] = {testing::kTestEditor, testing::kTestDeskAr,
                                    testing::kTestDeskEn, testing::kTestAdmin};
  absl::Mutex mu;
  std::set<Written> acknowledged;
  std::atomic<int> failed{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      const std::string& principal = principals[w % 4];
      const std::string language = principal == testing::kTestDeskAr ? "ar" : "en";
      const std::string variant = pairs_[w / 4].In(language).name();
      for (int n = 0; n < kWritesEach; ++n) {
        const std::string request_id = absl::StrCat("writer-", w, "-", n);
        v1::Variant updated;
        grpc::Status status = Edit(CallAs(principal), variant, absl::StrCat("Writer ", w, " #", n),
                                   request_id, &updated);
        if (!status.ok()) {
          ++failed;
          continue;
        }
        absl::MutexLock lock(&mu);
        acknowledged.emplace(principal, variant, updated.revision().number(), request_id);
      }
    });
  }
  Refusals(5);  // while the writers write
  for (std::thread& writer : writers) writer.join();
  EXPECT_EQ(failed.load(), 0);
  ASSERT_EQ(acknowledged.size(), size_t{kWriters * kWritesEach});

  const std::vector<Struct> lines = AuditLines();
  ASSERT_EQ(lines.size(), setup_lines + acknowledged.size())
      << "one line per acknowledged write, none for the refusals";
  std::set<Written> audited;
  for (size_t i = setup_lines; i < lines.size(); ++i) {
    const Struct& line = lines[i];
    EXPECT_EQ(Text(line, "method"), "UpdateVariant");
    EXPECT_EQ(Text(line, "code"), "OK");
    const std::vector<std::string> resources = Strings(line, "resources");
    const std::vector<int64_t> revisions = Numbers(line, "revisions");
    // The variant the request names, then the story its response names.
    ASSERT_EQ(resources.size(), 2u);
    EXPECT_EQ(resources[1], StoryOf(resources[0]));
    ASSERT_EQ(revisions.size(), 1u);
    absl::Time time;
    EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, Text(line, "time"), &time, nullptr));
    const std::string principal = Text(line, "principal");
    const std::string role = principal == testing::kTestEditor  ? "editor"
                             : principal == testing::kTestAdmin ? "admin"
                                                                : "desk";
    EXPECT_EQ(Strings(line, "roles"), std::vector<std::string>{role}) << principal;
    audited.emplace(principal, resources[0], revisions[0], Text(line, "request_id"));
  }
  EXPECT_EQ(audited, acknowledged) << "each line is the write it records";
}

TEST_F(AuditTest, WithAuditRefusedEachRefusalHasExactlyOneLine) {
  Start({"--audit_refused"});
  const size_t setup_lines = AuditLines().size();
  const std::vector<std::string> principals = Refusals(5);
  const std::vector<Struct> lines = AuditLines();
  ASSERT_EQ(lines.size(), setup_lines + principals.size());
  for (size_t i = 0; i < principals.size(); ++i) {
    const Struct& line = lines[setup_lines + i];
    SCOPED_TRACE(absl::StrCat("refusal ", i));
    EXPECT_EQ(Text(line, "principal"), principals[i]);
    EXPECT_EQ(Text(line, "method"), "UpdateVariant");
    EXPECT_EQ(Text(line, "code"), principals[i].empty() ? "UNAUTHENTICATED" : "PERMISSION_DENIED");
    EXPECT_TRUE(Numbers(line, "revisions").empty());
  }
}

TEST_F(AuditTest, APurgeIsRecordedWithTheAdministratorAndTheReason) {
  Start({});
  const size_t setup_lines = AuditLines().size();
  v1::PurgeVariantRequest purge;
  purge.set_name(pairs_[0].en.name());
  purge.set_reason("Court order 2024/117");
  purge.set_request_id("takedown-1");
  v1::Variant tombstone;
  EXPECT_EQ(client_->articles()
                .PurgeVariant(CallAs(testing::kTestEditor).get(), purge, &tombstone)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  const grpc::Status purged =
      client_->articles().PurgeVariant(CallAs(testing::kTestAdmin).get(), purge, &tombstone);
  ASSERT_TRUE(purged.ok()) << Describe(purged);
  EXPECT_EQ(tombstone.purge().author(), testing::kTestAdmin);

  const std::vector<Struct> lines = AuditLines();
  ASSERT_EQ(lines.size(), setup_lines + 1) << "the refused attempt is not recorded";
  const Struct& line = lines.back();
  EXPECT_EQ(Text(line, "method"), "PurgeVariant");
  EXPECT_EQ(Text(line, "principal"), testing::kTestAdmin);
  EXPECT_EQ(Text(line, "reason"), "Court order 2024/117");
  EXPECT_EQ(Text(line, "request_id"), "takedown-1");
  EXPECT_EQ(Text(line, "code"), "OK");
  EXPECT_EQ(Strings(line, "resources")[0], pairs_[0].en.name());
  // Other writes give no reason, and their lines have none.
  EXPECT_EQ(Text(lines[setup_lines - 1], "reason"), "(missing)");
}

}  // namespace
}  // namespace jisr::security
