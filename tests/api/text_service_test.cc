// jisr.v1.TextService on a real gRPC server on a loopback port: every RPC on real text (the UDHR
// in Arabic and English, the seed article), offsets in three units with characters outside the
// BMP, Trojan-Source repair, byte-exact datelines, and errors that name their fields, invalid
// UTF-8 included (sent as raw bytes, which generated clients refuse to send).
#include "services/api/text_service.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "jisr/v1/text_service.grpc.pb.h"
#include "services/config/newsroom_config.h"
#include "services/textservice/text_service_core.h"
#include "tests/text/test_support.h"
#include "unicode/uchar.h"
#include "unicode/unistr.h"

namespace jisr {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;
namespace v1 = ::jisr::v1;

constexpr int kMaxMessageBytes = 8 << 20;

config::NewsroomConfig DefaultConfig() {
  absl::StatusOr<config::NewsroomConfig> config = config::ParseLanguages("en,ar", "Asia/Dubai");
  EXPECT_TRUE(config.ok()) << config.status();
  return config.ok() ? *std::move(config) : config::NewsroomConfig{};
}

// The fields a failed call's BadRequest names, in order.
std::vector<std::string> ViolatedFields(const grpc::Status& status) {
  google::rpc::Status details;
  EXPECT_TRUE(details.ParseFromString(status.error_details())) << status.error_message();
  std::vector<std::string> fields;
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad_request;
    if (any.Is<google::rpc::BadRequest>() && any.UnpackTo(&bad_request)) {
      for (const auto& violation : bad_request.field_violations()) {
        fields.push_back(violation.field());
      }
    }
  }
  return fields;
}

std::string ErrorReason(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return "";
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.Is<google::rpc::ErrorInfo>() && any.UnpackTo(&info)) return info.reason();
  }
  return "";
}

v1::TextRange Range(int start, int end, int utf16_start, int utf16_end, int utf8_start,
                    int utf8_end) {
  v1::TextRange range;
  range.set_start(start);
  range.set_end(end);
  range.set_utf16_start(utf16_start);
  range.set_utf16_end(utf16_end);
  range.set_utf8_start(utf8_start);
  range.set_utf8_end(utf8_end);
  return range;
}

MATCHER_P(EqualsRange, expected, expected.ShortDebugString()) {
  *result_listener << "range is " << arg.ShortDebugString();
  return arg.SerializeAsString() == expected.SerializeAsString();
}

// What `range` covers in `text`, checked three ways (UTF-8, code points, UTF-16).
std::string Covered(const std::string& text, const v1::TextRange& range) {
  text::TextRange r;
  r.start = range.start();
  r.end = range.end();
  r.utf16_start = range.utf16_start();
  r.utf16_end = range.utf16_end();
  r.utf8_start = range.utf8_start();
  r.utf8_end = range.utf8_end();
  return text::testing::Slice(text, r);
}

int32_t CodePoints(const std::string& text) {
  return icu::UnicodeString::fromUTF8(text).countChar32();
}

bool HasArabicIndicDigit(const std::string& text) {
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  for (int32_t i = 0; i < u.length(); ++i) {
    if (u[i] >= 0x0660 && u[i] <= 0x0669) return true;
  }
  return false;
}

bool HasAsciiDigit(const std::string& text) {
  for (char c : text) {
    if (c >= '0' && c <= '9') return true;
  }
  return false;
}

class TextServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { StartServer(kMaxMessageBytes); }

  void StartServer(int max_response_bytes) {
    if (server_ != nullptr) server_->Shutdown();
    api::TextServiceOptions options;
    options.max_response_bytes = max_response_bytes;
    service_ = std::make_unique<api::TextService>(textservice::TextServiceCore(DefaultConfig()),
                                                  &authorizer_, options);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(service_.get());
    builder.SetMaxReceiveMessageSize(kMaxMessageBytes);
    builder.SetMaxSendMessageSize(kMaxMessageBytes);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_NE(port, 0);
    grpc::ChannelArguments args;
    args.SetMaxReceiveMessageSize(kMaxMessageBytes);
    args.SetMaxSendMessageSize(kMaxMessageBytes);
    channel_ = grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", port),
                                         grpc::InsecureChannelCredentials(), args);
    stub_ = v1::TextService::NewStub(channel_);
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown();
  }

  static std::unique_ptr<grpc::ClientContext> Context() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return context;
  }

  v1::AnalyzeTextResponse Analyze(const std::string& text, const std::string& language,
                                  int excerpt_max_chars = 0) {
    v1::AnalyzeTextRequest request;
    request.set_text(text);
    request.set_language(language);
    request.set_excerpt_max_chars(excerpt_max_chars);
    v1::AnalyzeTextResponse response;
    grpc::Status status = stub_->Analyze(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  v1::FormatDateResponse FormatDate(v1::FormatDateRequest request) {
    v1::FormatDateResponse response;
    grpc::Status status = stub_->FormatDate(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  // Sends `wire` as the request of `method` ("Analyze"), bypassing the generated stub.
  grpc::Status RawCall(const std::string& method, const std::string& wire) {
    grpc::GenericStub generic(channel_);
    auto context = Context();
    grpc::Slice slice(wire);
    grpc::ByteBuffer in(&slice, 1);
    grpc::ByteBuffer out;
    grpc::Status status;
    absl::Notification done;
    generic.UnaryCall(context.get(), absl::StrCat("/jisr.v1.TextService/", method),
                      grpc::StubOptions(), &in, &out, [&](grpc::Status s) {
                        status = std::move(s);
                        done.Notify();
                      });
    done.WaitForNotification();
    return status;
  }

  // Anonymous callers read, as on jisrd's loopback listener: the TextService needs no more.
  api::Authorizer authorizer_{api::AuthorizerOptions{/*anonymous_is_reader=*/true}, nullptr,
                              nullptr};
  std::unique_ptr<api::TextService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::TextService::Stub> stub_;
};

// ---- Analyze ----

TEST_F(TextServiceTest, AnalyzeGivesTheArabicSentencesSpansInThreeUnitsAfterAnEmoji) {
  // U+1F600 is 1 code point, 2 UTF-16 units and 4 UTF-8 bytes; each Arabic letter 2 bytes.
  const std::string text =
      "😀 أعلنت وكالة AFP أن 150 شخصاً أصيبوا، والتفاصيل على https://example.com/x";
  const v1::AnalyzeTextResponse response = Analyze(text, "ar");
  EXPECT_EQ(response.text(), text);
  EXPECT_THAT(response.warnings(), SizeIs(0));
  const v1::FieldText& analysis = response.analysis();
  EXPECT_EQ(analysis.field(), "");
  EXPECT_EQ(analysis.base_direction(), v1::TEXT_DIRECTION_RIGHT_TO_LEFT);
  ASSERT_THAT(analysis.isolates(), SizeIs(3));
  // "😀 " (2 code points, 3 units, 5 bytes) + "أعلنت وكالة " (12 code points, 22 bytes).
  EXPECT_THAT(analysis.isolates(0).range(), EqualsRange(Range(14, 17, 15, 18, 27, 30)));
  EXPECT_EQ(analysis.isolates(0).kind(), v1::ISOLATE_KIND_TEXT);
  // + "AFP أن " (7 code points, 9 bytes).
  EXPECT_THAT(analysis.isolates(1).range(), EqualsRange(Range(21, 24, 22, 25, 36, 39)));
  EXPECT_EQ(analysis.isolates(1).kind(), v1::ISOLATE_KIND_NUMBER);
  // + "150 شخصاً أصيبوا، والتفاصيل على " (29 code points: 9 ASCII, 20 Arabic).
  EXPECT_THAT(analysis.isolates(2).range(), EqualsRange(Range(53, 74, 54, 75, 92, 113)));
  EXPECT_EQ(analysis.isolates(2).kind(), v1::ISOLATE_KIND_URL);
  for (const v1::IsolateSpan& span : analysis.isolates()) {
    EXPECT_EQ(span.direction(), v1::TEXT_DIRECTION_LEFT_TO_RIGHT);
  }
  EXPECT_EQ(Covered(text, analysis.isolates(0).range()), "AFP");
  EXPECT_EQ(Covered(text, analysis.isolates(1).range()), "150");
  EXPECT_EQ(Covered(text, analysis.isolates(2).range()), "https://example.com/x");
  EXPECT_EQ(analysis.isolated_text(),
            "😀 أعلنت وكالة \u2066AFP\u2069 أن \u2066150\u2069 شخصاً أصيبوا، والتفاصيل على "
            "\u2066https://example.com/x\u2069");
  ASSERT_THAT(analysis.paragraphs(), SizeIs(1));
  EXPECT_THAT(analysis.paragraphs(0).range(), EqualsRange(Range(0, 74, 0, 75, 0, 113)));
  EXPECT_EQ(analysis.paragraphs(0).direction_source(),
            v1::DIRECTION_SOURCE_LANGUAGE_CONFIRMED_BY_WORDS);
  // The folded key: alef with hamza folded, tanween removed, taa marbuta to haa.
  EXPECT_THAT(analysis.search_key(), HasSubstr("اعلنت وكاله afp ان 150 شخصا"));
  // Nine words, and the URL's three (ICU word breaks: "https", "example.com", "x").
  EXPECT_EQ(analysis.word_count(), 12);
  EXPECT_GT(response.letters_in_language_script(), response.letters_in_other_scripts());
}

TEST_F(TextServiceTest, AnalyzeRepairsATrojanSourceOverrideAndSaysWhere) {
  // The CVE-2021-42574 "commenting-out" pattern after an emoji: an RLO makes the rest display
  // reversed, isolates make code look like a comment. Code points: 0 emoji, 1 space, 2 '/',
  // 3 '*', 4 RLO.
  const std::string text = "😀 /*\u202E } \u2066if (isAdmin)\u2069 \u2066 begin admins only */";
  const v1::AnalyzeTextResponse response = Analyze(text, "en");
  EXPECT_EQ(response.text(), "😀 /* } \u2066if (isAdmin)\u2069 \u2066 begin admins only */\u2069");
  ASSERT_THAT(response.warnings(), SizeIs(2));
  const v1::TextWarning& removed = response.warnings(0);
  EXPECT_EQ(removed.field(), "text");
  EXPECT_EQ(removed.code(), "BIDI_OVERRIDE_REMOVED");
  EXPECT_THAT(removed.range(), EqualsRange(Range(4, 5, 5, 6, 7, 10)));
  EXPECT_EQ(Covered(text, removed.range()), "\u202E");
  EXPECT_THAT(removed.message(), HasSubstr("U+202E"));
  const v1::TextWarning& closed = response.warnings(1);
  EXPECT_EQ(closed.code(), "BIDI_UNTERMINATED_CLOSED");
  const int32_t end = CodePoints(text);
  EXPECT_EQ(closed.range().start(), end);
  EXPECT_EQ(closed.range().end(), end);
  EXPECT_EQ(closed.range().utf8_start(), static_cast<int32_t>(text.size()));
  EXPECT_THAT(response.analysis().paragraphs(), SizeIs(1));
  EXPECT_FALSE(absl::StrContains(response.analysis().isolated_text(), "\u202E"));
}

TEST_F(TextServiceTest, AnalyzesUdhrParagraphsInEachLanguage) {
  const std::vector<std::string> arabic = text::testing::UdhrParagraphs("arb");
  const std::vector<std::string> english = text::testing::UdhrParagraphs("eng");
  ASSERT_GT(arabic.size(), 30u);
  ASSERT_GT(english.size(), 30u);
  for (size_t i = 0; i < arabic.size() && i < english.size(); i += 7) {
    const v1::AnalyzeTextResponse ar = Analyze(arabic[i], "ar", 80);
    EXPECT_EQ(ar.analysis().base_direction(), v1::TEXT_DIRECTION_RIGHT_TO_LEFT) << arabic[i];
    EXPECT_GT(ar.analysis().word_count(), 0);
    EXPECT_GT(ar.letters_in_language_script(), 0);
    EXPECT_EQ(ar.letters_in_other_scripts(), 0) << arabic[i];
    EXPECT_LE(CodePoints(ar.excerpt()), 80);
    EXPECT_THAT(ar.warnings(),
                Not(Contains(::testing::Property(&v1::TextWarning::code, "WRONG_SCRIPT"))));
    const v1::AnalyzeTextResponse en = Analyze(english[i], "en");
    EXPECT_EQ(en.analysis().base_direction(), v1::TEXT_DIRECTION_LEFT_TO_RIGHT);
    EXPECT_THAT(en.analysis().isolates(), SizeIs(0)) << english[i];
    EXPECT_EQ(en.excerpt(), "");
  }
  // Article 1, whole: the excerpt of a long paragraph is cut and ends with an ellipsis.
  const v1::AnalyzeTextResponse long_one = Analyze(arabic[9], "ar", 40);
  EXPECT_TRUE(absl::EndsWith(long_one.excerpt(), "…")) << long_one.excerpt();
  EXPECT_LE(CodePoints(long_one.excerpt()), 40);
  EXPECT_GT(long_one.reading_time_seconds(), 0);
}

TEST_F(TextServiceTest, AnalyzeFlagsArabicSentAsEnglish) {
  const std::string arabic = text::testing::UdhrParagraphs("arb")[9];
  const v1::AnalyzeTextResponse response = Analyze(arabic, "en");
  EXPECT_THAT(response.warnings(),
              Contains(::testing::Property(&v1::TextWarning::code, "WRONG_SCRIPT")));
  EXPECT_EQ(response.letters_in_language_script(), 0);
  EXPECT_GT(response.letters_in_other_scripts(), 24);
}

TEST_F(TextServiceTest, AnalyzeSingleLineReplacesLineBreaks) {
  v1::AnalyzeTextRequest request;
  request.set_text("Article 1\nAll human beings are born free");
  request.set_language("en");
  request.set_single_line(true);
  v1::AnalyzeTextResponse response;
  ASSERT_TRUE(stub_->Analyze(Context().get(), request, &response).ok());
  EXPECT_EQ(response.text(), "Article 1 All human beings are born free");
  ASSERT_THAT(response.warnings(), SizeIs(1));
  EXPECT_EQ(response.warnings(0).code(), "LINE_BREAK_REPLACED");
  EXPECT_THAT(response.analysis().paragraphs(), SizeIs(1));
}

TEST_F(TextServiceTest, AnalyzeTakesLanguagesTheNewsroomDoesNotPublishIn) {
  const v1::AnalyzeTextResponse persian = Analyze("سلام دنیا", "fa");
  EXPECT_EQ(persian.analysis().base_direction(), v1::TEXT_DIRECTION_RIGHT_TO_LEFT);
  // No strong character: the language decides.
  const v1::AnalyzeTextResponse digits = Analyze("2023 - 150", "fa");
  ASSERT_THAT(digits.analysis().paragraphs(), SizeIs(1));
  EXPECT_EQ(digits.analysis().paragraphs(0).direction(), v1::TEXT_DIRECTION_RIGHT_TO_LEFT);
  EXPECT_EQ(digits.analysis().paragraphs(0).direction_source(), v1::DIRECTION_SOURCE_LANGUAGE);
}

// ---- Normalize, Isolate, VisualOrder, Slugify, SearchKey ----

TEST_F(TextServiceTest, NormalizeListsEveryChangeToTheSeedArticle) {
  const std::vector<std::string> lines = text::testing::SeedArticleLines();
  const std::string clean = absl::StrJoin(lines, "\n");
  v1::NormalizeTextRequest request;
  request.set_text(clean);
  v1::NormalizeTextResponse response;
  ASSERT_TRUE(stub_->Normalize(Context().get(), request, &response).ok());
  EXPECT_EQ(response.text(), clean);
  EXPECT_THAT(response.warnings(), SizeIs(0));

  // The same article as Windows saves it, with a byte order mark and decomposed accents.
  const std::string messy =
      absl::StrCat("\xEF\xBB\xBF", absl::StrJoin(lines, "\r\n"), "\r\nCafe\xCC\x81");
  request.set_text(messy);
  ASSERT_TRUE(stub_->Normalize(Context().get(), request, &response).ok());
  EXPECT_EQ(response.text(), absl::StrCat(clean, "\nCaf\xC3\xA9"));
  std::vector<std::string> codes;
  for (const v1::TextWarning& warning : response.warnings()) codes.push_back(warning.code());
  EXPECT_THAT(codes, Contains("BYTE_ORDER_MARK_REMOVED"));
  EXPECT_THAT(codes, Contains("LINE_BREAK_NORMALIZED"));
  EXPECT_THAT(codes, Contains("NFC_NORMALIZED"));
  EXPECT_THAT(response.warnings(0).range(), EqualsRange(Range(0, 1, 0, 1, 0, 3)));
}

TEST_F(TextServiceTest, IsolateWrapsALatinCitationInsideTheArabicPreamble) {
  const std::string arabic = text::testing::UdhrParagraphs("arb")[0];
  const std::string text = absl::StrCat(arabic, " (UDHR, 1948)");
  v1::IsolateTextRequest request;
  request.set_text(text);
  request.set_language("ar");
  v1::IsolateTextResponse response;
  ASSERT_TRUE(stub_->Isolate(Context().get(), request, &response).ok());
  EXPECT_EQ(response.text(), text);
  EXPECT_EQ(response.base_direction(), v1::TEXT_DIRECTION_RIGHT_TO_LEFT);
  ASSERT_THAT(response.isolates(), SizeIs(1));
  EXPECT_EQ(Covered(text, response.isolates(0).range()), "UDHR, 1948");
  EXPECT_EQ(response.isolates(0).direction(), v1::TEXT_DIRECTION_LEFT_TO_RIGHT);
  EXPECT_EQ(response.isolated_text(), absl::StrCat(arabic, " (\u2066UDHR, 1948\u2069)"));
  EXPECT_THAT(response.warnings(), SizeIs(0));
}

TEST_F(TextServiceTest, VisualOrderDrawsArabicRightToLeft) {
  v1::VisualOrderRequest request;
  request.set_text("المادة 1");  // the UDHR's "Article 1" heading
  request.set_language("ar");
  v1::VisualOrderResponse response;
  ASSERT_TRUE(stub_->VisualOrder(Context().get(), request, &response).ok());
  // Left to right as drawn: the number, then the word from its last letter to its first.
  EXPECT_THAT(response.lines(), ElementsAre("1 ةداملا"));

  // A UDHR paragraph wrapped for a 30-character ticker, shaped for a renderer without Arabic
  // shaping: every line fits and carries presentation forms.
  request.set_text(text::testing::UdhrParagraphs("arb")[9]);
  request.set_max_line_chars(30);
  request.set_shape_arabic(true);
  ASSERT_TRUE(stub_->VisualOrder(Context().get(), request, &response).ok());
  EXPECT_GT(response.lines_size(), 3);
  for (const std::string& line : response.lines()) {
    EXPECT_LE(CodePoints(line), 30) << line;
    const icu::UnicodeString u = icu::UnicodeString::fromUTF8(line);
    bool shaped = false;
    for (int32_t i = 0; i < u.length(); ++i) shaped |= u[i] >= 0xFE70 && u[i] <= 0xFEFF;
    EXPECT_TRUE(shaped) << line;
  }

  // The paragraph's direction decides where an acronym goes. Arabic text that begins with one
  // is still right to left; the first-strong rule, or a forced direction, says otherwise.
  request.set_text("UDHR المادة");
  request.set_max_line_chars(0);
  request.set_shape_arabic(false);
  ASSERT_TRUE(stub_->VisualOrder(Context().get(), request, &response).ok());
  EXPECT_THAT(response.lines(), ElementsAre("ةداملا UDHR"));
  request.set_direction_rule(v1::DIRECTION_RULE_FIRST_STRONG);
  ASSERT_TRUE(stub_->VisualOrder(Context().get(), request, &response).ok());
  EXPECT_THAT(response.lines(), ElementsAre("UDHR ةداملا"));
  request.set_direction_rule(v1::DIRECTION_RULE_LANGUAGE);
  request.set_direction(v1::TEXT_DIRECTION_LEFT_TO_RIGHT);
  ASSERT_TRUE(stub_->VisualOrder(Context().get(), request, &response).ok());
  EXPECT_THAT(response.lines(), ElementsAre("UDHR ةداملا"));
}

TEST_F(TextServiceTest, ArabicThatBeginsWithALatinNameIsRightToLeftUnlessFirstStrongIsAsked) {
  // From the issue that changed the rule: each is an Arabic sentence.
  for (const std::string text :
       {"Apple تطلق هاتفاً جديداً بسعر 999 دولاراً في الإمارات", "CNN: إطلاق صاروخ من غزة",
        "iPhone 15 يصل إلى دبي", "Flat6labs، و500 Falcons، وثلاثة مستثمرين ملائكيين"}) {
    v1::AnalyzeTextRequest analyze;
    analyze.set_text(text);
    analyze.set_language("ar");
    v1::AnalyzeTextResponse analyzed;
    ASSERT_TRUE(stub_->Analyze(Context().get(), analyze, &analyzed).ok()) << text;
    EXPECT_EQ(analyzed.analysis().base_direction(), v1::TEXT_DIRECTION_RIGHT_TO_LEFT) << text;
    EXPECT_EQ(analyzed.analysis().paragraphs(0).direction_source(),
              v1::DIRECTION_SOURCE_LANGUAGE_CONFIRMED_BY_WORDS);
    // The Latin name is a span to isolate inside the right-to-left sentence.
    ASSERT_THAT(analyzed.analysis().isolates(), Not(SizeIs(0))) << text;
    EXPECT_EQ(analyzed.analysis().isolates(0).direction(), v1::TEXT_DIRECTION_LEFT_TO_RIGHT);
    EXPECT_EQ(analyzed.analysis().isolates(0).range().start(), 0) << text;

    v1::IsolateTextRequest isolate;
    isolate.set_text(text);
    isolate.set_language("ar");
    v1::IsolateTextResponse isolated;
    ASSERT_TRUE(stub_->Isolate(Context().get(), isolate, &isolated).ok());
    EXPECT_EQ(isolated.base_direction(), v1::TEXT_DIRECTION_RIGHT_TO_LEFT) << text;
    EXPECT_EQ(isolated.isolated_text(), analyzed.analysis().isolated_text());

    analyze.set_direction_rule(v1::DIRECTION_RULE_FIRST_STRONG);
    ASSERT_TRUE(stub_->Analyze(Context().get(), analyze, &analyzed).ok());
    EXPECT_EQ(analyzed.analysis().base_direction(), v1::TEXT_DIRECTION_LEFT_TO_RIGHT) << text;
    EXPECT_EQ(analyzed.analysis().paragraphs(0).direction_source(),
              v1::DIRECTION_SOURCE_FIRST_STRONG_CHARACTER);
    isolate.set_direction_rule(v1::DIRECTION_RULE_FIRST_STRONG);
    ASSERT_TRUE(stub_->Isolate(Context().get(), isolate, &isolated).ok());
    EXPECT_EQ(isolated.base_direction(), v1::TEXT_DIRECTION_LEFT_TO_RIGHT) << text;
  }
  // A whole English quotation in an Arabic variant is left to right, and says why.
  v1::AnalyzeTextRequest quote;
  quote.set_text("“We will rebuild every school,” the minister told reporters.");
  quote.set_language("ar");
  v1::AnalyzeTextResponse quoted;
  ASSERT_TRUE(stub_->Analyze(Context().get(), quote, &quoted).ok());
  EXPECT_EQ(quoted.analysis().base_direction(), v1::TEXT_DIRECTION_LEFT_TO_RIGHT);
  EXPECT_EQ(quoted.analysis().paragraphs(0).direction_source(),
            v1::DIRECTION_SOURCE_OTHER_DIRECTION_BY_WORDS);
}

TEST_F(TextServiceTest, AnUnknownDirectionRuleIsNamed) {
  v1::AnalyzeTextRequest analyze;
  analyze.set_text("abc");
  analyze.set_language("en");
  analyze.set_direction_rule(static_cast<v1::DirectionRule>(9));
  v1::AnalyzeTextResponse analyzed;
  grpc::Status status = stub_->Analyze(Context().get(), analyze, &analyzed);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("direction_rule"));
  EXPECT_THAT(status.error_message(), HasSubstr("DIRECTION_RULE_FIRST_STRONG"));

  v1::IsolateTextRequest isolate;
  isolate.set_text("abc");
  isolate.set_language("en");
  isolate.set_direction_rule(static_cast<v1::DirectionRule>(-1));
  v1::IsolateTextResponse isolated;
  status = stub_->Isolate(Context().get(), isolate, &isolated);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("direction_rule"));
}

TEST_F(TextServiceTest, SlugifyGivesNativeAndLatinSlugs) {
  v1::SlugifyRequest request;
  request.set_text("المادة 1");
  request.set_language("ar");
  v1::SlugifyResponse response;
  ASSERT_TRUE(stub_->Slugify(Context().get(), request, &response).ok());
  EXPECT_EQ(response.slug(), "المادة-1");
  EXPECT_EQ(response.slug_url(), "%D8%A7%D9%84%D9%85%D8%A7%D8%AF%D8%A9-1");

  request.set_script(v1::SLUG_SCRIPT_LATIN);
  ASSERT_TRUE(stub_->Slugify(Context().get(), request, &response).ok());
  EXPECT_EQ(response.slug(), response.slug_url());
  EXPECT_TRUE(absl::EndsWith(response.slug(), "-1")) << response.slug();
  for (char c : response.slug()) EXPECT_LT(static_cast<unsigned char>(c), 0x80);

  request.set_text(text::testing::SeedArticleLines()[4]);
  request.set_language("en");
  request.set_script(v1::SLUG_SCRIPT_UNSPECIFIED);
  ASSERT_TRUE(stub_->Slugify(Context().get(), request, &response).ok());
  EXPECT_EQ(response.slug(),
            "us-secretary-of-state-wraps-up-major-trip-to-china-with-xi-jinping-meeting");
}

TEST_F(TextServiceTest, SearchKeyFoldsArabicAndLatin) {
  v1::SearchKeyRequest request;
  request.set_text("لمّا كان الاعتراف بالكرامة، Human Rights ١٩٤٨");
  v1::SearchKeyResponse response;
  ASSERT_TRUE(stub_->SearchKey(Context().get(), request, &response).ok());
  EXPECT_EQ(response.search_key(), "لما كان الاعتراف بالكرامه، human rights 1948");
}

// ---- FormatDate ----

v1::FormatDateRequest DateRequest(const std::string& language, v1::DatelineKind kind) {
  v1::FormatDateRequest request;
  request.mutable_time()->set_seconds(1687179960);  // 2023-06-19T13:06:00Z
  request.set_language(language);
  request.set_kind(kind);
  return request;
}

TEST_F(TextServiceTest, FormatDateGivesTheNewsroomsEnglishLineByteForByte) {
  const v1::FormatDateResponse response = FormatDate(DateRequest("en", v1::DATELINE_KIND_UPDATED));
  EXPECT_EQ(response.text(), "Updated: June 19, 2023, 5:06 PM");
  EXPECT_EQ(response.style().locale(), "en-AE");
  EXPECT_EQ(response.style().time_zone(), "Asia/Dubai");
  EXPECT_EQ(response.style().numbering(), "latn");
  EXPECT_EQ(response.style().calendar(), "gregorian");
  // The language defaults to English; the kind to the date alone.
  EXPECT_EQ(FormatDate(DateRequest("", v1::DATELINE_KIND_UNSPECIFIED)).text(),
            "June 19, 2023, 5:06 PM");
  EXPECT_EQ(FormatDate(DateRequest("en", v1::DATELINE_KIND_PUBLISHED)).text(),
            "Published: June 19, 2023, 5:06 PM");
}

TEST_F(TextServiceTest, FormatDateGivesTheArabicLineWithArabicIndicDigits) {
  v1::FormatDateRequest request = DateRequest("ar", v1::DATELINE_KIND_UPDATED);
  request.mutable_style()->set_numbering("arab");
  const v1::FormatDateResponse response = FormatDate(request);
  EXPECT_EQ(response.text(), "آخر تحديث: ١٩ يونيو ٢٠٢٣، ٥:٠٦ م");
  EXPECT_THAT(response.text(), HasSubstr("\u060C"));  // the Arabic comma
  EXPECT_TRUE(HasArabicIndicDigit(response.text()));
  EXPECT_FALSE(HasAsciiDigit(response.text()));
  EXPECT_EQ(response.style().locale(), "ar-AE");
  EXPECT_EQ(response.style().numbering(), "arab");

  // Without the override, the newsroom's Arabic style keeps Latin digits.
  EXPECT_EQ(FormatDate(DateRequest("ar", v1::DATELINE_KIND_UPDATED)).text(),
            "آخر تحديث: 19 يونيو 2023، 5:06 م");
}

TEST_F(TextServiceTest, FormatDateGivesTheHijriDate) {
  v1::FormatDateRequest request = DateRequest("ar", v1::DATELINE_KIND_UNSPECIFIED);
  request.mutable_style()->set_calendar("islamic-umalqura");
  EXPECT_EQ(FormatDate(request).text(), "1 ذو الحجة 1444 هـ، 5:06 م");
  request.set_language("en");
  EXPECT_EQ(FormatDate(request).text(), "Dhuʻl-Hijjah 1, 1444 AH, 5:06 PM");
}

TEST_F(TextServiceTest, FormatDateHonoursTheRequestedTimeZoneAndLocale) {
  v1::FormatDateRequest request = DateRequest("en", v1::DATELINE_KIND_PUBLISHED);
  request.mutable_style()->set_time_zone("Europe/London");
  const v1::FormatDateResponse response = FormatDate(request);
  EXPECT_EQ(response.text(), "Published: June 19, 2023, 2:06 PM");
  EXPECT_EQ(response.style().time_zone(), "Europe/London");

  // French has no newsroom labels: the date alone works, a labelled line is refused by name.
  request.mutable_style()->set_locale("fr-FR");
  request.set_kind(v1::DATELINE_KIND_UNSPECIFIED);
  EXPECT_THAT(FormatDate(request).text(), HasSubstr("2023"));
  request.set_kind(v1::DATELINE_KIND_UPDATED);
  v1::FormatDateResponse refused;
  const grpc::Status status = stub_->FormatDate(Context().get(), request, &refused);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("kind"));
  EXPECT_THAT(status.error_message(), HasSubstr("DATELINE_KIND_UNSPECIFIED"));
}

