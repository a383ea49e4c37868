// Unicode 15.0 NormalizationTest.txt through jisr_text's normalizer.
//
// Every test line (c1;c2;c3;c4;c5) is checked against all four forms through
// NormalizeUnicode (the segment-wise code NormalizeForStorage uses for NFC):
//   NFC:  c2 == NFC(c1) == NFC(c2) == NFC(c3);  c4 == NFC(c4) == NFC(c5)
//   NFD:  c3 == NFD(c1) == NFD(c2) == NFD(c3);  c5 == NFD(c4) == NFD(c5)
//   NFKC: c4 == NFKC(c1) == ... == NFKC(c5)
//   NFKD: c5 == NFKD(c1) == ... == NFKD(c5)
// and every code point not listed in Part 1 must be left unchanged by all
// four forms. As a check of the storage path itself, NormalizeForStorage(c1)
// must equal c2 for every line whose c1 has none of the characters the
// storage policy changes on purpose (controls, bidi controls, U+FEFF, Arabic
// presentation forms).
// Prints "NormalizationTest: N passed, M failed" (N = test lines).

#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "services/text/normalize.h"
#include "unicode/utf8.h"

namespace jisr::text::conformance {
namespace {

struct Columns {
  std::string c[5];
};

bool ParseColumn(absl::string_view field, std::string* utf8, std::vector<uint32_t>* code_points) {
  for (absl::string_view token : absl::StrSplit(field, ' ', absl::SkipWhitespace())) {
    uint32_t c = 0;
    if (!absl::SimpleHexAtoi(token, &c) || c > 0x10FFFF) return false;
    char bytes[4];
    int32_t length = 0;
    U8_APPEND_UNSAFE(bytes, length, c);
    utf8->append(bytes, length);
    if (code_points != nullptr) code_points->push_back(c);
  }
  return true;
}

bool ChangedOnPurposeByStorage(const std::vector<uint32_t>& code_points) {
  for (uint32_t c : code_points) {
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029 ||
        (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
        (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF)) {
      return true;
    }
  }
  return false;
}

std::string Form(absl::string_view input, NormalizationForm form) {
  absl::StatusOr<std::string> result = NormalizeUnicode(input, form);
  return result.ok() ? *result : "<error: " + result.status().ToString() + ">";
}

// Returns the first violated invariant, or empty.
std::string Check(const Columns& col) {
  const auto& c = col.c;
  struct Rule {
    int want;
    NormalizationForm form;
    std::vector<int> inputs;
    const char* name;
  };
  static const Rule kRules[] = {
      {1, NormalizationForm::kNfc, {0, 1, 2}, "NFC(c1..c3) == c2"},
      {3, NormalizationForm::kNfc, {3, 4}, "NFC(c4..c5) == c4"},
      {2, NormalizationForm::kNfd, {0, 1, 2}, "NFD(c1..c3) == c3"},
      {4, NormalizationForm::kNfd, {3, 4}, "NFD(c4..c5) == c5"},
      {3, NormalizationForm::kNfkc, {0, 1, 2, 3, 4}, "NFKC(c1..c5) == c4"},
      {4, NormalizationForm::kNfkd, {0, 1, 2, 3, 4}, "NFKD(c1..c5) == c5"},
  };
  for (const Rule& rule : kRules) {
    for (int input : rule.inputs) {
      if (Form(c[input], rule.form) != c[rule.want]) {
        return std::string(rule.name) + " fails for c" + std::to_string(input + 1);
      }
    }
  }
  return "";
}

int Run(const char* path) {
  std::ifstream file(path);
  if (!file) {
    std::cerr << "cannot open " << path << "\n";
    return 2;
  }
  int64_t passed = 0;
  int64_t failed = 0;
  int64_t storage_checked = 0;
  int64_t storage_failed = 0;
  absl::flat_hash_set<uint32_t> part1;
  bool in_part1 = false;
  int64_t line_number = 0;
  std::string line;
  while (std::getline(file, line)) {
    ++line_number;
    absl::string_view content = line;
    const size_t comment = content.find('#');
    if (comment != absl::string_view::npos) content = content.substr(0, comment);
    content = absl::StripAsciiWhitespace(content);
    if (content.empty()) continue;
    if (content.front() == '@') {
      in_part1 = content == "@Part1";
      continue;
    }
    const std::vector<absl::string_view> fields = absl::StrSplit(content, ';');
    Columns columns;
    std::vector<uint32_t> c1;
    bool ok = fields.size() >= 5;
    for (int i = 0; ok && i < 5; ++i) {
      ok = ParseColumn(fields[i], &columns.c[i], i == 0 ? &c1 : nullptr);
    }
    if (!ok) {
      std::cerr << "line " << line_number << ": bad data line\n";
      return 2;
    }
    if (in_part1 && c1.size() == 1) part1.insert(c1[0]);
    const std::string violation = Check(columns);
    if (violation.empty()) {
      ++passed;
    } else {
      ++failed;
      if (failed <= 20) {
        std::cout << "FAIL line " << line_number << ": " << violation << "\n";
      }
    }
    if (!ChangedOnPurposeByStorage(c1)) {
      ++storage_checked;
      absl::StatusOr<NormalizedText> stored = NormalizeForStorage(columns.c[0], NormalizeOptions{});
      if (!stored.ok() || stored->text != columns.c[1]) {
        ++storage_failed;
        if (storage_failed <= 20) {
          std::cout << "FAIL line " << line_number << ": NormalizeForStorage(c1) != c2\n";
        }
      }
    }
    if ((passed + failed) % 5000 == 0) {
      std::cout << "NormalizationTest progress: " << passed + failed << " lines" << std::endl;
    }
  }

  // Part 1 lists every code point with a non-trivial normalization; every
  // other one must be unchanged by all four forms.
  int64_t invariant_checked = 0;
  int64_t invariant_failed = 0;
  static constexpr NormalizationForm kForms[] = {NormalizationForm::kNfc, NormalizationForm::kNfd,
                                                 NormalizationForm::kNfkc,
                                                 NormalizationForm::kNfkd};
  for (uint32_t c = 0; c <= 0x10FFFF; ++c) {
    if (U_IS_SURROGATE(c) || part1.contains(c)) continue;
    char bytes[4];
    int32_t length = 0;
    U8_APPEND_UNSAFE(bytes, length, c);
    const absl::string_view single(bytes, length);
    ++invariant_checked;
    for (NormalizationForm form : kForms) {
      if (Form(single, form) != single) {
        ++invariant_failed;
        if (invariant_failed <= 20) {
          std::cout << "FAIL: U+" << std::hex << c << std::dec
                    << " is not in Part 1 but normalization changes it\n";
        }
        break;
      }
    }
    if (c % 0x40000 == 0) {
      std::cout << "NormalizationTest progress: Part 1 invariance at U+" << std::hex << c
                << std::dec << std::endl;
    }
  }

  std::cout << "NormalizationTest Part 1 invariance: " << invariant_checked
            << " unlisted code points unchanged by NFC/NFD/NFKC/NFKD, " << invariant_failed
            << " failed\n";
  std::cout << "NormalizationTest storage path (NormalizeForStorage == NFC): " << storage_checked
            << " lines checked, " << storage_failed << " failed\n";
  std::cout << "NormalizationTest: " << passed << " passed, " << failed << " failed" << std::endl;
  return failed == 0 && invariant_failed == 0 && storage_failed == 0 && passed > 0 ? 0 : 1;
}

}  // namespace
}  // namespace jisr::text::conformance

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " NormalizationTest.txt\n";
    return 2;
  }
  return jisr::text::conformance::Run(argv[1]);
}
