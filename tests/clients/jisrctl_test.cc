// jisrctl's commands run as a library against the real article service (TestNewsroom: the real
// gRPC server over a real SQLite file), each checked by what the server then holds: the import
// flow (parsing, alignment, deterministic request ids, publishing as of the page's time), paging,
// the change feed and error reports. Argument parsing needs no server; output formatting is in
// jisrctl_output_test.cc.
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "clients/jisrctl/arguments.h"
#include "clients/jisrctl/cli.h"
#include "clients/jisrctl/error_report.h"
#include "clients/jisrctl/import_plan.h"
#include "clients/jisrctl/output.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "services/common/errors.h"
#include "tests/clients/newsroom_client.h"
#include "tests/testing/fixtures.h"
#include "tests/testing/test_newsroom.h"

namespace jisr::jisrctl {
namespace {

using ::google::protobuf::util::TimeUtil;
using ::jisr::testing::kTestAdmin;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// "Updated: June 19, 2023, 5:06 PM" on the seed pages, in the newsroom's time zone (UTC+4).
constexpr char kSeedUpdateTime[] = "2023-06-19T13:06:00Z";

class JisrctlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_.StartServer();
    // An administrator: importing with --publish publishes as of the page's "Updated:" time,
    // and back-dating a publication is the admin's.
    client_ = jisr::testing::NewsroomClient(env_, kTestAdmin);
    ASSERT_NE(client_, nullptr);
  }

  // A Cli for one command run, writing to out_ and progress_.
  Cli NewCli(std::vector<std::string> args, CommandFlags flags) {
    Cli cli;
    cli.args = std::move(args);
    cli.flags = std::move(flags);
    cli.client = client_.get();
    out_.str("");
    progress_.str("");
    cli.out = &out_;
    cli.progress = &progress_;
    return cli;
  }

  absl::Status Import(const std::string& path, const std::string& language, const std::string& id,
                      const std::string& translation_of = "", bool publish = true) {
    CommandFlags flags;
    flags.language = language;
    flags.id = id;
    flags.publish = publish;
    if (!translation_of.empty()) flags.translation_of = translation_of;
    Cli cli = NewCli({path}, flags);
    return RunImport(cli);
  }

  absl::StatusOr<jisr::v1::Variant> Get(const std::string& name, jisr::v1::VariantView view) {
    jisr::v1::GetVariantRequest get;
    get.set_name(name);
    get.set_view(view);
    return client_->GetVariant(get);
  }

  jisr::v1::Variant Latest(const std::string& name) {
    absl::StatusOr<jisr::v1::Variant> variant = Get(name, jisr::v1::VARIANT_VIEW_LATEST);
    EXPECT_TRUE(variant.ok()) << variant.status();
    return variant.ok() ? *variant : jisr::v1::Variant();
  }

  jisr::v1::Variant Published(const std::string& name) {
    absl::StatusOr<jisr::v1::Variant> variant = Get(name, jisr::v1::VARIANT_VIEW_PUBLISHED);
    EXPECT_TRUE(variant.ok()) << variant.status();
    return variant.ok() ? *variant : jisr::v1::Variant();
  }

  std::vector<std::string> VariantNames() { return jisr::testing::AllVariantNames(*client_); }

  int RevisionCount(const std::string& variant) {
    jisr::v1::ListRevisionsRequest list;
    list.set_parent(variant);
    absl::StatusOr<jisr::v1::ListRevisionsResponse> listed = client_->ListRevisions(list);
    EXPECT_TRUE(listed.ok()) << listed.status();
    return listed.ok() ? listed->revisions_size() : -1;
  }

  void CreateVariant(const std::string& id, const std::string& language,
                     const std::string& headline) {
    jisr::v1::CreateVariantRequest create;
    create.set_variant_id(id);
    create.mutable_variant()->set_language(language);
    create.mutable_variant()->set_headline(headline);
    absl::StatusOr<jisr::v1::Variant> created = client_->CreateVariant(create);
    EXPECT_TRUE(created.ok()) << created.status();
  }