// ---- Errors ----

TEST_F(TextServiceTest, InvalidUtf8IsNamedWithItsByteOffset) {
  // Built by hand: generated clients refuse to send invalid UTF-8, other clients may not.
  v1::AnalyzeTextRequest request;
  request.set_language("ar");
  request.set_text("😀 AFP \xC3\x28 bad");
  const grpc::Status status = RawCall("Analyze", request.SerializePartialAsString());
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(ViolatedFields(status), ElementsAre("text"));
  EXPECT_THAT(status.error_message(), HasSubstr("invalid UTF-8 at byte 9"));
  EXPECT_EQ(ErrorReason(status), "INVALID_UTF8");

  v1::SearchKeyRequest search;
  search.set_text("\xFF");
  const grpc::Status search_status = RawCall("SearchKey", search.SerializePartialAsString());
  ASSERT_EQ(search_status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(search_status), ElementsAre("text"));
  EXPECT_THAT(search_status.error_message(), HasSubstr("at byte 0"));
}

TEST_F(TextServiceTest, TextOverOneMebibyteIsRefused) {
  const std::string arabic = text::testing::UdhrParagraphs("arb")[9];
  std::string text;
  while (text.size() <= static_cast<size_t>(textservice::kMaxToolTextBytes)) {
    absl::StrAppend(&text, arabic, "\n");
  }
  v1::AnalyzeTextRequest request;
  request.set_text(text);
  request.set_language("ar");
  v1::AnalyzeTextResponse response;
  const grpc::Status status = stub_->Analyze(Context().get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("text"));
  EXPECT_THAT(status.error_message(), AllOf(HasSubstr("too long"), HasSubstr("1048576")));

  // Exactly 1 MiB is served.
  text.resize(static_cast<size_t>(textservice::kMaxToolTextBytes));
  while ((static_cast<unsigned char>(text.back()) & 0xC0) == 0x80 ||
         static_cast<unsigned char>(text.back()) >= 0xC0) {
    text.pop_back();  // do not end inside a character
  }
  v1::SearchKeyRequest search;
  search.set_text(text);
  v1::SearchKeyResponse key;
  const grpc::Status served = stub_->SearchKey(Context().get(), search, &key);
  EXPECT_TRUE(served.ok()) << served.error_message();
}

