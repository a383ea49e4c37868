// The jisrctl binary against a jisrd process on a loopback port over a real SQLite file, as an
// editor runs them, with a token file: the seed article imported and published, then read back
// with the generated stub in the view readers get, field by field; re-running the import; the
// Arabic translation; `variant get --json`; a missing variant; `text isolate` on the text
// service; and what jisrctl says without credentials or with a token file it cannot use.
#include <grpcpp/grpcpp.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "jisr/v1/article_service.grpc.pb.h"
#include "tests/clients/command_runner.h"
#include "tests/testing/fixtures.h"
#include "tests/testing/jisrd_process.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_credentials.h"

namespace jisr {
namespace {

using ::google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;
namespace v1 = ::jisr::v1;

// Who imports: an administrator, since --publish publishes as of the page's "Updated:" time
// and back-dating is the admin's.
constexpr const char* kAuthor = testing::kTestAdmin;

std::vector<std::string> ParagraphTexts(const v1::Variant& variant) {
  std::vector<std::string> texts;
  for (const auto& block : variant.blocks()) {
    if (block.has_paragraph()) texts.push_back(block.paragraph().text());
  }
  return texts;
}

// Whether `text` has a line that is `line` once surrounding white space (NBSP included, as the
// scraped page has it) is taken off.
bool HasLine(const std::string& text, const std::string& line) {
  for (absl::string_view candidate : absl::StrSplit(text, '\n')) {
    candidate = absl::StripAsciiWhitespace(candidate);
    while (absl::ConsumeSuffix(&candidate, "\u00a0")) {
    }
    if (candidate == line) return true;
  }
  return false;
}

class JisrctlEndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started =
        testing::JisrdProcess::Start({"--data_path=" + dir_.File("jisr.db")}, dir_.path());
    ASSERT_TRUE(started.ok()) << started.status();
    jisrd_ = std::make_unique<testing::JisrdProcess>(std::move(*started));
    stub_ = v1::ArticleService::NewStub(
        grpc::CreateChannel(jisrd_->target(), grpc::InsecureChannelCredentials()));
  }

  // Runs jisrctl against this test's jisrd, as kAuthor.
  testing::CommandResult Jisrctl(std::vector<std::string> args) {
    static const std::string token_file = testing::TestCredentials::Get().TokenFile(kAuthor);
    args.insert(args.begin(), "--token-file=" + token_file);
    return JisrctlAsIs(std::move(args));
  }

  // Runs jisrctl against this test's jisrd with `args` and no credentials but theirs.
  testing::CommandResult JisrctlAsIs(std::vector<std::string> args) {
    std::vector<std::string> argv = {JISRCTL_PATH, "--server=" + jisrd_->target()};
    argv.insert(argv.end(), args.begin(), args.end());
    return testing::RunCommand(argv, dir_.path());
  }

  // Imports `path` and returns the variant name jisrctl printed.
  std::string Import(const std::string& path, std::vector<std::string> flags) {
    std::vector<std::string> args = {"import", path};
    args.insert(args.end(), flags.begin(), flags.end());
    const testing::CommandResult result = Jisrctl(args);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return std::string(absl::StripSuffix(result.out, "\n"));
  }

