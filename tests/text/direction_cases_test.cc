// The direction test set (tests/fixtures/direction/direction-cases.tsv):
// real-looking Arabic and English newsroom fields, each with the base
// direction a bilingual editor wants for its reader. Every case goes through
// Analyze with its variant's language, and every disagreement is reported at
// once, so the file measures a direction rule rather than stopping at the
// first case it gets wrong.

#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "gtest/gtest.h"
#include "services/text/analyze.h"
#include "services/text/bidi.h"
#include "services/text/direction.h"
#include "services/text/isolate.h"
#include "tests/text/fixtures.h"
#include "unicode/unistr.h"

namespace jisr::text {
namespace {

constexpr char kCasesFile[] = "direction/direction-cases.tsv";
constexpr size_t kMinimumCases = 200;
constexpr char kLri[] = "\xE2\x81\xA6";  // U+2066 LEFT-TO-RIGHT ISOLATE
constexpr char kRli[] = "\xE2\x81\xA7";  // U+2067 RIGHT-TO-LEFT ISOLATE
constexpr char kPdi[] = "\xE2\x81\xA9";  // U+2069 POP DIRECTIONAL ISOLATE

struct DirectionCase {
  int line = 0;  // 1-based, in the file
  std::string id;
  std::string language;
  std::string field;
  Direction expected = Direction::kLtr;
  std::string text;
  std::string note;
};

struct CaseFile {
  std::vector<DirectionCase> cases;
  std::vector<std::string> errors;  // "line N: what is wrong"
};

const std::set<std::string>& KnownFields() {
  static const auto* fields = new std::set<std::string>{
      "headline",       "standfirst", "caption", "credit",    "fact_box_value",
      "fact_box_label", "paragraph",  "quote",   "list_item", "byline"};
  return *fields;
}

// The reason a case line is malformed, or empty when it is well formed.
std::string CheckCaseColumns(const std::vector<std::string>& columns,
                             const std::set<std::string>& seen_ids) {
  if (columns.size() != 6) {
    return absl::StrCat(columns.size(), " tab-separated columns, want 6 ",
                        "(id, language, field, expected, text, note)");
  }
  if (columns[0].empty()) return "empty id";
  if (seen_ids.count(columns[0]) > 0) return absl::StrCat("id ", columns[0], " is used twice");
  if (columns[1] != "ar" && columns[1] != "en") {
    return absl::StrCat("language \"", columns[1], "\", want ar or en");
  }
  if (KnownFields().count(columns[2]) == 0) {
    return absl::StrCat("unknown field \"", columns[2], "\"");
  }
  if (columns[3] != "ltr" && columns[3] != "rtl") {
    return absl::StrCat("expected \"", columns[3], "\", want ltr or rtl");
  }
  if (columns[4].empty()) return "empty text";
  if (columns[5].empty()) return "empty note: say what the case exercises";
  return "";
}

CaseFile ParseCases(absl::string_view contents) {
  CaseFile file;
  std::set<std::string> ids;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(contents, '\n')) {
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    if (absl::StrContains(line, '\r')) {
      file.errors.push_back(absl::StrCat("line ", line_number, ": carriage return: save with LF"));
      continue;
    }
    const std::vector<std::string> columns = absl::StrSplit(line, '\t');
    const std::string error = CheckCaseColumns(columns, ids);
    if (!error.empty()) {
      file.errors.push_back(absl::StrCat("line ", line_number, ": ", error));
      continue;
    }
    ids.insert(columns[0]);
    file.cases.push_back({line_number, columns[0], columns[1], columns[2],
                          columns[3] == "rtl" ? Direction::kRtl : Direction::kLtr, columns[4],
                          columns[5]});
  }
  return file;
}

CaseFile ReadCases() {
  absl::StatusOr<std::string> contents = testing::ReadFixture(kCasesFile);
  if (!contents.ok()) return CaseFile{{}, {std::string(contents.status().message())}};
  return ParseCases(*contents);
}

// Stops the calling test unless the file is there and every line parses.
#define JISR_READ_CASES_OR_STOP(file)                      \
  const CaseFile file = ReadCases();                       \
  ASSERT_TRUE(file.errors.empty()) << file.errors.front(); \
  ASSERT_GE(file.cases.size(), kMinimumCases) << kCasesFile

std::string SourceName(DirectionSource source) {
  if (source == DirectionSource::kFirstStrongCharacter) return "first_strong_character";
  if (source == DirectionSource::kLanguageFallback) return "language_fallback";
  if (source == DirectionSource::kExplicit) return "explicit";
  return absl::StrCat("direction source ", static_cast<int>(source));
}

absl::StatusOr<FieldAnalysis> AnalyzeCase(const DirectionCase& c) {
  AnalyzeOptions options;
  options.language = c.language;
  options.allow_newlines = false;  // every field of the set is single-line
  return Analyze(c.text, options);
}

std::string Describe(const DirectionCase& c) {
  return absl::StrCat(c.id, " (line ", c.line, ", ", c.note, "): ", c.text);
}

TEST(DirectionCasesTest, FileIsWellFormed) {
  const CaseFile file = ReadCases();
  std::string errors;
  for (const std::string& error : file.errors) absl::StrAppend(&errors, "\n  ", error);
  EXPECT_TRUE(file.errors.empty()) << kCasesFile << " has malformed lines:" << errors;
  EXPECT_GE(file.cases.size(), kMinimumCases)
      << kCasesFile << " holds " << file.cases.size() << " cases";
}

TEST(DirectionCasesTest, MalformedLinesAreNamedByLineNumber) {
  const CaseFile file = ParseCases(
      "# comment\n"
      "ar-headline-001\tar\theadline\trtl\tiPhone 15 يصل إلى دبي\tlatin-start\n"
      "ar-headline-002\tar\theadline\trtl\tno note\n"
      "ar-headline-001\tar\theadline\trtl\tdup\tlatin-start\n"
      "en-credit-001\ten\tcredit\tLTR\tAFP\tplain\n"
      "en-credit-002\tfr\tcredit\tltr\tAFP\tplain\n"
      "en-credit-003\ten\tcaption\tltr\tAFP\tplain\r\n");
  ASSERT_EQ(file.cases.size(), 1u);
  EXPECT_EQ(file.cases[0].line, 2);
  EXPECT_EQ(file.cases[0].expected, Direction::kRtl);
  EXPECT_EQ(
      file.errors,
      (std::vector<std::string>{
          "line 3: 5 tab-separated columns, want 6 (id, language, field, expected, text, note)",
          "line 4: id ar-headline-001 is used twice", "line 5: expected \"LTR\", want ltr or rtl",
          "line 6: language \"fr\", want ar or en", "line 7: carriage return: save with LF"}));
}

TEST(DirectionCasesTest, EveryCaseGetsTheDirectionAnEditorExpects) {
  JISR_READ_CASES_OR_STOP(file);
  std::string mismatches;
  size_t agree = 0;
  for (const DirectionCase& c : file.cases) {
    absl::StatusOr<FieldAnalysis> analysis = AnalyzeCase(c);
    if (!analysis.ok()) {
      absl::StrAppend(&mismatches, "\n  ", Describe(c),
                      "\n    Analyze failed: ", analysis.status().ToString());
      continue;
    }
    if (analysis->base_direction == c.expected) {
      ++agree;
      continue;
    }
    absl::StrAppend(&mismatches, "\n  ", Describe(c), "\n    expected ", DirectionName(c.expected),
                    ", got ", DirectionName(analysis->base_direction), " (",
                    SourceName(analysis->direction_source), ")");
  }
  std::printf("direction cases: %zu cases, %zu agree, %zu disagree\n", file.cases.size(), agree,
              file.cases.size() - agree);
  EXPECT_EQ(agree, file.cases.size())
      << "cases whose direction is not what an editor expects:" << mismatches;
}

// The problems with a case's isolation spans and isolated text, given the
// analysis' own base direction; empty when they are consistent with it.
std::string IsolationProblems(const FieldAnalysis& analysis) {
  std::string problems;
  if (analysis.paragraphs.size() != 1) {
    absl::StrAppend(&problems, " ", analysis.paragraphs.size(), " paragraphs, want 1;");
    return problems;
  }
  if (analysis.paragraphs[0].direction != analysis.base_direction) {
    absl::StrAppend(&problems, " paragraph is ", DirectionName(analysis.paragraphs[0].direction),
                    " but the field is ", DirectionName(analysis.base_direction), ";");
  }
  const Direction opposite = OppositeDirection(analysis.base_direction);
  size_t position = 0;  // in isolated_text
  for (const IsolationSpan& span : analysis.isolation_spans) {
    const std::string content(analysis.text, span.range.utf8_start,
                              span.range.utf8_end - span.range.utf8_start);
    if (span.paragraph != 0 || span.direction != opposite) {
      absl::StrAppend(&problems, " span \"", content, "\" is ", DirectionName(span.direction),
                      " in paragraph ", span.paragraph, ", want ", DirectionName(opposite),
                      " in paragraph 0;");
      continue;
    }
    // The fixture has no bidi controls, so Analyze wraps every span itself.
    const std::string wrapped =
        absl::StrCat(opposite == Direction::kLtr ? kLri : kRli, content, kPdi);
    const size_t found = analysis.isolated_text.find(wrapped, position);
    if (found == std::string::npos) {
      absl::StrAppend(&problems, " isolated_text does not wrap \"", content, "\" in ",
                      opposite == Direction::kLtr ? "LRI" : "RLI", "...PDI;");
      continue;
    }
    position = found + wrapped.size();
  }
  return problems;
}

TEST(DirectionCasesTest, IsolationSpansRunAgainstTheReportedDirection) {
  JISR_READ_CASES_OR_STOP(file);
  std::string inconsistent;
  for (const DirectionCase& c : file.cases) {
    absl::StatusOr<FieldAnalysis> analysis = AnalyzeCase(c);
    ASSERT_TRUE(analysis.ok()) << Describe(c) << ": " << analysis.status();
    const std::string problems = IsolationProblems(*analysis);
    if (!problems.empty()) absl::StrAppend(&inconsistent, "\n  ", Describe(c), "\n   ", problems);
  }
  EXPECT_TRUE(inconsistent.empty())
      << "isolation spans inconsistent with the field's base direction:" << inconsistent;
}

// Why the direction rule changed: the UAX #9 first-strong rule (P2/P3), which
// Analyze used until issue 14, reads these Arabic fields as left to right
// because they begin with a Latin name.
TEST(DirectionCasesTest, FirstStrongRuleGetsTheIssueExamplesWrong) {
  JISR_READ_CASES_OR_STOP(file);
  const std::set<std::string> issue_examples = {"ar-headline-001", "ar-headline-002",
                                                "ar-headline-003", "ar-fact-box-value-001"};
  size_t examples_seen = 0;
  size_t first_strong_wrong = 0;
  for (const DirectionCase& c : file.cases) {
    const icu::UnicodeString text = icu::UnicodeString::fromUTF8(c.text);
    const absl::optional<Direction> first_strong =
        FirstStrongDirection(text.getBuffer(), text.length());
    const Direction language_direction = c.language == "ar" ? Direction::kRtl : Direction::kLtr;
    if (first_strong.value_or(language_direction) != c.expected) ++first_strong_wrong;
    if (issue_examples.count(c.id) == 0) continue;
    ++examples_seen;
    EXPECT_EQ(c.expected, Direction::kRtl) << Describe(c);
    EXPECT_EQ(first_strong, absl::optional<Direction>(Direction::kLtr)) << Describe(c);
  }
  EXPECT_EQ(examples_seen, issue_examples.size()) << "an issue example is missing from the file";
  std::printf("first-strong rule: wrong on %zu of %zu cases\n", first_strong_wrong,
              file.cases.size());
}

}  // namespace
}  // namespace jisr::text
