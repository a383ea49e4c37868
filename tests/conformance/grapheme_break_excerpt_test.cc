// Unicode 15.0 GraphemeBreakTest.txt through the excerpt cutter: for every test string, alone
// and set inside a sentence (so that the cutter's word boundaries and its trimming of spaces
// and punctuation come into play), and every excerpt length, an excerpt is a prefix of the
// text that ends on a grapheme cluster boundary the file lists (never splitting a letter from
// its marks, an emoji sequence or a flag), never between lam and alef, within the length,
// followed by "…". The library's own code (internal::ExcerptUtf16) is what runs, on UTF-16 so
// that the file's lone surrogates are tested too. In a sentence, the two places where the test
// string meets the words around it are not checked: the file does not say whether they are
// boundaries.
#include <cstdint>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "services/text/excerpt.h"
#include "tests/conformance/break_test_line.h"
#include "unicode/unistr.h"

namespace jisr::text::conformance {
namespace {

struct Case {
  int line = 0;
  icu::UnicodeString text;
  int32_t code_points = 0;
  std::set<int32_t> boundaries;  // UTF-16 offsets where a cut may fall
  std::set<int32_t> unchecked;   // offsets the file says nothing about
};

// A test line as a case; false on a line that is not one.
bool ParseCase(const std::string& line, Case* out) {
  if (!ParseBreakTestLine(line, &out->text, &out->boundaries)) return false;
  out->code_points = out->text.countChar32();
  return true;
}

// The case set inside a sentence of ASCII words, where every offset is a boundary.
Case InSentence(const Case& c) {
  const icu::UnicodeString before = "Lorem ipsum ";
  const icu::UnicodeString after = " dolor sit, amet consectetur";
  Case out;
  out.line = c.line;
  out.text = before + c.text + after;
  out.code_points = out.text.countChar32();
  for (int32_t i = 0; i <= out.text.length(); ++i) {
    const int32_t in_case = i - before.length();
    if (in_case == 0 || in_case == c.text.length()) {
      out.unchecked.insert(i);
    } else if (in_case < 0 || in_case > c.text.length() || c.boundaries.count(in_case) > 0) {
      out.boundaries.insert(i);
    }
  }
  return out;
}

bool IsLam(UChar32 c) { return c == 0x0644; }
bool IsAlef(UChar32 c) { return c == 0x0627 || c == 0x0622 || c == 0x0623 || c == 0x0625; }

// What is wrong with the excerpt of `c` at `max_chars`, or "".
std::string Fault(const Case& c, int32_t max_chars) {
  icu::UnicodeString excerpt;
  bool truncated = false;
  absl::Status status = internal::ExcerptUtf16(c.text, max_chars, &excerpt, &truncated);
  if (!status.ok()) return status.ToString();
  if (!truncated) {
    return excerpt == c.text && max_chars >= c.code_points ? "" : "not shortened though too long";
  }
  if (excerpt.isEmpty() || excerpt.char32At(excerpt.length() - 1) != 0x2026) {
    return "no ellipsis";
  }
  const int32_t end = excerpt.length() - 1;
  if (icu::UnicodeString(excerpt, 0, end) != icu::UnicodeString(c.text, 0, end)) {
    return "not a prefix of the text";
  }
  if (c.boundaries.count(end) == 0 && c.unchecked.count(end) == 0) {
    return "cut inside a grapheme cluster";
  }
  if (excerpt.countChar32() > max_chars) return "longer than the limit";
  if (end > 0 && IsLam(c.text.char32At(end - 1)) && IsAlef(c.text.char32At(end))) {
    return "cut between lam and alef";
  }
  return "";
}

// Every excerpt length of `c`; returns how many were checked.
int Check(const Case& c, const std::string& line, int* failed) {
  int checked = 0;
  for (int32_t max_chars = 1; max_chars <= c.code_points + 1; ++max_chars, ++checked) {
    const std::string why = Fault(c, max_chars);
    if (!why.empty() && ++*failed <= 20) {
      std::cerr << "GraphemeBreakTest.txt line " << c.line << ", excerpt of " << max_chars << " of "
                << c.code_points << " code points: " << why << "\n  " << line << "\n";
    }
  }
  return checked;
}

int Run(const char* path) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "cannot open " << path
              << ": install Debian's unicode-data package (deploy/local/install-deps --test)\n";
    return 2;
  }
  int cases = 0, checked = 0, failed = 0;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    Case c;
    c.line = number;
    if (!ParseCase(line, &c)) continue;
    ++cases;
    checked += Check(c, line, &failed);
    checked += Check(InSentence(c), line, &failed);
  }
  std::cout << "GraphemeBreakTest via excerpts: " << cases << " strings, alone and in a "
            << "sentence; " << checked << " excerpts checked, " << failed << " failed" << std::endl;
  return failed == 0 && cases > 0 ? 0 : 1;
}

}  // namespace
}  // namespace jisr::text::conformance

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " GraphemeBreakTest.txt\n";
    return 2;
  }
  return jisr::text::conformance::Run(argv[1]);
}
