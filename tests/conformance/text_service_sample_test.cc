// A sample of Unicode 15.0 BidiCharacterTest.txt through jisr.v1.TextService on a loopback
// gRPC server: what a client is served must match UAX #9 as well as the library does
// (conformance_bidi_character_test runs the whole file through the library).
//
// The sample: every 97th case (an odd stride, because the file alternates LTR and RTL
// paragraphs and an even one would test only one of them) plus every auto-direction case (28
// in all, the only ones where the paragraph level is resolved rather than given). Cases in
// bidi_character_known_deviations.txt (ICU's 30 known deviations) are skipped.
//
// Per case, with the text sent as UTF-8:
//  - Analyze, with language "ar" for an RTL case and "en" otherwise (the language decides a
//    paragraph with no strong character) and DIRECTION_RULE_FIRST_STRONG, UAX #9's own rule. Its
//    first paragraph's direction must be the resolved paragraph level of an auto case. Where it
//    equals the case's paragraph level, the levels of its bidi runs, per code point, must be the
//    expected levels (characters the file marks 'x' skipped, ICU's unidirectional shortcut accepted
//    as in bidi_check.h). Where a forced direction differs from the first strong character's,
//    Analyze (which cannot be forced) resolves another paragraph, so only the visual order is
//    checked.
//  - VisualOrder with the case's direction forced (auto: left unspecified, with the
//    first-strong rule) and no line
//    wrapping: its one line must be the expected visual order, written as ICU's
//    ubidi_writeReordered writes it (the service's documented output): characters of odd level
//    mirrored, bidi controls removed, combining marks kept after their base in right-to-left
//    runs; characters of bidi class BN (the file's 'x', which have no place in its order) are
//    left out of both lines.
// Text the storage normalization changes (explicit embeddings and overrides are repaired, NFC)
// is not the text the expected values describe: such cases are counted, with the warnings the
// service gave, and not compared.
//
// Prints "BidiCharacterTest via TextService: N passed, M known deviations skipped, K changed by
// the storage normalization, F failed" and exits non-zero when F > 0.

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "jisr/v1/text_service.grpc.pb.h"
#include "services/api/text_service.h"
#include "services/config/newsroom_config.h"
#include "services/textservice/text_service_core.h"
#include "tests/conformance/bidi_character_data.h"
#include "tests/conformance/bidi_check.h"
#include "unicode/uchar.h"
#include "unicode/utf8.h"

