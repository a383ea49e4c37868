// `jisrctl text ...` run as a library against the real TextService (TestNewsroom's gRPC server,
// on its in-process channel), checked by what a person at a shell reads: the isolates around a
// Latin name and a number in Arabic, a Trojan-Source override reported, datelines in the
// newsroom's style, slugs, search keys, stdin read whole, --json as the response message, and
// usage and server errors. Also TextClient::Connect, which shares ArticleClient's channel code.
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/cpp/text_client.h"
#include "clients/jisrctl/arguments.h"
#include "clients/jisrctl/cli.h"
#include "clients/jisrctl/error_report.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "services/common/errors.h"
#include "tests/testing/test_credentials.h"
#include "tests/testing/test_newsroom.h"

namespace jisr::jisrctl {
namespace {

using ::jisr::client::ClientOptions;
using ::jisr::client::TextClient;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// "AFP" and "150" in an Arabic sentence: the spans a renderer must isolate.
constexpr char kArabicWithAfp[] = "قالت وكالة AFP إن 150 شخصاً حضروا";
// The seed article's "Updated:" time: 5:06 PM in the newsroom's time zone (UTC+4).
constexpr char kSeedUpdateTime[] = "2023-06-19T13:06:00Z";

class JisrctlTextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_.StartServer();
    ClientOptions options;
    options.target = "in-process";
    // As the services that format text call it: a reader.
    options.token = jisr::testing::TestCredentials::Get().Token(jisr::testing::kTestReader);
    absl::StatusOr<std::unique_ptr<TextClient>> text =
        TextClient::FromChannel(env_.server().InProcessChannel(), options);
    ASSERT_TRUE(text.ok()) << text.status();
    text_ = *std::move(text);
  }

  // Runs `jisrctl text SUBCOMMAND ARGS... [flags] [--json]`; what it printed is in out_.
  absl::Status Run(const std::string& subcommand, std::vector<std::string> args,
                   CommandFlags flags = {}, bool json = false) {
    Cli cli;
    cli.args = std::move(args);
    cli.flags = std::move(flags);
    cli.text = text_.get();
    cli.json = json;
    out_.str("");
    cli.out = &out_;
    cli.progress = &progress_;
    return RunText(subcommand, cli);
  }

  static CommandFlags Language(const std::string& language) {
    CommandFlags flags;
    flags.language = language;
    return flags;
  }

  // `text date` of the seed's update time with `flags`; what it printed.
  std::string Date(CommandFlags flags) {
    const absl::Status status = Run("date", {kSeedUpdateTime}, std::move(flags));
    EXPECT_TRUE(status.ok()) << status;
    return out_.str();
  }

  jisr::testing::TestNewsroom env_;
  std::unique_ptr<TextClient> text_;
  std::ostringstream out_, progress_;
};

TEST_F(JisrctlTextTest, IsolateWrapsTheLatinNameAndTheNumberAndListsTheirSpans) {
  ASSERT_TRUE(Run("isolate", {kArabicWithAfp}, Language("ar")).ok());
  // LRI (U+2066) ... PDI (U+2069) around each; offsets in code points of the sentence.
  EXPECT_EQ(out_.str(),
            "قالت وكالة \u2066AFP\u2069 إن \u2066150\u2069 شخصاً حضروا\n"
            "  isolate:         [11,14) LTR  \"AFP\"  text\n"
            "  isolate:         [18,21) LTR  \"150\"  number\n");
}

TEST_F(JisrctlTextTest, AnalyzeRemovesATrojanSourceOverrideAndSaysWhere) {
  // A file name that an RLO ... PDF displays as "invoice_exe.pdf".
  CommandFlags flags = Language("en");
  flags.excerpt = 100;
  ASSERT_TRUE(Run("analyze", {"invoice_\u202Efdp.exe\u202C"}, flags).ok());
  const std::string out = out_.str();
  // The stored text comes first, in its typed order, without the controls.
  EXPECT_EQ(out.substr(0, out.find('\n')), "invoice_fdp.exe");
  EXPECT_THAT(out, HasSubstr("  direction:       left to right\n"));
  EXPECT_THAT(out, HasSubstr("  words:           1\n"));
  EXPECT_THAT(out, HasSubstr("  excerpt:         invoice_fdp.exe\n"));
  EXPECT_THAT(out, HasSubstr("  warning:         BIDI_OVERRIDE_REMOVED [8,9): removed U+202E "
                             "RIGHT-TO-LEFT OVERRIDE"));
  EXPECT_THAT(out, HasSubstr("  warning:         BIDI_OVERRIDE_REMOVED [16,17): removed U+202C"));
}

