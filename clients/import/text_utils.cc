#include "clients/import/text_utils.h"

#include <cstdint>

namespace jisr::import {
namespace {

constexpr char32_t kInvalid = 0xFFFFFFFF;

// Decodes one code point at `pos`; returns the bytes consumed (at least 1) and sets `cp` to
// kInvalid for an ill-formed sequence, so callers always make progress.
size_t DecodeAt(absl::string_view s, size_t pos, char32_t* cp) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(s[i]); };
  const uint8_t b0 = byte(pos);
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  size_t need;
  char32_t value;
  uint8_t lo = 0x80, hi = 0xBF;  // Bounds of the second byte (excludes overlongs, surrogates).
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
    value = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    value = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    value = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    *cp = kInvalid;
    return 1;
  }
  for (size_t i = 1; i <= need; ++i) {
    if (pos + i >= s.size()) {
      *cp = kInvalid;
      return i;
    }
    const uint8_t b = byte(pos + i);
    const uint8_t min = i == 1 ? lo : 0x80;
    const uint8_t max = i == 1 ? hi : 0xBF;
    if (b < min || b > max) {
      *cp = kInvalid;
      return i;
    }
    value = (value << 6) | (b & 0x3F);
  }
  *cp = value;
  return need + 1;
}

// The Unicode White_Space property, plus BOM and zero-width space, which scrapes carry as
// invisible debris.
bool IsSpaceLike(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000 || c == 0xFEFF;
}

bool IsControl(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

bool IsValidUtf8(absl::string_view text, size_t* bad_offset) {
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp;
    const size_t n = DecodeAt(text, pos, &cp);
    if (cp == kInvalid) {
      if (bad_offset != nullptr) *bad_offset = pos;
      return false;
    }
    pos += n;
  }
  return true;
}

void AppendUtf8(char32_t c, std::string* out) {
  if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

size_t CodePointCount(absl::string_view text) {
  size_t count = 0;
  for (size_t pos = 0; pos < text.size();) {
    char32_t cp;
    pos += DecodeAt(text, pos, &cp);
    ++count;
  }
  return count;
}

std::vector<absl::string_view> SplitLines(absl::string_view text) {
  std::vector<absl::string_view> lines;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n' && text[i] != '\r') continue;
    lines.push_back(text.substr(start, i - start));
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    start = i + 1;
  }
  if (start < text.size()) lines.push_back(text.substr(start));
  return lines;
}

absl::string_view TrimUnicodeSpace(absl::string_view text) {
  // Leading: decode forwards.
  size_t begin = 0;
  while (begin < text.size()) {
    char32_t cp;
    const size_t n = DecodeAt(text, begin, &cp);
    if (cp == kInvalid || !IsSpaceLike(cp)) break;
    begin += n;
  }
  // Trailing: step back to each code point's first byte.
  size_t end = text.size();
  while (end > begin) {
    size_t start = end - 1;
    while (start > begin && (static_cast<uint8_t>(text[start]) & 0xC0) == 0x80) --start;
    char32_t cp;
    const size_t n = DecodeAt(text, start, &cp);
    if (cp == kInvalid || start + n != end || !IsSpaceLike(cp)) break;
    end = start;
  }
  return text.substr(begin, end - begin);
}

std::string CleanLine(absl::string_view line) {
  std::string out;
  out.reserve(line.size());
  bool pending_space = false;
  for (size_t pos = 0; pos < line.size();) {
    char32_t cp;
    const size_t n = DecodeAt(line, pos, &cp);
    const absl::string_view bytes = line.substr(pos, n);
    pos += n;
    if (cp == '\t' || cp == ' ') {
      pending_space = true;
      continue;
    }
    if (cp == kInvalid || IsControl(cp)) continue;
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.append(bytes.data(), bytes.size());
  }
  return std::string(TrimUnicodeSpace(out));
}

std::string CollapseWhitespace(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (IsAsciiSpace(c)) {
      pending_space = true;
      continue;
    }
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return CleanLine(out);
}

std::string ToAsciiDigits(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    char32_t cp;
    const size_t n = DecodeAt(text, pos, &cp);
    if (cp >= 0x0660 && cp <= 0x0669) {
      out.push_back(static_cast<char>('0' + (cp - 0x0660)));
    } else if (cp >= 0x06F0 && cp <= 0x06F9) {
      out.push_back(static_cast<char>('0' + (cp - 0x06F0)));
    } else {
      out.append(text.data() + pos, n);
    }
    pos += n;
  }
  return out;
}

std::string MatchKey(absl::string_view text) {
  const std::string digits = ToAsciiDigits(text);
  std::string out;
  out.reserve(digits.size());
  for (size_t pos = 0; pos < digits.size();) {
    char32_t cp;
    const size_t n = DecodeAt(digits, pos, &cp);
    pos += n;
    if (cp == kInvalid) continue;
    if (cp >= 'A' && cp <= 'Z') cp = cp - 'A' + 'a';
    if (cp == 0x0622 || cp == 0x0623 || cp == 0x0625 || cp == 0x0671) cp = 0x0627;  // Alef forms.
    if (cp == 0x0649) cp = 0x064A;                                 // Alef maqsura -> yaa.
    if (cp == 0x0640 || (cp >= 0x064B && cp <= 0x0652)) continue;  // Tatweel, harakat.
    AppendUtf8(cp, &out);
  }
  return out;
}

std::vector<absl::string_view> Words(absl::string_view text) {
  std::vector<absl::string_view> words;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ' ') {
      if (i > start) words.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return words;
}

}  // namespace jisr::import