  jisr::testing::TestNewsroom env_;
  std::unique_ptr<jisr::client::ArticleClient> client_;
  std::ostringstream out_, progress_;
};

TEST_F(JisrctlTest, ImportPublishesTheSeedAsOfItsUpdatedLine) {
  ASSERT_TRUE(Import(testing::FixturePath("seed-article-en.txt"), "en", "blinken-en").ok());
  EXPECT_EQ(out_.str(), "variants/blinken-en\n");
  EXPECT_THAT(progress_.str(), HasSubstr("updated 2023-06-19T13:06:00Z"));

  const jisr::v1::Variant published = Published("variants/blinken-en");
  EXPECT_EQ(published.state(), jisr::v1::VARIANT_STATE_PUBLISHED);
  EXPECT_EQ(published.published_revision(), 1);
  EXPECT_EQ(published.headline(),
            "US Secretary of State wraps up major trip to China with Xi Jinping meeting");
  EXPECT_EQ(published.blocks_size(), 20);
  // Who and why are editors' state: the latest view has them, the readers' view does not.
  const jisr::v1::Variant latest = Latest("variants/blinken-en");
  EXPECT_EQ(latest.revision().author(), kTestAdmin);
  EXPECT_EQ(latest.revision().change_note(), "Imported with jisrctl (scraped)");
  EXPECT_EQ(TimeUtil::ToString(published.publish_time()), kSeedUpdateTime);
  EXPECT_EQ(TimeUtil::ToString(published.first_publish_time()), kSeedUpdateTime);
  EXPECT_EQ(TimeUtil::ToString(published.update_time()), kSeedUpdateTime);
}

TEST_F(JisrctlTest, ImportingTwiceWritesOnce) {
  const std::string path = testing::FixturePath("seed-article-en.txt");
  // No --id: a second create that was not replayed would make a second variant.
  ASSERT_TRUE(Import(path, "en", "").ok());
  const std::string first = out_.str();
  const std::string name(absl::StripSuffix(first, "\n"));
  const jisr::v1::Variant before = Latest(name);

  // Later, so that a publish run again would move the variant's modify_time.
  env_.clock().Advance(absl::Hours(1));
  ASSERT_TRUE(Import(path, "en", "").ok());
  EXPECT_EQ(out_.str(), first);

  EXPECT_THAT(VariantNames(), ElementsAre(name));
  EXPECT_EQ(RevisionCount(name), 1);
  const jisr::v1::Variant after = Latest(name);
  EXPECT_EQ(after.etag(), before.etag());
  EXPECT_EQ(TimeUtil::ToString(after.modify_time()), TimeUtil::ToString(before.modify_time()));
  EXPECT_EQ(TimeUtil::ToString(after.publish_time()), kSeedUpdateTime);
}

TEST_F(JisrctlTest, ImportOfTheArabicTranslationPointsEveryBlockAtItsSource) {
  ASSERT_TRUE(Import(testing::FixturePath("seed-article-en.txt"), "en", "blinken-en").ok());
  ASSERT_TRUE(
      Import(testing::FixturePath("seed-article-ar.txt"), "ar", "blinken-ar", "blinken-en").ok());
  EXPECT_EQ(out_.str(), "variants/blinken-ar\n");
  EXPECT_THAT(progress_.str(), HasSubstr("aligned 20 of 20 blocks with variants/blinken-en (en)"));

  const jisr::v1::Variant english = Latest("variants/blinken-en");
  // Translation state is editors' state: the latest view, published as it is.
  const jisr::v1::Variant arabic = Latest("variants/blinken-ar");
  EXPECT_EQ(arabic.state(), jisr::v1::VARIANT_STATE_PUBLISHED);
  EXPECT_EQ(arabic.story(), english.story());
  EXPECT_EQ(arabic.translation_source().variant(), "variants/blinken-en");
  EXPECT_EQ(arabic.translation_source().revision(), 1);
  EXPECT_EQ(arabic.translation_status().state(), jisr::v1::TRANSLATION_STATE_CURRENT);
  ASSERT_EQ(arabic.blocks_size(), english.blocks_size());
  for (int i = 0; i < arabic.blocks_size(); ++i) {
    EXPECT_EQ(arabic.blocks(i).source_block_id(), english.blocks(i).id()) << i;
    EXPECT_EQ(arabic.blocks(i).id(), english.blocks(i).id()) << i;
  }
  EXPECT_EQ(TimeUtil::ToString(arabic.update_time()), kSeedUpdateTime);
}