TEST_F(JisrctlTextTest, AnalyzeOfArabicListsItsIsolatesAndSearchKey) {
  ASSERT_TRUE(Run("analyze", {kArabicWithAfp}, Language("ar")).ok());
  const std::string out = out_.str();
  EXPECT_THAT(out, HasSubstr("  direction:       right to left\n"));
  EXPECT_THAT(out, HasSubstr("  direction by:    the language, confirmed by its words\n"));
  EXPECT_THAT(out, HasSubstr("  isolate:         [11,14) LTR  \"AFP\"  text\n"));
  EXPECT_THAT(out, HasSubstr("  isolate:         [18,21) LTR  \"150\"  number\n"));
  EXPECT_THAT(out, HasSubstr("  isolated text:   قالت وكالة \u2066AFP\u2069 إن"));
  EXPECT_THAT(out, HasSubstr("  letters:         20 in the language's script, 3 in others\n"));
  EXPECT_THAT(out, Not(HasSubstr("warning:")));
  EXPECT_THAT(out, Not(HasSubstr("excerpt:")));  // Only when asked for.
}

TEST_F(JisrctlTextTest, DateFormatsTheNewsroomsLines) {
  CommandFlags updated = Language("en");
  updated.line = "updated";
  EXPECT_EQ(Date(updated), "Updated: June 19, 2023, 5:06 PM\n");

  // Without --line, the date alone; without --language, English.
  EXPECT_EQ(Date({}), "June 19, 2023, 5:06 PM\n");

  CommandFlags utc;
  utc.time_zone = "UTC";
  EXPECT_EQ(Date(utc), "June 19, 2023, 1:06 PM\n");

  CommandFlags arabic = Language("ar");
  arabic.line = "updated";
  arabic.numbering = "arab";
  const std::string line = Date(arabic);
  EXPECT_THAT(line, HasSubstr("١٩"));
  EXPECT_THAT(line, HasSubstr("٢٠٢٣"));
  EXPECT_THAT(line, HasSubstr("٥:٠٦"));
  EXPECT_EQ(line.find_first_of("0123456789"), std::string::npos) << line;
}

TEST_F(JisrctlTextTest, SlugIsLowerCaseAndHyphenatedWithItsUrlFormWhenItDiffers) {
  ASSERT_TRUE(Run("slug", {"US Secretary of State wraps up major trip"}, Language("en")).ok());
  EXPECT_EQ(out_.str(), "us-secretary-of-state-wraps-up-major-trip\n");

  ASSERT_TRUE(Run("slug", {"قالت وكالة"}, Language("ar")).ok());
  EXPECT_EQ(out_.str(), "قالت-وكالة\n%D9%82%D8%A7%D9%84%D8%AA-%D9%88%D9%83%D8%A7%D9%84%D8%A9\n");

  CommandFlags latin = Language("ar");
  latin.latin = true;
  ASSERT_TRUE(Run("slug", {"قالت وكالة"}, latin).ok());
  EXPECT_EQ(out_.str(), "qalt-wkalt\n");
}

TEST_F(JisrctlTextTest, SearchKeyDropsHarakatAndFoldsAlef) {
  ASSERT_TRUE(Run("search-key", {"أَحْمَد"}).ok());
  EXPECT_EQ(out_.str(), "احمد\n");
}

TEST_F(JisrctlTextTest, VisualPrintsTheArabicInDisplayOrderLineByLine) {
  ASSERT_TRUE(Run("visual", {"قالت وكالة AFP"}, Language("ar")).ok());
  EXPECT_EQ(out_.str(), "AFP ةلاكو تلاق\n");

  CommandFlags wrapped = Language("en");
  wrapped.line_chars = 20;
  ASSERT_TRUE(Run("visual", {"The agency AFP said that 150 people attended"}, wrapped).ok());
  EXPECT_EQ(out_.str(), "The agency AFP said\nthat 150 people\nattended\n");
}

TEST_F(JisrctlTextTest, DashReadsAllOfStdinWithItsLineBreaks) {
  std::istringstream input("line one\nline two\n");
  std::streambuf* const saved = std::cin.rdbuf(input.rdbuf());
  CommandFlags flags;
  flags.single_line = true;
  const absl::Status status = Run("normalize", {"-"}, flags);
  std::cin.rdbuf(saved);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(out_.str(),
            "line one line two \n"
            "  warning:         LINE_BREAK_REPLACED [8,9): replaced line break U+000A with a "
            "space: the field is single-line\n"
            "  warning:         LINE_BREAK_REPLACED [17,18): replaced line break U+000A with a "
            "space: the field is single-line\n");
}

TEST_F(JisrctlTextTest, JsonIsTheResponseMessage) {
  ASSERT_TRUE(Run("analyze", {kArabicWithAfp}, Language("ar"), /*json=*/true).ok());
  jisr::v1::AnalyzeTextResponse parsed;
  const auto parse = google::protobuf::util::JsonStringToMessage(out_.str(), &parsed);
  ASSERT_TRUE(parse.ok()) << parse.ToString() << "\n" << out_.str();

  jisr::v1::AnalyzeTextRequest request;
  request.set_text(kArabicWithAfp);
  request.set_language("ar");
  absl::StatusOr<jisr::v1::AnalyzeTextResponse> direct = text_->Analyze(request);
  ASSERT_TRUE(direct.ok()) << direct.status();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(parsed, *direct)) << out_.str();
  ASSERT_EQ(parsed.analysis().isolates_size(), 2);
  // UTF-8 offsets too: "AFP" follows twenty bytes of Arabic letters and two spaces.
  EXPECT_EQ(parsed.analysis().isolates(0).range().utf8_start(), 20);
}