TEST_F(TextServiceTest, AResultTooLargeToSendIsRefusedNamingTheText) {
  // Alternating scripts: every Latin word is a span and two runs.
  StartServer(64 << 10);
  std::string text;
  for (int i = 0; i < 2000; ++i) absl::StrAppend(&text, "ب a ");
  v1::AnalyzeTextRequest request;
  request.set_text(text);
  request.set_language("ar");
  v1::AnalyzeTextResponse response;
  const grpc::Status status = stub_->Analyze(Context().get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(ViolatedFields(status), ElementsAre("text"));
  EXPECT_EQ(ErrorReason(status), "RESPONSE_TOO_LARGE");
  EXPECT_THAT(status.error_message(), HasSubstr("send less text per call"));
  // The same service answers what fits.
  request.set_text("ب a");
  EXPECT_TRUE(stub_->Analyze(Context().get(), request, &response).ok());
}

TEST_F(TextServiceTest, EveryBadFieldIsNamedInOneResponse) {
  v1::AnalyzeTextRequest analyze;
  analyze.set_language("en_US");
  analyze.set_excerpt_max_chars(10001);
  v1::AnalyzeTextResponse analyzed;
  grpc::Status status = stub_->Analyze(Context().get(), analyze, &analyzed);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("text", "language", "excerpt_max_chars"));
  EXPECT_THAT(status.error_message(), HasSubstr("hyphens, not underscores"));

  v1::VisualOrderRequest visual;
  visual.set_text("abc");
  visual.set_max_line_chars(-1);
  visual.set_direction(static_cast<v1::TextDirection>(7));
  v1::VisualOrderResponse ordered;
  status = stub_->VisualOrder(Context().get(), visual, &ordered);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("language", "direction", "max_line_chars"));

  v1::SlugifyRequest slug;
  slug.set_text("Article 1");
  slug.set_language("a");
  slug.set_script(static_cast<v1::SlugScript>(9));
  v1::SlugifyResponse slugged;
  status = stub_->Slugify(Context().get(), slug, &slugged);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("language", "script"));
}

