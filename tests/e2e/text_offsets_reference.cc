// The C++ reference for the cross-language offset tests (text_offsets_test.py and
// node/text_offsets_test.js): runs TextService's Analyze (TextServiceCore, the code jisrd serves)
// on a fixed set of texts with characters outside the BMP before the spans, and prints one JSON
// object per line:
//   {"name": ..., "request": AnalyzeTextRequest, "isolates": [the text of each isolate span],
//    "warnings": [the submitted text each warning covers], "response": AnalyzeTextResponse}
// The request and response are protobuf JSON. The clients send the request to a real jisrd,
// compare what they read with "response", and slice their own strings with the offsets in
// their own unit to get "isolates" and "warnings" back. This binary checks the same slices in
// UTF-8 first, and exits non-zero when one differs, so a wrong reference is never printed.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "services/config/newsroom_config.h"
#include "services/textservice/text_service_core.h"

namespace {

struct ReferenceCase {
  const char* name;
  const char* language;
  const char* text;
  // What each isolate span covers in the stored text, in order.
  std::vector<std::string> isolates;
  // What each warning covers in the submitted text, in order.
  std::vector<std::string> warnings;
};

// U+1F600 (an emoji) and U+1D538 (a mathematical letter) take two UTF-16 units and four UTF-8
// bytes: an offset computed in the wrong unit lands visibly wrong after them.
const std::vector<ReferenceCase>& Cases() {
  static const auto* const cases = new std::vector<ReferenceCase>{
      {"arabic_credit_figure_name_url",
       "ar",
       "😀 أعلنت وكالة AFP أن 150 شخصاً التقوا John Smith في دبي، والتفاصيل على "
       "https://example.com/x",
       {"AFP", "150", "John Smith", "https://example.com/x"},
       {}},
      {"arabic_math_letter_and_numbers",
       "ar",
       "قال 𝔸 إن 😀 المؤشر ارتفع إلى 2,018.5 نقطة بعد -5 أمس",
       {"𝔸", "2,018.5", "-5"},
       {}},
      {"english_with_arabic_name",
       "en",
       "😀 The minister met محمد بن راشد in Dubai 𝔸 on Monday.",
       {"محمد بن راشد"},
       {}},
      {"two_paragraphs_email_and_arabic_url",
       "ar",
       "😀 اكتبوا 𝔸 إلى news@example.com اليوم\n😀 التفاصيل على www.example.org/نتائج 😀",
       {"𝔸", "news@example.com", "www.example.org/نتائج"},
       {}},
      {"trojan_source_override",
       "en",
       "😀 Photo: \u202E𝔸sretueR\u202C AFP",
       {},
       {"\u202E", "\u202C"}},
  };
  return *cases;
}

std::string JsonString(const std::string& text) {
  google::protobuf::Value value;
  value.set_string_value(text);
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(value, &json);
  return json;
}

std::string JsonStrings(const std::vector<std::string>& texts) {
  std::vector<std::string> parts;
  for (const std::string& text : texts) parts.push_back(JsonString(text));
  return absl::StrCat("[", absl::StrJoin(parts, ","), "]");
}

std::string Slice(const std::string& text, const jisr::v1::TextRange& range) {
  return text.substr(range.utf8_start(), range.utf8_end() - range.utf8_start());
}

// Empty when the UTF-8 slices give what the case expects, else what differs.
std::string CheckSlices(const ReferenceCase& c, const jisr::v1::AnalyzeTextResponse& response) {
  std::vector<std::string> isolates;
  for (const auto& span : response.analysis().isolates()) {
    isolates.push_back(Slice(response.text(), span.range()));
  }
  std::vector<std::string> warnings;
  for (const auto& warning : response.warnings()) {
    warnings.push_back(Slice(c.text, warning.range()));
  }
  if (isolates != c.isolates) {
    return absl::StrCat("isolate spans cover [", absl::StrJoin(isolates, "|"), "], expected [",
                        absl::StrJoin(c.isolates, "|"), "]");
  }
  if (warnings != c.warnings) {
    return absl::StrCat("warnings cover ", JsonStrings(warnings), ", expected ",
                        JsonStrings(c.warnings));
  }
  return "";
}

}  // namespace

int main() {
  absl::StatusOr<jisr::config::NewsroomConfig> config =
      jisr::config::ParseLanguages("en,ar", "Asia/Dubai");
  if (!config.ok()) {
    std::fprintf(stderr, "text_offsets_reference: %s\n", config.status().ToString().c_str());
    return 1;
  }
  const jisr::textservice::TextServiceCore tools(*std::move(config));
  int failures = 0;
  for (const ReferenceCase& c : Cases()) {
    jisr::v1::AnalyzeTextRequest request;
    request.set_text(c.text);
    request.set_language(c.language);
    absl::StatusOr<jisr::v1::AnalyzeTextResponse> response = tools.Analyze(request);
    if (!response.ok()) {
      std::fprintf(stderr, "text_offsets_reference: %s: %s\n", c.name,
                   response.status().ToString().c_str());
      ++failures;
      continue;
    }
    const std::string problem = CheckSlices(c, *response);
    if (!problem.empty()) {
      std::fprintf(stderr, "text_offsets_reference: %s: %s\n", c.name, problem.c_str());
      ++failures;
      continue;
    }
    std::string request_json;
    std::string response_json;
    if (!google::protobuf::util::MessageToJsonString(request, &request_json).ok() ||
        !google::protobuf::util::MessageToJsonString(*response, &response_json).ok()) {
      std::fprintf(stderr, "text_offsets_reference: %s: cannot print JSON\n", c.name);
      ++failures;
      continue;
    }
    std::printf("{\"name\":%s,\"request\":%s,\"isolates\":%s,\"warnings\":%s,\"response\":%s}\n",
                JsonString(c.name).c_str(), request_json.c_str(), JsonStrings(c.isolates).c_str(),
                JsonStrings(c.warnings).c_str(), response_json.c_str());
  }
  return failures == 0 ? 0 : 1;
}