TEST_F(JisrctlTextTest, MissingTextOrLanguageIsAUsageMistake) {
  EXPECT_TRUE(IsUsageError(Run("isolate", {kArabicWithAfp})));
  EXPECT_TRUE(IsUsageError(Run("analyze", {kArabicWithAfp}, Language(""))));
  EXPECT_TRUE(IsUsageError(Run("isolate", {}, Language("ar"))));
  EXPECT_TRUE(IsUsageError(Run("slug", {"two", "words"}, Language("en"))));
  EXPECT_TRUE(IsUsageError(Run("date", {"yesterday"})));
  CommandFlags line;
  line.line = "later";
  EXPECT_TRUE(IsUsageError(Run("date", {kSeedUpdateTime}, line)));
  EXPECT_TRUE(IsUsageError(Run("translate", {"x"})));
  EXPECT_THAT(out_.str(), IsEmpty());

  const absl::Status missing = Run("isolate", {kArabicWithAfp});
  std::ostringstream err;
  EXPECT_EQ(ReportError(err, missing, {}), kExitUsage);
  EXPECT_THAT(err.str(), HasSubstr("--language is required"));
  EXPECT_THAT(err.str(), HasSubstr("jisrctl help text isolate"));
}

TEST_F(JisrctlTextTest, InvalidInputIsInvalidArgumentNamingTheField) {
  const absl::Status language = Run("isolate", {kArabicWithAfp}, Language("xx-!!"));
  EXPECT_EQ(language.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(IsUsageError(language));
  std::vector<jisr::FieldViolation> violations = jisr::FieldViolationsOf(language);
  ASSERT_EQ(violations.size(), 1u) << language;
  EXPECT_EQ(violations[0].field, "language");

  CommandFlags roman;
  roman.numbering = "roman";
  const absl::Status numbering = Run("date", {kSeedUpdateTime}, roman);
  EXPECT_EQ(numbering.code(), absl::StatusCode::kInvalidArgument);
  violations = jisr::FieldViolationsOf(numbering);
  ASSERT_EQ(violations.size(), 1u) << numbering;
  EXPECT_EQ(violations[0].field, "style.numbering");

  std::ostringstream err;
  EXPECT_EQ(ReportError(err, numbering, {"localhost:50051", absl::Seconds(10)}), kExitFailure);
  EXPECT_THAT(err.str(), HasSubstr("jisrctl: INVALID_ARGUMENT: "));
  EXPECT_THAT(err.str(), HasSubstr("\n  style.numbering: "));
  EXPECT_THAT(out_.str(), IsEmpty());
}

TEST_F(JisrctlTextTest, ConnectReachesTheTextServiceOnTheLoopbackPort) {
  ClientOptions options;
  options.target = "127.0.0.1:" + std::to_string(env_.server().port());
  options.token_path = jisr::testing::TestCredentials::Get().TokenFile(jisr::testing::kTestReader);
  absl::StatusOr<std::unique_ptr<TextClient>> network = TextClient::Connect(options);
  ASSERT_TRUE(network.ok()) << network.status();
  jisr::v1::SearchKeyRequest request;
  request.set_text("أَحْمَد");
  absl::StatusOr<jisr::v1::SearchKeyResponse> key = (*network)->SearchKey(request);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(key->search_key(), "احمد");
}

TEST(TextClientConnectTest, RejectsOptionsItCannotUseAsArticleClientDoes) {
  ClientOptions options;
  options.target.clear();
  EXPECT_THAT(TextClient::Connect(options).status().message(), HasSubstr("target is empty"));

  options.target = "localhost:50051";
  options.max_message_bytes = 0;
  EXPECT_THAT(TextClient::Connect(options).status().message(),
              HasSubstr("max_message_bytes must be positive"));

  options.max_message_bytes = 1 << 20;
  options.tls_root_certs_path = "/nonexistent/roots.pem";
  EXPECT_THAT(TextClient::Connect(options).status().message(),
              HasSubstr("cannot read TLS root certificates"));

  options.tls_root_certs_path.clear();
  options.token_path = "/nonexistent/token";
  EXPECT_THAT(TextClient::Connect(options).status().message(),
              HasSubstr("cannot read the token file \"/nonexistent/token\""));

  options.token_path.clear();
  options.default_deadline = absl::ZeroDuration();
  EXPECT_THAT(TextClient::Connect(options).status().message(),
              HasSubstr("default_deadline must be positive"));
}

}  // namespace
}  // namespace jisr::jisrctl