TEST_F(JisrctlTest, ImportOfTheUdhrPairLeavesTheMismatchedPreambleUnaligned) {
  ASSERT_TRUE(
      Import(testing::FixturePath("udhr/eng.html"), "en", "udhr-en", "", /*publish=*/false).ok());
  ASSERT_TRUE(Import(testing::FixturePath("udhr/arb.html"), "ar", "udhr-ar", "udhr-en",
                     /*publish=*/false)
                  .ok());
  EXPECT_THAT(progress_.str(), HasSubstr("aligned 62 of 71 blocks"));

  const jisr::v1::Variant arabic = Latest("variants/udhr-ar");
  EXPECT_EQ(arabic.story(), Latest("variants/udhr-en").story());
  EXPECT_EQ(arabic.blocks_size(), 71);
  int aligned = 0;
  for (const auto& block : arabic.blocks()) aligned += block.source_block_id().empty() ? 0 : 1;
  EXPECT_EQ(aligned, 62);
  // Without --publish, readers see neither.
  for (const char* name : {"variants/udhr-en", "variants/udhr-ar"}) {
    absl::StatusOr<jisr::v1::Variant> published = Get(name, jisr::v1::VARIANT_VIEW_PUBLISHED);
    EXPECT_EQ(published.status().code(), absl::StatusCode::kNotFound) << name;
    EXPECT_EQ(jisr::ErrorReason(published.status()), "NOT_PUBLISHED") << name;
  }
}

TEST_F(JisrctlTest, ImportReportsWhatItCouldNotRead) {
  CommandFlags flags;
  flags.language = "en";
  Cli cli = NewCli({testing::FixturePath("udhr/license")}, flags);
  cli.flags.format = "udhr-html";
  const absl::Status status = RunImport(cli);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("as udhr-html: no headline found"));
  EXPECT_THAT(VariantNames(), IsEmpty());

  Cli no_language = NewCli({"file.txt"}, CommandFlags());
  EXPECT_TRUE(IsUsageError(RunImport(no_language)));
}

TEST(ImportPlanTest, RequestIdsDependOnEverythingThatShapesTheRequests) {
  ImportSettings settings;
  settings.language = "en";
  settings.format = "scraped";
  const std::string base = ImportRequestId("content", settings, "create");
  EXPECT_EQ(base, ImportRequestId("content", settings, "create"));
  EXPECT_NE(base, ImportRequestId("content", settings, "publish"));
  EXPECT_NE(base, ImportRequestId("content!", settings, "create"));
  ImportSettings other = settings;
  other.language = "ar";
  EXPECT_NE(base, ImportRequestId("content", other, "create"));
  other = settings;
  other.translation_of = "variants/x";
  EXPECT_NE(base, ImportRequestId("content", other, "create"));
  other = settings;
  other.variant_id = "x";
  EXPECT_NE(base, ImportRequestId("content", other, "create"));
}

