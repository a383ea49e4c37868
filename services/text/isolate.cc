#include "services/text/isolate.h"

#include <string>
#include <vector>

#include "services/text/icu_status.h"
#include "services/text/language.h"
#include "services/text/normalize.h"
#include "unicode/uchar.h"
#include "unicode/utf16.h"

namespace jisr::text {
namespace {

constexpr char16_t kLri = 0x2066;
constexpr char16_t kRli = 0x2067;
constexpr char16_t kFsi = 0x2068;
constexpr char16_t kPdi = 0x2069;

// Checks for bracket partners are bounded per span edge, which keeps
// trimming linear however many brackets a span starts or ends with.
constexpr int kMaxBracketSearches = 8;

bool IsEdgeTrimmable(UChar32 c) {
  switch (u_charDirection(c)) {
    case U_WHITE_SPACE_NEUTRAL:
    case U_SEGMENT_SEPARATOR:
    case U_BLOCK_SEPARATOR:
    case U_BOUNDARY_NEUTRAL:
    case U_OTHER_NEUTRAL:
    case U_COMMON_NUMBER_SEPARATOR:
    case U_EUROPEAN_NUMBER_SEPARATOR:
      return true;
    default:
      return false;
  }
}

bool IsOpeningBracket(UChar32 c) {
  return u_getIntPropertyValue(c, UCHAR_BIDI_PAIRED_BRACKET_TYPE) == U_BPT_OPEN;
}
bool IsClosingBracket(UChar32 c) {
  return u_getIntPropertyValue(c, UCHAR_BIDI_PAIRED_BRACKET_TYPE) == U_BPT_CLOSE;
}

bool Contains(const char16_t* text, int32_t start, int32_t limit, UChar32 c) {
  for (int32_t i = start; i < limit; ++i) {
    if (text[i] == c) return true;  // brackets are all in the BMP
  }
  return false;
}

void TrimEdges(const char16_t* text, int32_t* start, int32_t* limit) {
  int searches = 0;
  while (*start < *limit) {
    UChar32 c;
    int32_t next = *start;
    U16_NEXT(text, next, *limit, c);
    if (!IsEdgeTrimmable(c)) break;
    if (IsOpeningBracket(c) && searches < kMaxBracketSearches) {
      ++searches;
      if (Contains(text, next, *limit, u_getBidiPairedBracket(c))) break;
    }
    *start = next;
  }
  searches = 0;
  while (*start < *limit) {
    UChar32 c;
    int32_t previous = *limit;
    U16_PREV(text, *start, previous, c);
    if (!IsEdgeTrimmable(c)) break;
    if (IsClosingBracket(c) && searches < kMaxBracketSearches) {
      ++searches;
      if (Contains(text, *start, previous, u_getBidiPairedBracket(c))) break;
    }
    *limit = previous;
  }
}

bool StartsWithAsciiIgnoreCase(const char16_t* text, int32_t start, int32_t limit,
                               const char* prefix) {
  int32_t i = start;
  for (; *prefix != 0; ++prefix, ++i) {
    if (i >= limit) return false;
    char16_t c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char16_t>(c - 'A' + 'a');
    if (c != static_cast<char16_t>(*prefix)) return false;
  }
  return true;
}

// A URL starts with a scheme and "://" ("https://", "ftp://", "jisr://")
// or with "www.".
bool StartsWithUrl(const char16_t* text, int32_t start, int32_t limit) {
  if (StartsWithAsciiIgnoreCase(text, start, limit, "www.")) return true;
  int32_t i = start;
  while (i < limit && text[i] < 0x80 &&
         ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z') ||
          (i > start && ((text[i] >= '0' && text[i] <= '9') || text[i] == '+' || text[i] == '.' ||
                         text[i] == '-')))) {
    ++i;
  }
  return i > start && i + 2 < limit && text[i] == ':' && text[i + 1] == '/' && text[i + 2] == '/';
}

bool LooksLikeEmail(const char16_t* text, int32_t start, int32_t limit) {
  int32_t at = -1;
  for (int32_t i = start; i < limit; ++i) {
    if (text[i] == '@') {
      at = i;
      break;
    }
  }
  if (at <= start || at + 1 >= limit) return false;
  for (int32_t i = at + 2; i + 1 < limit; ++i) {
    if (text[i] == '.') return true;
  }
  return false;
}

bool IsSentencePunctuation(UChar32 c) {
  switch (c) {
    case '.':
    case ',':
    case ';':
    case ':':
    case '!':
    case '?':
    case '\'':
    case '"':
    case 0x060C:  // ARABIC COMMA
    case 0x061B:  // ARABIC SEMICOLON
    case 0x061F:  // ARABIC QUESTION MARK
    case 0x00AB:
    case 0x00BB:  // guillemets
    case 0x2018:
    case 0x2019:
    case 0x201C:
    case 0x201D:
      return true;
    default:
      return false;
  }
}

// The end of the URL that starts at `start`: the next whitespace or
// isolate, less trailing sentence punctuation and unbalanced closing
// brackets.
int32_t UrlEnd(const char16_t* text, int32_t start, int32_t paragraph_limit) {
  int32_t end = start;
  UCharDirection previous_class = U_OTHER_NEUTRAL;
  while (end < paragraph_limit) {
    UChar32 c;
    int32_t next = end;
    U16_NEXT(text, next, paragraph_limit, c);
    if (u_isUWhiteSpace(c)) break;
    const UCharDirection cls = u_charDirection(c);
    if (cls == U_LEFT_TO_RIGHT_ISOLATE || cls == U_RIGHT_TO_LEFT_ISOLATE ||
        cls == U_FIRST_STRONG_ISOLATE || cls == U_POP_DIRECTIONAL_ISOLATE || c == 0x200E ||
        c == 0x200F || c == 0x061C) {
      break;
    }
    // Arabic written straight after a Latin letter or digit is the next
    // word, not a path segment (those follow a "/", "=", "_"...).
    if ((cls == U_RIGHT_TO_LEFT || cls == U_RIGHT_TO_LEFT_ARABIC) &&
        (previous_class == U_LEFT_TO_RIGHT || previous_class == U_EUROPEAN_NUMBER)) {
      break;
    }
    previous_class = cls;
    end = next;
  }
  int searches = 0;
  while (end > start) {
    UChar32 c;
    int32_t previous = end;
    U16_PREV(text, start, previous, c);
    bool trailing = IsSentencePunctuation(c);
    if (!trailing && IsClosingBracket(c)) {
      trailing = searches++ >= kMaxBracketSearches ||
                 !Contains(text, start, previous, u_getBidiPairedBracket(c));
    }
    if (!trailing) break;
    end = previous;
  }
  return end;
}

// Kind of a span that is not a URL.
SpanKind Classify(const char16_t* text, int32_t start, int32_t limit) {
  if (LooksLikeEmail(text, start, limit)) return SpanKind::kEmail;
  bool has_digit = false;
  int32_t i = start;
  while (i < limit) {
    UChar32 c;
    U16_NEXT(text, i, limit, c);
    if (U_GET_GC_MASK(c) & U_GC_L_MASK) return SpanKind::kText;
    if (u_isdigit(c)) has_digit = true;
  }
  return has_digit ? SpanKind::kNumber : SpanKind::kOther;
}

bool IsSign(char16_t c) { return c == '+' || c == '-' || c == 0x2212; }

}  // namespace