TEST_F(TextServiceTest, FormatDateNamesEachBadStyleField) {
  v1::FormatDateRequest request = DateRequest("ar", v1::DATELINE_KIND_UPDATED);
  request.mutable_style()->set_calendar("julian");
  v1::FormatDateResponse response;
  grpc::Status status = stub_->FormatDate(Context().get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("style.calendar"));
  EXPECT_THAT(status.error_message(), HasSubstr("islamic-umalqura"));

  request.mutable_style()->set_locale("xx-YY");
  request.mutable_style()->set_time_zone("Mars/Olympus_Mons");
  request.mutable_style()->set_numbering("roman");
  request.clear_time();
  request.set_language("ar_AE");
  request.set_kind(static_cast<v1::DatelineKind>(5));
  status = stub_->FormatDate(Context().get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status),
              ElementsAre("time", "language", "style.locale", "style.time_zone", "style.numbering",
                          "style.calendar", "kind"));
  EXPECT_THAT(status.error_message(), HasSubstr("Asia/Dubai"));

  request = DateRequest("en", v1::DATELINE_KIND_UNSPECIFIED);
  request.mutable_time()->set_nanos(-1);
  status = stub_->FormatDate(Context().get(), request, &response);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("time"));
}

TEST_F(TextServiceTest, ToolsCalledDirectlyCatchInvalidUtf8Too) {
  // In-process callers skip the transport's decoding; TextServiceCore checks the text itself.
  const textservice::TextServiceCore tools(DefaultConfig());
  v1::SearchKeyRequest request;
  request.set_text("abc\xED\xA0\x80");  // an encoded surrogate
  const absl::StatusOr<v1::SearchKeyResponse> response = tools.SearchKey(request);
  ASSERT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(response.status().message()),
              AllOf(HasSubstr("text"), HasSubstr("invalid UTF-8 at byte 3")));
}

}  // namespace
}  // namespace jisr
