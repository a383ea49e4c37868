// TextServiceCore's response limit, without gRPC: a response over it stops being built as soon as
// it passes it (counted in fields and bytes converted, and in the heap the call holds at its peak),
// and a response within it is byte for byte what it was before there was a limit.
#include <malloc.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/errors.h"
#include "services/config/newsroom_config.h"
#include "services/text/analyze.h"
#include "services/text/isolate.h"
#include "services/text/normalize.h"
#include "services/text/visual.h"
#include "services/textproto/text_messages.h"
#include "services/textservice/response_budget.h"
#include "services/textservice/text_service_core.h"
#include "tests/text/test_support.h"

// Every byte this program allocates through operator new, live and at its peak, to measure what
// a call holds (protobuf messages and the analysis' vectors; ICU's own buffers are malloc'ed and
// not counted).
namespace {
std::atomic<int64_t> heap_live{0};
std::atomic<int64_t> heap_peak{0};

void* Counted(void* p) {
  if (p == nullptr) throw std::bad_alloc();
  const int64_t now = heap_live += static_cast<int64_t>(malloc_usable_size(p));
  int64_t peak = heap_peak.load();
  while (now > peak && !heap_peak.compare_exchange_weak(peak, now)) {
  }
  return p;
}

void Uncounted(void* p) {
  if (p == nullptr) return;
  heap_live -= static_cast<int64_t>(malloc_usable_size(p));
  std::free(p);
}
}  // namespace

void* operator new(size_t n) { return Counted(std::malloc(n == 0 ? 1 : n)); }
void* operator new[](size_t n) { return Counted(std::malloc(n == 0 ? 1 : n)); }
void operator delete(void* p) noexcept { Uncounted(p); }
void operator delete[](void* p) noexcept { Uncounted(p); }
void operator delete(void* p, size_t) noexcept { Uncounted(p); }
void operator delete[](void* p, size_t) noexcept { Uncounted(p); }

namespace jisr {
namespace {

using ::testing::AllOf;
using ::testing::Gt;
using ::testing::HasSubstr;
using ::testing::Lt;
using textservice::ResponseBudget;
using textservice::TextServiceCore;
namespace v1 = ::jisr::v1;

constexpr int64_t kLimit = 8 << 20;

// The heap a call holds at its peak, beyond what was live before it.
class HeapPeak {
 public:
  HeapPeak() : before_(heap_live.load()) { heap_peak.store(before_); }
  int64_t bytes() const { return heap_peak.load() - before_; }