namespace jisr::text::conformance {
namespace {

namespace v1 = ::jisr::v1;

constexpr int64_t kSampleStride = 97;
// About 91,700 / 97 sampled cases plus the auto ones; fewer means the file was not read.
constexpr int64_t kMinimumComparedCases = 800;

std::string Utf8(const std::vector<uint32_t>& code_points) {
  std::string out;
  for (const uint32_t c : code_points) {
    char bytes[4];
    int32_t length = 0;
    U8_APPEND_UNSAFE(bytes, length, static_cast<UChar32>(c));
    out.append(bytes, length);
  }
  return out;
}

std::vector<UChar32> CodePointsOf(const std::string& utf8) {
  std::vector<UChar32> out;
  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t length = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    out.push_back(c);
  }
  return out;
}

// The characters ubidi_writeReordered drops with UBIDI_REMOVE_BIDI_CONTROLS (ICU's
// IS_BIDI_CONTROL_CHAR): ZWNJ, ZWJ, LRM, RLM, LRE..RLO, LRI..PDI.
bool IsIcuBidiControl(UChar32 c) {
  return (c & ~0x3) == 0x200C || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

// ICU's IS_COMBINING: what UBIDI_KEEP_BASE_COMBINING keeps after its base.
bool IsCombining(UChar32 c) {
  const int8_t type = u_charType(c);
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK;
}

// True when every character logically between `a` and `b` is one the file marks 'x'.
bool OnlyRemovedBetween(const std::vector<int>& levels, int a, int b) {
  for (int i = std::min(a, b) + 1; i < std::max(a, b); ++i) {
    if (levels[i] != kRemovedLevel) return false;
  }
  return true;
}

// The expected visual line as ubidi_writeReordered(DO_MIRRORING | REMOVE_BIDI_CONTROLS |
// KEEP_BASE_COMBINING) writes it, from the file's levels and order.
std::vector<UChar32> ExpectedVisualLine(const BidiCharacterCase& c) {
  const std::vector<int>& order = c.expected.order;
  const std::vector<int>& levels = c.expected.levels;
  std::vector<UChar32> line;
  size_t v = 0;
  while (v < order.size()) {
    // A run: visually adjacent characters of one level, logically adjacent (but for 'x'
    // characters) in the direction the level gives: ascending when even, descending when odd.
    const int level = levels[order[v]];
    const bool odd = (level & 1) != 0;
    size_t end = v + 1;
    while (end < order.size() && levels[order[end]] == level &&
           (odd ? order[end] < order[end - 1] : order[end] > order[end - 1]) &&
           OnlyRemovedBetween(levels, order[end - 1], order[end])) {
      ++end;
    }
    if (!odd) {
      for (size_t i = v; i < end; ++i) {
        const UChar32 ch = static_cast<UChar32>(c.code_points[order[i]]);
        if (!IsIcuBidiControl(ch)) line.push_back(ch);
      }
    } else {
      // The run in logical order, with the 'x' characters inside it (ICU reorders them too,
      // and a removed control takes the combining marks after it along), then written from
      // its end: each base character with the combining marks after it, the base mirrored.
      std::vector<UChar32> logical;
      for (int i = order[end - 1]; i <= order[v]; ++i) {
        logical.push_back(static_cast<UChar32>(c.code_points[i]));
      }
      size_t limit = logical.size();
      while (limit > 0) {
        size_t base = limit - 1;
        while (base > 0 && IsCombining(logical[base])) --base;
        if (!IsIcuBidiControl(logical[base])) {
          line.push_back(u_charMirror(logical[base]));
          for (size_t i = base + 1; i < limit; ++i) line.push_back(logical[i]);
        }
        limit = base;
      }
    }
    v = end;
  }
  return line;
}

std::vector<UChar32> WithoutBoundaryNeutrals(const std::vector<UChar32>& line) {
  std::vector<UChar32> out;
  for (const UChar32 ch : line) {
    if (u_charDirection(ch) != U_BOUNDARY_NEUTRAL) out.push_back(ch);
  }
  return out;
}

std::string Hex(const std::vector<UChar32>& code_points) {
  std::vector<uint32_t> values(code_points.begin(), code_points.end());
  return CodePointsText(values);
}

struct Tally {
  int64_t passed = 0;
  int64_t known = 0;
  int64_t normalized = 0;
  int64_t failed = 0;
  int64_t levels_checked = 0;
  int64_t shortcut = 0;
  int64_t orders_checked = 0;
  std::map<std::string, int64_t> normalization_warnings;
};

class SampleRunner {
 public:
  explicit SampleRunner(v1::TextService::Stub* stub) : stub_(stub) {}

  // Checks one case; returns "" when it passes, else why not. Sets *normalized when the
  // service changed the text, which makes the case not comparable.
  std::string Check(const BidiCharacterCase& c, bool* normalized, Tally& tally) {
    const std::string text = Utf8(c.code_points);
    const std::string language = c.direction == 1 ? "ar" : "en";

    v1::AnalyzeTextRequest analyze;
    analyze.set_text(text);
    analyze.set_language(language);
    // UAX #9 resolves an auto paragraph by its first strong character.
    analyze.set_direction_rule(v1::DIRECTION_RULE_FIRST_STRONG);
    v1::AnalyzeTextResponse analyzed;
    grpc::Status status = stub_->Analyze(Context().get(), analyze, &analyzed);
    if (!status.ok()) return absl::StrCat("Analyze failed: ", status.error_message());
    if (analyzed.text() != text) {
      *normalized = true;
      for (const v1::TextWarning& warning : analyzed.warnings()) {
        if (warning.code() != "WRONG_SCRIPT") ++tally.normalization_warnings[warning.code()];
      }
      return "";
    }
    if (analyzed.analysis().paragraphs_size() != 1) {
      return absl::StrCat("Analyze gave ", analyzed.analysis().paragraphs_size(),
                          " paragraphs, expected 1");
    }
    const v1::BidiParagraph& paragraph = analyzed.analysis().paragraphs(0);
    const int resolved = paragraph.direction() == v1::TEXT_DIRECTION_RIGHT_TO_LEFT ? 1 : 0;
    if (c.direction == 2 && resolved != c.paragraph_level) {
      return absl::StrCat("Analyze resolved paragraph level ", resolved, ", expected ",
                          c.paragraph_level);
    }
    if (resolved == c.paragraph_level) {
      std::vector<int> levels(c.code_points.size(), -2);
      for (const v1::BidiRun& run : paragraph.runs()) {
        for (int i = run.range().start(); i < run.range().end(); ++i) {
          if (i >= 0 && static_cast<size_t>(i) < levels.size()) levels[i] = run.level();
        }
      }
      std::string failure;
      const BidiVerdict verdict = CheckLevels(levels, c.expected, &failure);
      if (verdict == BidiVerdict::kFail) return absl::StrCat("Analyze runs: ", failure);
      ++tally.levels_checked;
      if (verdict == BidiVerdict::kPassUnidirectionalShortcut) ++tally.shortcut;
    }

    v1::VisualOrderRequest visual;
    visual.set_text(text);
    visual.set_language(language);
    visual.set_direction_rule(v1::DIRECTION_RULE_FIRST_STRONG);
    if (c.direction == 0) visual.set_direction(v1::TEXT_DIRECTION_LEFT_TO_RIGHT);
    if (c.direction == 1) visual.set_direction(v1::TEXT_DIRECTION_RIGHT_TO_LEFT);
    v1::VisualOrderResponse ordered;
    status = stub_->VisualOrder(Context().get(), visual, &ordered);
    if (!status.ok()) return absl::StrCat("VisualOrder failed: ", status.error_message());
    if (ordered.lines_size() != 1) {
      return absl::StrCat("VisualOrder gave ", ordered.lines_size(), " lines, expected 1");
    }
    // Characters of class BN ('x' in the file, no place in its order) are left out of both.
    const std::vector<UChar32> served = WithoutBoundaryNeutrals(CodePointsOf(ordered.lines(0)));
    const std::vector<UChar32> expected = WithoutBoundaryNeutrals(ExpectedVisualLine(c));
    if (served != expected) {
      return absl::StrCat("VisualOrder drew ", Hex(served), ", expected ", Hex(expected));
    }
    ++tally.orders_checked;
    return "";
  }

 private:
  static std::unique_ptr<grpc::ClientContext> Context() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return context;
  }

  v1::TextService::Stub* stub_;
};

int Run(const std::string& test_path, const std::string& deviations_path) {
  absl::flat_hash_map<int64_t, std::string> deviations;
  std::string error;
  if (!LoadKnownDeviations(deviations_path, &deviations, &error)) {
    std::cerr << error << "\n";
    return 2;
  }
  BidiCharacterTestFile file(test_path);
  if (!file.is_open()) {
    std::cerr << "cannot open " << test_path
              << ": install Debian's unicode-data package (deploy/local/install-deps --test)\n";
    return 2;
  }

  absl::StatusOr<config::NewsroomConfig> config = config::ParseLanguages("en,ar", "Asia/Dubai");
  if (!config.ok()) {
    std::cerr << config.status() << "\n";
    return 2;
  }
  // Anonymous callers read, as on jisrd's loopback listener.
  api::Authorizer authorizer({/*anonymous_is_reader=*/true}, nullptr, nullptr);
  api::TextService service{textservice::TextServiceCore(*std::move(config)), &authorizer};
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::cerr << "cannot start a gRPC server on 127.0.0.1\n";
    return 2;
  }
  auto stub = v1::TextService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  SampleRunner runner(stub.get());