TEST(ImportPlanTest, FormatFollowsTheFileUnlessGiven) {
  EXPECT_EQ(*ResolveImportFormat("auto", "tests/fixtures/udhr/eng.html"), "udhr-html");
  EXPECT_EQ(*ResolveImportFormat("auto", "PAGE.HTM"), "udhr-html");
  EXPECT_EQ(*ResolveImportFormat("auto", "seed-article-ar.txt"), "scraped");
  EXPECT_EQ(*ResolveImportFormat("scraped", "x.html"), "scraped");
  EXPECT_TRUE(IsUsageError(ResolveImportFormat("pdf", "x.pdf").status()));
}

TEST_F(JisrctlTest, ListFollowsPagesAndALimitedListContinuesWhereItStopped) {
  // Most recently changed first: v5 down to v1.
  CreateVariant("v1", "en", "Story one");
  for (const auto& [id, language, headline] :
       std::vector<std::tuple<std::string, std::string, std::string>>{{"v2", "ar", "الخبر الثاني"},
                                                                      {"v3", "en", "Story three"},
                                                                      {"v4", "ar", "الخبر الرابع"},
                                                                      {"v5", "en", "Story five"}}) {
    env_.clock().Advance(absl::Minutes(1));
    CreateVariant(id, language, headline);
  }

  CommandFlags flags;
  flags.page_size = 2;
  Cli all = NewCli({}, flags);
  ASSERT_TRUE(RunVariant("list", all).ok());
  EXPECT_EQ(out_.str(),
            "variants/v5  en  draft  r1  Story five\n"
            "variants/v4  ar  draft  r1  الخبر الرابع\n"
            "variants/v3  en  draft  r1  Story three\n"
            "variants/v2  ar  draft  r1  الخبر الثاني\n"
            "variants/v1  en  draft  r1  Story one\n");
  EXPECT_THAT(progress_.str(), HasSubstr("fetched page 2 (4 variants so far)"));

  flags.limit = 3;
  Cli limited = NewCli({}, flags);
  limited.json = true;
  ASSERT_TRUE(RunVariant("list", limited).ok());
  EXPECT_THAT(out_.str(), HasSubstr("\"name\": \"variants/v3\""));
  EXPECT_THAT(out_.str(), Not(HasSubstr("variants/v2")));
  const std::string marker = "continue with --page-token=";
  const size_t at = progress_.str().find(marker);
  ASSERT_NE(at, std::string::npos) << progress_.str();
  const std::string token = progress_.str().substr(
      at + marker.size(), progress_.str().find('\n', at) - at - marker.size());
  ASSERT_FALSE(token.empty());
  EXPECT_THAT(out_.str(), HasSubstr("\"nextPageToken\": \"" + token + "\""));

  // The token the limited list printed continues with exactly the variants it left out.
  CommandFlags rest_flags;
  rest_flags.page_size = 2;
  rest_flags.page_token = token;
  Cli rest = NewCli({}, rest_flags);
  ASSERT_TRUE(RunVariant("list", rest).ok());
  EXPECT_EQ(out_.str(),
            "variants/v2  ar  draft  r1  الخبر الثاني\n"
            "variants/v1  en  draft  r1  Story one\n");
}

TEST_F(JisrctlTest, WatchStopsAtTheLimitAndResumesFromAPrintedCursor) {
  CreateVariant("blinken-en", "en", "Blinken meets Xi");
  const std::string story = Latest("variants/blinken-en").story();
  // The feed as the client library sees it: the story's creation, then the variant's.
  std::vector<jisr::v1::ChangeEvent> events;
  jisr::v1::WatchRequest from_oldest;
  from_oldest.set_from_oldest(true);
  ASSERT_TRUE(client_
                  ->Watch(from_oldest,
                          [&events](const jisr::v1::ChangeEvent& event) {
                            events.push_back(event);
                            return events.size() < 2;
                          })
                  .ok());
  ASSERT_EQ(events.size(), 2u);
  const std::string story_line =
      absl::StrCat("2024-03-01T08:00:00Z  #", events[0].sequence(), "  created  ", story,
                   "  by admin@newsroom.test  cursor ", events[0].cursor(), "\n");
  const std::string variant_line =
      absl::StrCat("2024-03-01T08:00:00Z  #", events[1].sequence(),
                   "  created  variants/blinken-en (en) r1  by admin@newsroom.test  cursor ",
                   events[1].cursor(), "\n");

  CommandFlags flags;
  flags.from_oldest = true;
  flags.limit = 2;
  Cli cli = NewCli({}, flags);
  ASSERT_TRUE(RunWatch(cli).ok());
  EXPECT_EQ(out_.str(), story_line + variant_line);

  CommandFlags resume;
  resume.cursor = events[0].cursor();
  resume.limit = 1;
  Cli resumed = NewCli({}, resume);
  ASSERT_TRUE(RunWatch(resumed).ok());
  EXPECT_EQ(out_.str(), variant_line);
}