  // As an editor, who may read drafts and history as well as what readers see.
  static std::unique_ptr<grpc::ClientContext> Context() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    testing::TestCredentials::Get().Authorize(*context, testing::kTestEditor);
    return context;
  }

  v1::Variant Get(const std::string& name, v1::VariantView view = v1::VARIANT_VIEW_PUBLISHED) {
    v1::GetVariantRequest request;
    request.set_name(name);
    request.set_view(view);
    v1::Variant variant;
    const grpc::Status status = stub_->GetVariant(Context().get(), request, &variant);
    EXPECT_TRUE(status.ok()) << name << ": " << status.error_message();
    return variant;
  }

  int RevisionCount(const std::string& name) {
    v1::ListRevisionsRequest request;
    request.set_parent(name);
    v1::ListRevisionsResponse response;
    const grpc::Status status = stub_->ListRevisions(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.revisions_size();
  }

  std::vector<std::string> VariantNames() {
    v1::ListVariantsRequest request;
    request.set_show_deleted(true);
    request.set_page_size(500);
    v1::ListVariantsResponse response;
    const grpc::Status status = stub_->ListVariants(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const auto& variant : response.variants()) names.push_back(variant.name());
    return names;
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::JisrdProcess> jisrd_;
  std::unique_ptr<v1::ArticleService::Stub> stub_;
};

TEST_F(JisrctlEndToEndTest, ImportedSeedIsServedToReadersFieldByField) {
  const std::string seed = testing::FixturePath("seed-article-en.txt");
  const std::string name = Import(seed, {"--language=en", "--publish"});
  ASSERT_TRUE(absl::StartsWith(name, "variants/")) << name;
  const std::string page = testing::ReadFileOrDie(seed);
  const v1::Variant variant = Get(name);

  EXPECT_EQ(variant.language(), "en");
  EXPECT_EQ(variant.state(), v1::VARIANT_STATE_PUBLISHED);

  // One hero image, from the caption the page repeats four times.
  EXPECT_EQ(variant.hero_image().caption(),
            "Antony Blinken is the highest-ranking US official to visit Beijing since 2018.");
  EXPECT_EQ(variant.hero_image().credit(), "AFP");
  for (const auto& block : variant.blocks()) EXPECT_FALSE(block.has_image()) << block.id();

  EXPECT_EQ(variant.headline(),
            "US Secretary of State wraps up major trip to China with Xi Jinping meeting");
  ASSERT_EQ(variant.byline_size(), 1);
  EXPECT_EQ(variant.byline(0).name(), "Willy Lowry");

  // The body: nineteen paragraphs in the page's order, then the fact box.
  const std::vector<std::string> paragraphs = ParagraphTexts(variant);
  ASSERT_EQ(paragraphs.size(), 19u);
  EXPECT_EQ(paragraphs.front(),
            "The US Secretary of State secured a last-minute meeting with Chinese President Xi "
            "Jinping on Monday, capping a two-day diplomatic push aimed at stabilising relations "
            "between the two world powers.");
  EXPECT_EQ(paragraphs.back(),
            "While no major diplomatic breakthroughs were achieved on the trip, both sides agreed "
            "to keep communication channels open and entertained the possibility of future "
            "diplomatic visits – something Ms Glaser called “important”.");
  for (const std::string& paragraph : paragraphs) {
    EXPECT_TRUE(HasLine(page, paragraph)) << "not a line of the page: " << paragraph;
    EXPECT_NE(paragraph, "Company profile");
    EXPECT_FALSE(absl::StrContains(paragraph, "Updated:")) << paragraph;
    EXPECT_FALSE(absl::StrContains(paragraph, "• ")) << paragraph;
    EXPECT_NE(paragraph, "English");
    EXPECT_NE(paragraph, "Arabic");
  }
  // The page's order: each paragraph comes after the one before it.
  size_t position = 0;
  for (const std::string& paragraph : paragraphs) {
    const size_t found = page.find(paragraph, position);
    ASSERT_NE(found, std::string::npos) << "out of order: " << paragraph;
    position = found + paragraph.size();
  }

  ASSERT_EQ(variant.blocks_size(), 20);
  const v1::Block& last = variant.blocks(19);
  ASSERT_TRUE(last.has_fact_box()) << last.DebugString();
  EXPECT_EQ(last.fact_box().title(), "Company profile");
  std::vector<std::pair<std::string, std::string>> entries;
  for (const auto& entry : last.fact_box().entries()) {
    entries.emplace_back(entry.label(), entry.value());
    EXPECT_TRUE(HasLine(page, absl::StrCat(entry.label(), ": ", entry.value())))
        << "not a line of the page: " << entry.label() << ": " << entry.value();
  }
  EXPECT_THAT(
      entries,
      ElementsAre(Pair("Date started", "Founded in May 2017 and operational since April 2018"),
                  Pair("Founders",
                       "co-founder and chief executive, Doaa Aref; Dr Rasha "
                       "Rady, co-founder and chief operating officer."),
                  Pair("Based", "Cairo, Egypt"), Pair("Sector", "Health-tech"),
                  Pair("Size", "22 employees"), Pair("Funding", "Seed funding"),
                  Pair("Investors", "Flat6labs, 500 Falcons, three angel investors")));

  EXPECT_EQ(TimeUtil::ToString(variant.update_time()), "2023-06-19T13:06:00Z");
  EXPECT_EQ(TimeUtil::ToString(variant.first_publish_time()), "2023-06-19T13:06:00Z");
  // Who wrote it is editors' state, in the latest view: the principal of the token file.
  EXPECT_EQ(Get(name, v1::VARIANT_VIEW_LATEST).revision().author(), kAuthor);
}

TEST_F(JisrctlEndToEndTest, RunningTheSameImportAgainWritesNothing) {
  const std::string seed = testing::FixturePath("seed-article-en.txt");
  const std::string first = Import(seed, {"--language=en", "--publish"});
  const std::string etag = Get(first, v1::VARIANT_VIEW_LATEST).etag();
  const std::string second = Import(seed, {"--language=en", "--publish"});
  EXPECT_EQ(second, first);
  EXPECT_THAT(VariantNames(), ElementsAre(first));
  EXPECT_EQ(RevisionCount(first), 1);
  EXPECT_EQ(Get(first, v1::VARIANT_VIEW_LATEST).etag(), etag);
}

TEST_F(JisrctlEndToEndTest, ArabicImportBecomesTheCurrentTranslationInTheSameStory) {
  const std::string english =
      Import(testing::FixturePath("seed-article-en.txt"), {"--language=en", "--publish"});
  const std::string arabic = Import(testing::FixturePath("seed-article-ar.txt"),
                                    {"--language=ar", "--translation-of=" + english, "--publish"});
  ASSERT_NE(arabic, english);

  const v1::Variant en = Get(english);
  const v1::Variant ar = Get(arabic);
  EXPECT_EQ(ar.story(), en.story());
  EXPECT_EQ(ar.direction(), v1::TEXT_DIRECTION_RIGHT_TO_LEFT);
  // Translation state is editors' state, in the latest view.
  const v1::Variant ar_latest = Get(arabic, v1::VARIANT_VIEW_LATEST);
  EXPECT_EQ(ar_latest.translation_source().variant(), english);
  EXPECT_EQ(ar_latest.translation_status().state(), v1::TRANSLATION_STATE_CURRENT);
  EXPECT_EQ(TimeUtil::ToString(ar.update_time()), "2023-06-19T13:06:00Z");
  for (const v1::Variant* variant : {&en, &ar}) {
    std::vector<std::pair<std::string, std::string>> alternates;
    for (const auto& alternate : variant->alternates()) {
      alternates.emplace_back(alternate.language(), alternate.variant());
      EXPECT_EQ(alternate.self(), alternate.variant() == variant->name());
      EXPECT_EQ(alternate.state(), v1::VARIANT_STATE_PUBLISHED);
    }
    EXPECT_THAT(alternates, UnorderedElementsAre(Pair("en", english), Pair("ar", arabic)))
        << variant->name();
  }
}

TEST_F(JisrctlEndToEndTest, VariantGetJsonIsTheVariantInProtobufJson) {
  const std::string name =
      Import(testing::FixturePath("seed-article-en.txt"), {"--language=en", "--publish"});
  const testing::CommandResult result = Jisrctl({"variant", "get", name, "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;

  v1::Variant parsed;
  const auto status = google::protobuf::util::JsonStringToMessage(result.out, &parsed);
  ASSERT_TRUE(status.ok()) << status.ToString() << "\n" << result.out;
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(parsed, Get(name))) << result.out;
}

TEST_F(JisrctlEndToEndTest, VariantGetOfAMissingVariantFailsNamingNotFound) {
  const testing::CommandResult result = Jisrctl({"variant", "get", "variants/nope"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out, "");
  EXPECT_THAT(result.err, HasSubstr("jisrctl: NOT_FOUND: variants/nope"));
  EXPECT_THAT(result.err, HasSubstr("reason: VARIANT_NOT_FOUND"));
}

// Variant ids are lower case ([a-z0-9-]), so "NOPE" cannot name a variant at all: the server
// says the name is malformed rather than that no such variant exists.
TEST_F(JisrctlEndToEndTest, VariantGetOfAMalformedNameFailsNamingTheField) {
  const testing::CommandResult result = Jisrctl({"variant", "get", "variants/NOPE"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out, "");
  EXPECT_THAT(result.err, HasSubstr("jisrctl: INVALID_ARGUMENT: name: \"variants/NOPE\" is not a "
                                    "valid name"));
  EXPECT_THAT(result.err, HasSubstr("reason: MALFORMED_NAME"));
}

// The text pipeline needs no article: jisrd's TextService isolates "AFP" and "150" in an Arabic
// sentence, and jisrctl prints the isolated text and the spans in code points.
TEST_F(JisrctlEndToEndTest, TextIsolateWrapsTheLatinNameAndTheNumberInIsolates) {
  const testing::CommandResult result =
      Jisrctl({"text", "isolate", "قالت وكالة AFP إن 150 شخصاً حضروا", "--language", "ar"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "قالت وكالة \u2066AFP\u2069 إن \u2066150\u2069 شخصاً حضروا\n"
            "  isolate:         [11,14) LTR  \"AFP\"  text\n"
            "  isolate:         [18,21) LTR  \"150\"  number\n");
  EXPECT_EQ(result.err, "");
}

TEST_F(JisrctlEndToEndTest, WithoutCredentialsReadersReadAndWritesAreRefusedWithAHint) {
  const std::string name =
      Import(testing::FixturePath("seed-article-en.txt"), {"--language=en", "--publish"});
  // Anonymous on loopback: a reader of what is published.
  const testing::CommandResult read = JisrctlAsIs({"variant", "get", name});
  EXPECT_EQ(read.exit_code, 0) << read.err;
  EXPECT_THAT(read.out, HasSubstr("US Secretary of State wraps up major trip"));

  const testing::CommandResult write =
      JisrctlAsIs({"variant", "create", "--language=en", "--headline=Unsigned"});
  EXPECT_EQ(write.exit_code, 1);
  EXPECT_THAT(write.err, HasSubstr("jisrctl: UNAUTHENTICATED: "));
  EXPECT_THAT(write.err, HasSubstr("reason: CREDENTIALS_REQUIRED"));
  EXPECT_THAT(write.err, HasSubstr("hint: send credentials: --token-file or --tls-cert/--tls-key"));

  // A reader's token is credentials, but not the permission to write.
  setenv("JISR_TOKEN_FILE", testing::TestCredentials::Get().TokenFile(testing::kTestReader).c_str(),
         1);
  const testing::CommandResult reader =
      JisrctlAsIs({"variant", "create", "--language=en", "--headline=Unsigned"});
  unsetenv("JISR_TOKEN_FILE");
  EXPECT_EQ(reader.exit_code, 1);
  EXPECT_THAT(reader.err, HasSubstr("jisrctl: PERMISSION_DENIED: reader@newsroom.test lacks"));
  EXPECT_THAT(reader.err, HasSubstr("hint: your credentials lack \"variants.write\""));
  EXPECT_THAT(VariantNames(), ElementsAre(name));
}

TEST_F(JisrctlEndToEndTest, ATokenFileItCannotUseIsNamedBeforeAnyCall) {
  const testing::CommandResult missing =
      JisrctlAsIs({"--token-file=" + dir_.File("nope.token"), "languages"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.out, "");
  EXPECT_THAT(missing.err, HasSubstr("cannot read the token file \"" + dir_.File("nope.token") +
                                     "\": No such file or directory"));
  EXPECT_THAT(missing.err, HasSubstr("hint: check the connection flags: --server, --token-file"));

  const testing::CommandResult author = JisrctlAsIs({"--author=w.lowry", "languages"});
  EXPECT_EQ(author.exit_code, 2);
  EXPECT_THAT(author.err, HasSubstr("--author is gone"));
  EXPECT_THAT(author.err, HasSubstr("--token-file=FILE"));
}

}  // namespace
}  // namespace jisr