  Tally tally;
  BidiCharacterCase test_case;
  int64_t index = 0;
  while (file.Next(&test_case, &error)) {
    const bool sampled = index++ % kSampleStride == 0 || test_case.direction == 2;
    if (!sampled) continue;
    if (deviations.contains(test_case.line_number)) {
      ++tally.known;
      continue;
    }
    bool normalized = false;
    const std::string failure = runner.Check(test_case, &normalized, tally);
    if (!failure.empty()) {
      ++tally.failed;
      std::cout << "FAIL line " << test_case.line_number << ": "
                << CodePointsText(test_case.code_points) << " ; " << test_case.direction << ": "
                << failure << "\n";
    } else if (normalized) {
      ++tally.normalized;
    } else {
      ++tally.passed;
    }
  }
  server->Shutdown();
  if (!error.empty()) {
    std::cerr << error << "\n";
    return 2;
  }

  std::vector<std::string> warnings;
  for (const auto& [code, count] : tally.normalization_warnings) {
    warnings.push_back(absl::StrCat(code, " ", count));
  }
  std::cout << "BidiCharacterTest via TextService: levels checked through Analyze in "
            << tally.levels_checked << " cases (" << tally.shortcut
            << " through ICU's unidirectional shortcut), visual order through VisualOrder in "
            << tally.orders_checked << "\n";
  std::cout << "BidiCharacterTest via TextService: the storage normalization changed "
            << tally.normalized << " sampled texts (warnings: " << absl::StrJoin(warnings, ", ")
            << "); they are not the text the expected values describe\n";
  std::cout << "BidiCharacterTest via TextService: " << tally.passed << " passed, " << tally.known
            << " known deviations skipped, " << tally.normalized
            << " changed by the storage normalization, " << tally.failed << " failed" << std::endl;
  if (tally.passed < kMinimumComparedCases) {
    std::cout << "FAIL: only " << tally.passed << " cases compared, expected at least "
              << kMinimumComparedCases << "\n";
    return 1;
  }
  return tally.failed == 0 ? 0 : 1;
}

}  // namespace
}  // namespace jisr::text::conformance

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: " << argv[0] << " BidiCharacterTest.txt known_deviations.txt\n";
    return 2;
  }
  return jisr::text::conformance::Run(argv[1], argv[2]);
}