TEST_F(JisrctlTest, VariantGetReportsAMissingVariantWithTheServersReason) {
  Cli cli = NewCli({"nope"}, CommandFlags());
  const absl::Status status = RunVariant("get", cli);
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  std::ostringstream err;
  EXPECT_EQ(ReportError(err, status, {"127.0.0.1:50051", absl::Seconds(10)}), kExitFailure);
  EXPECT_EQ(err.str(),
            "jisrctl: NOT_FOUND: variants/nope (name) does not exist\n"
            "  reason: VARIANT_NOT_FOUND\n"
            "hint: check the name: `jisrctl story list` and `jisrctl variant list` show what "
            "exists\n");
}

TEST(ErrorReportTest, PrintsCodeMessageFieldsAndAHint) {
  jisr::FieldViolations violations;
  violations.Add("variant.headline", "must not be empty");
  violations.Add("variant.language", "\"fr\" is not a configured language");
  std::ostringstream err;
  const int code = ReportError(err, violations.ToStatus(), {"localhost:50051", absl::Seconds(10)});
  EXPECT_EQ(code, kExitFailure);
  EXPECT_EQ(err.str(),
            "jisrctl: INVALID_ARGUMENT: variant.headline: must not be empty; variant.language: "
            "\"fr\" is not a configured language\n"
            "  reason: INVALID_FIELD\n"
            "  variant.headline: must not be empty\n"
            "  variant.language: \"fr\" is not a configured language\n"
            "hint: fix the fields named above and run the command again\n");

  std::ostringstream usage;
  EXPECT_EQ(ReportError(usage, UsageError("variant get", "expected a name"), {}), kExitUsage);
  EXPECT_THAT(usage.str(), HasSubstr("hint: run `jisrctl help variant get`"));

  std::ostringstream down;
  ReportError(down, absl::UnavailableError("connection refused"),
              {"jisr:50051", absl::Seconds(10)});
  EXPECT_THAT(down.str(), HasSubstr("is jisrd running at jisr:50051?"));
}

TEST(ArgumentsTest, ShortNamesAndTimes) {
  EXPECT_EQ(VariantName("blinken-en"), "variants/blinken-en");
  EXPECT_EQ(VariantName("variants/blinken-en"), "variants/blinken-en");
  EXPECT_EQ(StoryName("blinken"), "stories/blinken");
  auto time = ParseTimestamp("variant publish", "--publish-time", "2023-06-19T17:06:00+04:00");
  ASSERT_TRUE(time.ok());
  EXPECT_EQ(TimeUtil::ToString(*time), "2023-06-19T13:06:00Z");
  EXPECT_TRUE(
      IsUsageError(ParseTimestamp("variant publish", "--publish-time", "June 19").status()));
  EXPECT_TRUE(IsUsageError(ParseVariantView("variant get", "draft").status()));
  EXPECT_EQ(*ParseVariantView("variant get", "LATEST"), jisr::v1::VARIANT_VIEW_LATEST);
}

}  // namespace
}  // namespace jisr::jisrctl