 private:
  const int64_t before_;
};

TextServiceCore Core() {
  absl::StatusOr<config::NewsroomConfig> config = config::ParseLanguages("en,ar", "Asia/Dubai");
  EXPECT_TRUE(config.ok()) << config.status();
  return TextServiceCore(config.ok() ? *std::move(config) : config::NewsroomConfig{});
}

// Up to `bytes` of one-letter Arabic and Latin words alternating: every Latin word is a span to
// isolate and two bidi runs, about 20 bytes of response for each 5 bytes of text.
std::string DenseMixedText(size_t bytes) {
  std::string text;
  while (text.size() + 5 <= bytes) text += "ب a ";
  return text;
}

v1::AnalyzeTextRequest AnalyzeRequest(const std::string& text, const std::string& language) {
  v1::AnalyzeTextRequest request;
  request.set_text(text);
  request.set_language(language);
  request.set_excerpt_max_chars(60);
  return request;
}

void ExpectTooLarge(const absl::Status& status) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_EQ(ErrorReason(status), "RESPONSE_TOO_LARGE") << status;
  const std::vector<FieldViolation> fields = FieldViolationsOf(status);
  ASSERT_EQ(fields.size(), 1u) << status;
  EXPECT_EQ(fields[0].field, "text");
  EXPECT_THAT(std::string(status.message()), HasSubstr("send less text per call"));
}

// What Analyze answered before it had a limit: textproto's ToFieldText over text::Analyze.
v1::AnalyzeTextResponse AnalyzeAsBefore(const v1::AnalyzeTextRequest& request) {
  text::AnalyzeOptions options;
  options.language = request.language();
  options.allow_newlines = !request.single_line();
  options.excerpt_max_chars = request.excerpt_max_chars();
  absl::StatusOr<text::FieldAnalysis> analysis = text::Analyze(request.text(), options);
  EXPECT_TRUE(analysis.ok()) << analysis.status();
  v1::AnalyzeTextResponse response;
  if (!analysis.ok()) return response;
  response.set_text(analysis->text);
  for (const text::TextWarning& warning : analysis->warnings) {
    *response.add_warnings() = textproto::ToProto(warning, "text");
  }
  *response.mutable_analysis() = textproto::ToFieldText(*analysis, "");
  response.set_reading_time_seconds(analysis->reading_time_seconds);
  response.set_excerpt(analysis->excerpt);
  response.set_letters_in_language_script(analysis->script.expected_script_letters);
  response.set_letters_in_other_scripts(analysis->script.counts.total() -
                                        analysis->script.expected_script_letters);
  return response;
}

std::string Wire(const google::protobuf::MessageLite& message) {
  std::string bytes;
  EXPECT_TRUE(message.SerializeToString(&bytes));
  return bytes;
}

TEST(TextServiceBudgetTest, BuildingStopsOnceTheResponsePassesTheLimit) {
  const TextServiceCore core = Core();
  const v1::AnalyzeTextRequest request = AnalyzeRequest(DenseMixedText(1 << 20), "ar");

  int64_t analysis_peak = 0;
  {
    const HeapPeak peak;
    text::AnalyzeOptions options;
    options.language = "ar";
    ASSERT_TRUE(text::Analyze(request.text(), options).ok());
    analysis_peak = peak.bytes();
  }
  ResponseBudget unlimited;
  int64_t full_bytes = 0;
  int64_t full_peak = 0;
  {
    const HeapPeak peak;
    absl::StatusOr<v1::AnalyzeTextResponse> full = core.Analyze(request, &unlimited);
    ASSERT_TRUE(full.ok()) << full.status();
    full_bytes = static_cast<int64_t>(full->ByteSizeLong());
    full_peak = peak.bytes();
  }
  // The premise: a megabyte of such text analyses to well over twice the limit.
  ASSERT_GT(full_bytes, 2 * kLimit);

  ResponseBudget budget(kLimit);
  const HeapPeak peak;
  ExpectTooLarge(core.Analyze(request, &budget).status());
  const int64_t limited_peak = peak.bytes();
  // It stopped at the first field past the limit: one run or span (some tens of bytes) beyond it.
  EXPECT_THAT(budget.counted_bytes(), AllOf(Gt(kLimit), Lt(kLimit + 64)));
  EXPECT_LT(budget.counted_fields(), unlimited.counted_fields() / 2);
  // What building the response adds to the call's peak, over what the analysis itself takes (over
  // 30 MB here, in services/text): a fraction of what the whole response adds (some 55 MB of
  // messages for 24 MB on the wire).
  EXPECT_LT(limited_peak - analysis_peak, (full_peak - analysis_peak) / 4);
  std::cout << "analysis of " << request.text().size() << " bytes: full response " << full_bytes
            << " bytes in " << unlimited.counted_fields() << " fields, heap peak " << full_peak
            << "; limited to " << kLimit << ": stopped after " << budget.counted_bytes()
            << " bytes in " << budget.counted_fields() << " fields, heap peak " << limited_peak
            << "; the analysis alone " << analysis_peak << "\n";
}

TEST(TextServiceBudgetTest, WithinTheLimitAnalyzeIsByteForByteWhatItWas) {
  const TextServiceCore core = Core();
  std::vector<v1::AnalyzeTextRequest> requests;
  for (const std::string& paragraph : text::testing::UdhrParagraphs("arb")) {
    requests.push_back(AnalyzeRequest(paragraph, "ar"));
  }
  for (const std::string& paragraph : text::testing::UdhrParagraphs("eng")) {
    requests.push_back(AnalyzeRequest(paragraph, "en"));
  }
  requests.push_back(AnalyzeRequest(absl::StrJoin(text::testing::SeedArticleLines(), "\n"), "en"));
  // Normalization warnings, an override removed, paragraphs, URLs and numbers to isolate.
  requests.push_back(AnalyzeRequest(
      "😀 /*\u202E } أعلنت AFP\r\nأن 150 على https://example.com/x Cafe\xCC\x81 \u2066", "ar"));
  requests.push_back(AnalyzeRequest(DenseMixedText(256 << 10), "ar"));
  for (const v1::AnalyzeTextRequest& request : requests) {
    const std::string before = Wire(AnalyzeAsBefore(request));
    ResponseBudget budget(kLimit);
    absl::StatusOr<v1::AnalyzeTextResponse> limited = core.Analyze(request, &budget);
    ASSERT_TRUE(limited.ok()) << limited.status();
    EXPECT_EQ(Wire(*limited), before) << request.text().substr(0, 200);
    absl::StatusOr<v1::AnalyzeTextResponse> unlimited = core.Analyze(request);
    ASSERT_TRUE(unlimited.ok()) << unlimited.status();
    EXPECT_EQ(Wire(*unlimited), before);
    // What was counted while building never exceeds the real size: a response is refused only
    // when it is too large.
    EXPECT_LE(budget.counted_bytes(), static_cast<int64_t>(before.size()));
  }
}

TEST(TextServiceBudgetTest, TheLimitIsTheExactSize) {
  const TextServiceCore core = Core();
  const v1::AnalyzeTextRequest request = AnalyzeRequest(DenseMixedText(64 << 10), "ar");
  const int64_t size = static_cast<int64_t>(Wire(AnalyzeAsBefore(request)).size());
  ResponseBudget exact(size);
  EXPECT_TRUE(core.Analyze(request, &exact).ok());
  ResponseBudget one_less(size - 1);
  const absl::Status refused = core.Analyze(request, &one_less).status();
  ExpectTooLarge(refused);
  // Counting stopped short of the end, or the finished response was measured: either way the
  // message says how far it is over.
  EXPECT_THAT(std::string(refused.message()), HasSubstr(absl::StrCat(size - 1)));
}

// What Isolate, Normalize and VisualOrder answered before they had a limit.
v1::IsolateTextResponse IsolateAsBefore(const std::string& text, const std::string& language) {
  absl::StatusOr<text::IsolatedText> isolated = text::Isolate(text, language);
  EXPECT_TRUE(isolated.ok()) << isolated.status();
  v1::IsolateTextResponse response;
  if (!isolated.ok()) return response;
  response.set_text(isolated->text);
  response.set_base_direction(textproto::ToProto(isolated->base_direction));
  for (const text::IsolationSpan& span : isolated->spans) {
    *response.add_isolates() = textproto::ToProto(span);
  }
  response.set_isolated_text(isolated->isolated_text);
  for (const text::TextWarning& warning : isolated->warnings) {
    *response.add_warnings() = textproto::ToProto(warning, "text");
  }
  return response;
}

v1::NormalizeTextResponse NormalizeAsBefore(const std::string& text) {
  absl::StatusOr<text::NormalizedText> normalized = text::NormalizeForStorage(text, {});
  EXPECT_TRUE(normalized.ok()) << normalized.status();
  v1::NormalizeTextResponse response;
  if (!normalized.ok()) return response;
  response.set_text(normalized->text);
  for (const text::TextWarning& warning : normalized->warnings) {
    *response.add_warnings() = textproto::ToProto(warning, "text");
  }
  return response;
}

v1::VisualOrderResponse VisualOrderAsBefore(const std::string& text, int32_t max_line_chars) {
  text::VisualOrderOptions options;
  options.language = "ar";
  options.max_line_chars = max_line_chars;
  absl::StatusOr<std::vector<std::string>> lines = text::VisualOrder(text, options);
  EXPECT_TRUE(lines.ok()) << lines.status();
  v1::VisualOrderResponse response;
  if (lines.ok()) {
    for (const std::string& line : *lines) response.add_lines(line);
  }
  return response;
}

TEST(TextServiceBudgetTest, WithinTheLimitTheOtherMethodsAreByteForByteWhatTheyWere) {
  const TextServiceCore core = Core();
  const std::vector<std::string> texts = {
      text::testing::UdhrParagraphs("arb")[9],
      "😀 /*\u202E } أعلنت AFP\nأن 150 على https://example.com/x Cafe\xCC\x81 \u2066",
      "\u202B\u202B\u202B ب a \u200F\u200E", DenseMixedText(64 << 10)};
  for (const std::string& text : texts) {
    ResponseBudget isolate_budget(kLimit);
    v1::IsolateTextRequest isolate;
    isolate.set_text(text);
    isolate.set_language("ar");
    absl::StatusOr<v1::IsolateTextResponse> isolated = core.Isolate(isolate, &isolate_budget);
    ASSERT_TRUE(isolated.ok()) << isolated.status();
    EXPECT_EQ(Wire(*isolated), Wire(IsolateAsBefore(text, "ar")));

    ResponseBudget normalize_budget(kLimit);
    v1::NormalizeTextRequest normalize;
    normalize.set_text(text);
    absl::StatusOr<v1::NormalizeTextResponse> normalized =
        core.Normalize(normalize, &normalize_budget);
    ASSERT_TRUE(normalized.ok()) << normalized.status();
    EXPECT_EQ(Wire(*normalized), Wire(NormalizeAsBefore(text)));

    ResponseBudget visual_budget(kLimit);
    v1::VisualOrderRequest visual;
    visual.set_text(text);
    visual.set_language("ar");
    visual.set_max_line_chars(40);
    absl::StatusOr<v1::VisualOrderResponse> ordered = core.VisualOrder(visual, &visual_budget);
    ASSERT_TRUE(ordered.ok()) << ordered.status();
    EXPECT_EQ(Wire(*ordered), Wire(VisualOrderAsBefore(text, 40)));
  }
}

TEST(TextServiceBudgetTest, EveryMethodWithTextStopsAtTheLimit) {
  const TextServiceCore core = Core();
  // Bidi controls: each one removed is a warning of some hundred bytes, for three of text.
  std::string controls;
  while (controls.size() < (40 << 10)) controls += "ب\u202E";
  constexpr int64_t kSmall = 64 << 10;
  ResponseBudget normalize_budget(kSmall);
  v1::NormalizeTextRequest normalize;
  normalize.set_text(controls);
  ExpectTooLarge(core.Normalize(normalize, &normalize_budget).status());
  // The text fits; the warnings stopped one past the limit.
  EXPECT_THAT(normalize_budget.counted_bytes(), AllOf(Gt(kSmall), Lt(kSmall + 1024)));

  const std::string dense = DenseMixedText(256 << 10);
  ResponseBudget isolate_budget(kSmall);
  v1::IsolateTextRequest isolate;
  isolate.set_text(dense);
  isolate.set_language("ar");
  ExpectTooLarge(core.Isolate(isolate, &isolate_budget).status());
  // The text and the isolated text alone are over the limit: nothing else was built.
  EXPECT_LE(isolate_budget.counted_fields(), 2);

  // One character per line: a line for every three bytes of text.
  ResponseBudget visual_budget(3 * dense.size() / 4);
  v1::VisualOrderRequest visual;
  visual.set_text(dense);
  visual.set_language("ar");
  visual.set_max_line_chars(1);
  ExpectTooLarge(core.VisualOrder(visual, &visual_budget).status());

  ResponseBudget slug_budget(16);
  v1::SlugifyRequest slug;
  slug.set_text(dense.substr(0, 4000));
  slug.set_language("ar");
  ExpectTooLarge(core.Slugify(slug, &slug_budget).status());

  ResponseBudget key_budget(16);
  v1::SearchKeyRequest key;
  key.set_text(dense.substr(0, 4000));
  ExpectTooLarge(core.SearchKey(key, &key_budget).status());
}

}  // namespace
}  // namespace jisr