absl::string_view SpanKindName(SpanKind kind) {
  switch (kind) {
    case SpanKind::kText:
      return "text";
    case SpanKind::kNumber:
      return "number";
    case SpanKind::kUrl:
      return "url";
    case SpanKind::kEmail:
      return "email";
    case SpanKind::kOther:
      return "other";
  }
  return "other";
}

namespace internal {

void FindIsolationSpans(const icu::UnicodeString& text,
                        const std::vector<ParagraphRuns>& paragraphs, std::vector<Span16>* spans) {
  spans->clear();
  const char16_t* buffer = text.getBuffer();
  const int32_t length = text.length();
  for (size_t p = 0; p < paragraphs.size(); ++p) {
    const ParagraphRuns& paragraph = paragraphs[p];
    const int paragraph_level = paragraph.direction == Direction::kRtl ? 1 : 0;
    const std::vector<LevelRun>& runs = paragraph.runs;
    int32_t covered_until = paragraph.start;  // end of the last span
    for (size_t r = 0; r < runs.size();) {
      if (runs[r].level <= paragraph_level) {
        ++r;
        continue;
      }
      int32_t start = paragraph.start + runs[r].start;
      int lowest = runs[r].level;
      size_t last = r;
      while (last + 1 < runs.size() && runs[last + 1].level > paragraph_level) {
        ++last;
        if (runs[last].level < lowest) lowest = runs[last].level;
      }
      int32_t limit = paragraph.start + runs[last].limit;
      r = last + 1;
      const Direction direction = (lowest & 1) ? Direction::kRtl : Direction::kLtr;
      if (direction == paragraph.direction) continue;
      if (start < covered_until) start = covered_until;
      TrimEdges(buffer, &start, &limit);
      if (start >= limit) continue;

      // A span that starts with a URL and ends inside it is the URL: it is
      // extended to the URL's end. A URL inside a longer Latin phrase stays
      // part of the phrase.
      SpanKind kind = SpanKind::kText;
      const int32_t url_end = StartsWithUrl(buffer, start, paragraph.limit)
                                  ? UrlEnd(buffer, start, paragraph.limit)
                                  : -1;
      if (url_end >= limit) {
        kind = SpanKind::kUrl;
        limit = url_end;
      } else {
        kind = Classify(buffer, start, limit);
      }
      if (kind == SpanKind::kNumber && start - 1 >= covered_until && start > paragraph.start &&
          IsSign(buffer[start - 1]) &&
          (start - 1 == paragraph.start || u_isUWhiteSpace(buffer[start - 2]) ||
           IsOpeningBracket(buffer[start - 2]))) {
        --start;
      }

      Span16 span;
      span.start = start;
      span.limit = limit;
      span.direction = direction;
      span.kind = kind;
      span.paragraph = static_cast<int32_t>(p);
      span.already_isolated =
          start > 0 && limit < length &&
          (buffer[start - 1] == kLri || buffer[start - 1] == kRli || buffer[start - 1] == kFsi) &&
          buffer[limit] == kPdi;
      spans->push_back(span);
      covered_until = limit;
    }
  }
}

void ToIsolationSpans(const std::vector<Span16>& spans16, const OffsetIndex& index,
                      std::vector<IsolationSpan>* spans) {
  spans->clear();
  spans->reserve(spans16.size());
  for (const Span16& span16 : spans16) {
    IsolationSpan span;
    span.range = index.Range(span16.start, span16.limit);
    span.direction = span16.direction;
    span.kind = span16.kind;
    span.paragraph = span16.paragraph;
    spans->push_back(span);
  }
}

std::string BuildIsolatedText(absl::string_view utf8, const std::vector<Span16>& spans16,
                              const std::vector<IsolationSpan>& spans) {
  std::string isolated;
  isolated.reserve(utf8.size() + spans.size() * 6);
  size_t copied = 0;
  for (size_t i = 0; i < spans.size(); ++i) {
    if (spans16[i].already_isolated) continue;
    const TextRange& range = spans[i].range;
    isolated.append(utf8.data() + copied, range.utf8_start - copied);
    // LRI U+2066 / RLI U+2067 in UTF-8.
    isolated.append(spans[i].direction == Direction::kLtr ? "\xE2\x81\xA6" : "\xE2\x81\xA7");
    isolated.append(utf8.data() + range.utf8_start, range.utf8_end - range.utf8_start);
    isolated.append("\xE2\x81\xA9");  // PDI U+2069
    copied = range.utf8_end;
  }
  isolated.append(utf8.data() + copied, utf8.size() - copied);
  return isolated;
}

}  // namespace internal

