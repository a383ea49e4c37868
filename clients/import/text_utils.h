// UTF-8 text helpers the importers share: validation, line cleaning, digit folding and the
// loose matching key used to recognise labels, month names and agency credits.
#ifndef JISR_CLIENTS_IMPORT_TEXT_UTILS_H_
#define JISR_CLIENTS_IMPORT_TEXT_UTILS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace jisr::import {

// True when `text` is well-formed UTF-8 (no surrogates, no overlongs). On false, `bad_offset`
// (when not null) receives the byte offset of the first ill-formed sequence.
bool IsValidUtf8(absl::string_view text, size_t* bad_offset = nullptr);

// Appends the UTF-8 encoding of `code_point`; invalid code points become U+FFFD.
void AppendUtf8(char32_t code_point, std::string* out);

// The number of code points in valid UTF-8 `text`.
size_t CodePointCount(absl::string_view text);

// Splits on "\n", "\r\n" and "\r".
std::vector<absl::string_view> SplitLines(absl::string_view text);

// One line made tidy: control characters dropped, tabs and runs of ASCII spaces collapsed to one
// space, Unicode white space (NBSP, U+202F, ...) and BOM/zero-width space trimmed at both ends.
// White space inside the line other than ASCII is kept: a no-break space there means something.
std::string CleanLine(absl::string_view line);

// Collapses every run of ASCII white space (HTML's definition) to one space and trims the result
// as CleanLine does.
std::string CollapseWhitespace(absl::string_view text);

// Trims Unicode white space, BOM and zero-width space from both ends.
absl::string_view TrimUnicodeSpace(absl::string_view text);

// Replaces Arabic-Indic (U+0660..) and Extended Arabic-Indic (U+06F0..) digits with ASCII ones.
std::string ToAsciiDigits(absl::string_view text);

// A key for loose comparison: ASCII lower-cased; Arabic alef forms folded to bare alef, alef
// maqsura to yaa, tatweel and harakat removed; digits made ASCII. "Updated" and "updated" match,
// as do "أبريل" and "ابريل".
std::string MatchKey(absl::string_view text);

// Splits on single ASCII spaces (the text is expected to be cleaned already); no empty words.
std::vector<absl::string_view> Words(absl::string_view text);

}  // namespace jisr::import

#endif  // JISR_CLIENTS_IMPORT_TEXT_UTILS_H_