absl::StatusOr<IsolatedText> Isolate(absl::string_view utf8, absl::string_view language,
                                     DirectionRule rule) {
  JISR_TEXT_ASSIGN_OR_RETURN(const LanguageInfo info, GetLanguageInfo(language));
  icu::UnicodeString input;
  JISR_TEXT_RETURN_IF_ERROR(DecodeUtf8(utf8, &input));
  IsolatedText result;
  icu::UnicodeString normalized;
  bool changed = false;
  JISR_TEXT_RETURN_IF_ERROR(
      internal::NormalizeUtf16(input, NormalizeOptions{}, &normalized, &changed, &result.warnings));
  const icu::UnicodeString& text = changed ? normalized : input;
  result.text = changed ? ToUtf8(normalized) : std::string(utf8);

  std::vector<internal::ParagraphRuns> paragraphs;
  JISR_TEXT_RETURN_IF_ERROR(internal::AnalyzeParagraphs(text, info.direction, rule, &paragraphs));
  result.base_direction = info.direction;
  for (const internal::ParagraphRuns& paragraph : paragraphs) {
    if (paragraph.direction_source != DirectionSource::kLanguageFallback) {
      result.base_direction = paragraph.direction;
      break;
    }
  }
  std::vector<internal::Span16> spans16;
  internal::FindIsolationSpans(text, paragraphs, &spans16);
  const OffsetIndex index(text);
  internal::ToIsolationSpans(spans16, index, &result.spans);
  result.isolated_text = internal::BuildIsolatedText(result.text, spans16, result.spans);
  return result;
}

}  // namespace jisr::text
