#include "services/text/normalize.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/text/bidi_controls.h"
#include "services/text/icu_status.h"
#include "services/text/repaired_text.h"
#include "services/text/utf.h"
#include "unicode/utf16.h"

namespace jisr::text {
namespace internal {
namespace {

constexpr char16_t kLineFeed = 0x000A;
constexpr char16_t kCarriageReturn = 0x000D;
constexpr char16_t kTab = 0x0009;
constexpr char16_t kSpace = 0x0020;
constexpr char16_t kNextLine = 0x0085;
constexpr char16_t kLineSeparator = 0x2028;
constexpr char16_t kParagraphSeparator = 0x2029;
constexpr char16_t kByteOrderMark = 0xFEFF;

inline bool IsPresentationFormA(UChar32 c) { return c >= 0xFB50 && c <= 0xFDFF; }
inline bool IsPresentationFormB(UChar32 c) { return c >= 0xFE70 && c <= 0xFEFF; }

// True for a UTF-16 unit the repair pass may change. Ordered so that ASCII
// letters leave after two comparisons and other letters below U+2028 (Latin,
// Arabic) after four.
inline bool NeedsRepair(char16_t c, bool allow_newlines) {
  if (c < 0x20) return !allow_newlines || (c != kLineFeed && c != kTab);
  if (c < 0x7F) return false;
  if (c <= 0x9F) return true;
  if (c < 0x2028) return false;
  if (c <= 0x202E) return true;  // LS, PS, LRE..RLO
  if (c < 0x2066) return false;
  if (c <= 0x2069) return true;  // LRI..PDI
  if (c < 0xFB50) return false;
  return IsPresentationFormA(c) || IsPresentationFormB(c);
}

std::string CodePointName(UChar32 c) { return absl::StrFormat("U+%04X", c); }

std::string CodePointList(const std::vector<UChar32>& characters,
                          int32_t count) {
  std::string list;
  for (UChar32 c : characters) {
    if (!list.empty()) list += ' ';
    list += CodePointName(c);
  }
  if (static_cast<size_t>(count) > characters.size()) list += " ...";
  return list;
}

// Messages of the warnings merged per run (see RepairedText::WarnMergeable).
std::string MergedMessage(const PendingWarning& warning) {
  const bool one = warning.count == 1;
  const UChar32 first = warning.characters.front();
  switch (warning.code) {
    case WarningCode::kControlRemoved:
      return one ? absl::StrCat("removed control character ",
                                CodePointName(first))
                 : absl::StrCat("removed ", warning.count,
                                " control characters: ",
                                CodePointList(warning.characters,
                                              warning.count));
    case WarningCode::kByteOrderMarkRemoved:
      return absl::StrCat(
          "removed ", one ? "" : absl::StrCat(warning.count, " x "),
          "U+FEFF ZERO WIDTH NO-BREAK SPACE (byte order mark)");
    case WarningCode::kPresentationFormFolded: {
      const char* block =
          IsPresentationFormA(first)
              ? "Arabic Presentation Forms-A, U+FB50-U+FDFF"
              : "Arabic Presentation Forms-B, U+FE70-U+FEFF";
      return one ? absl::StrCat("folded Arabic presentation form ",
                                CodePointName(first), " to base letters (",
                                block, ")")
                 : absl::StrCat("folded ", warning.count,
                                " Arabic presentation forms to base letters (",
                                block, "): ",
                                CodePointList(warning.characters,
                                              warning.count));
    }
    default:
      return "changed the text";
  }
}

// Turns the pass's pending warnings into TextWarnings over the input.
void FinalizeWarnings(const icu::UnicodeString& input,
                      std::vector<PendingWarning>* pending,
                      std::vector<TextWarning>* warnings) {
  if (pending->empty()) return;
  std::stable_sort(pending->begin(), pending->end(),
                   [](const PendingWarning& a, const PendingWarning& b) {
                     return a.input_start < b.input_start;
                   });
  const OffsetIndex index(input);
  warnings->reserve(warnings->size() + pending->size());
  for (PendingWarning& p : *pending) {
    TextWarning warning;
    warning.code = p.code;
    warning.range = index.Range(p.input_start, p.input_end);
    warning.message = p.message.empty() ? MergedMessage(p) : std::move(p.message);
    if (p.related_input_offset >= 0) {
      absl::StrAppend(&warning.message, " (opened at code point ",
                      index.CodePointOffset(p.related_input_offset), ")");
    }
    warnings->push_back(std::move(warning));
  }
}

// The repair pass (steps 2-5 of NormalizeForStorage). Runs only when the
// prescan found a unit NeedsRepair() flags.
absl::Status Repair(const icu::UnicodeString& input,
                    const NormalizeOptions& options, RepairedText* out) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  JISR_TEXT_RETURN_IF_ERROR(IcuStatus(status, "Normalizer2::getNFKCInstance"));

  BidiControlRepair bidi(out);
  const char16_t* in = input.getBuffer();
  const int32_t length = input.length();
  icu::UnicodeString decomposition;

  // A line break at [start, end): one LF in a multi-line field (ending the
  // bidi paragraph), one space in a single-line field.
  auto line_break = [&](int32_t start, int32_t end, const char* what) {
    if (options.allow_newlines) {
      bidi.EndParagraph(start);
      out->Append(kLineFeed, start, end);
      if (!(end - start == 1 && in[start] == kLineFeed)) {
        PendingWarning warning;
        warning.code = WarningCode::kLineBreakNormalized;
        warning.input_start = start;
        warning.input_end = end;
        warning.message = absl::StrCat("replaced ", what, " with U+000A LINE FEED");
        out->Warn(std::move(warning));
      }
    } else {
      out->Append(kSpace, start, end);
      PendingWarning warning;
      warning.code = WarningCode::kLineBreakReplaced;
      warning.input_start = start;
      warning.input_end = end;
      warning.message = absl::StrCat("replaced ", what,
                                     " with a space: the field is single-line");
      out->Warn(std::move(warning));
    }
  };

  for (int32_t i = 0; i < length; ++i) {
    const char16_t c = in[i];
    if (!NeedsRepair(c, options.allow_newlines) &&
        !(c == kLineFeed && options.allow_newlines)) {
      out->Append(c, i, i + 1);
      continue;
    }
    if (c == kLineFeed) {
      line_break(i, i + 1, "line break U+000A");
    } else if (c == kCarriageReturn) {
      if (i + 1 < length && in[i + 1] == kLineFeed) {
        line_break(i, i + 2, "CR LF (U+000D U+000A)");
        ++i;
      } else {
        line_break(i, i + 1, "U+000D CARRIAGE RETURN");
      }
    } else if (c == kNextLine) {
      line_break(i, i + 1, "U+0085 NEXT LINE");
    } else if (c == kLineSeparator) {
      line_break(i, i + 1, "U+2028 LINE SEPARATOR");
    } else if (c == kParagraphSeparator) {
      line_break(i, i + 1, "U+2029 PARAGRAPH SEPARATOR");
    } else if (c == kTab) {
      out->Append(kSpace, i, i + 1);
      PendingWarning warning;
      warning.code = WarningCode::kTabReplaced;
      warning.input_start = i;
      warning.input_end = i + 1;
      warning.message =
          "replaced U+0009 CHARACTER TABULATION with a space: the field is "
          "single-line";
      out->Warn(std::move(warning));
    } else if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
      out->WarnMergeable(WarningCode::kControlRemoved, i, i + 1, c, 0);
    } else if (IsExplicitBidiControl(c)) {
      bidi.OnControl(c, i);
    } else if (c == kByteOrderMark) {
      out->WarnMergeable(WarningCode::kByteOrderMarkRemoved, i, i + 1, c, 0);
    } else if (nfkc->getDecomposition(c, decomposition)) {
      for (int32_t k = 0; k < decomposition.length(); ++k) {
        out->Append(decomposition.charAt(k), i, i + 1);
      }
      out->WarnMergeable(WarningCode::kPresentationFormFolded, i, i + 1, c,
                         IsPresentationFormA(c) ? 1 : 2);
    } else {
      out->Append(c, i, i + 1);  // a presentation-form block code point
                                 // without a decomposition
    }
  }
  bidi.EndParagraph(length);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<bool> NormalizeTracked(
    const icu::Normalizer2& normalizer, const icu::UnicodeString& input,
    icu::UnicodeString* output,
    std::vector<std::pair<int32_t, int32_t>>* changed_ranges) {
  UErrorCode status = U_ZERO_ERROR;
  const int32_t length = input.length();
  int32_t position = normalizer.spanQuickCheckYes(input, status);
  JISR_TEXT_RETURN_IF_ERROR(IcuStatus(status, "Normalizer2::spanQuickCheckYes"));
  if (position == length) return false;

  // The quick-check span ends at a normalization boundary, so everything
  // before it is final.
  icu::UnicodeString result(input, 0, position);
  icu::UnicodeString segment_result;
  const char16_t* text = input.getBuffer();
  bool changed = false;
  while (position < length) {
    // One segment: up to the next character that always starts a new one.
    int32_t segment_end = position;
    UChar32 c;
    U16_NEXT(text, segment_end, length, c);
    while (segment_end < length) {
      int32_t next = segment_end;
      U16_NEXT(text, next, length, c);
      if (normalizer.hasBoundaryBefore(c)) break;
      segment_end = next;
    }
    const icu::UnicodeString segment =
        input.tempSubStringBetween(position, segment_end);
    segment_result.remove();
    normalizer.normalize(segment, segment_result, status);
    JISR_TEXT_RETURN_IF_ERROR(IcuStatus(status, "Normalizer2::normalize"));
    if (segment_result != segment) {
      changed = true;
      if (changed_ranges != nullptr) {
        changed_ranges->emplace_back(position, segment_end);
      }
    }
    result.append(segment_result);
    position = segment_end;
    if (position < length) {
      const int32_t normalized_span = normalizer.spanQuickCheckYes(
          input.tempSubString(position), status);
      JISR_TEXT_RETURN_IF_ERROR(
          IcuStatus(status, "Normalizer2::spanQuickCheckYes"));
      result.append(input, position, normalized_span);
      position += normalized_span;
    }
  }
  if (!changed) return false;
  *output = std::move(result);
  return true;
}

absl::Status NormalizeUtf16(const icu::UnicodeString& input,
                            const NormalizeOptions& options,
                            icu::UnicodeString* output, bool* changed,
                            std::vector<TextWarning>* warnings) {
  *changed = false;
  const char16_t* in = input.getBuffer();
  const int32_t length = input.length();
  bool needs_repair = false;
  for (int32_t i = 0; i < length; ++i) {
    if (NeedsRepair(in[i], options.allow_newlines)) {
      needs_repair = true;
      break;
    }
  }

  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  JISR_TEXT_RETURN_IF_ERROR(IcuStatus(status, "Normalizer2::getNFCInstance"));

  if (!needs_repair) {
    std::vector<std::pair<int32_t, int32_t>> changed_ranges;
    JISR_TEXT_ASSIGN_OR_RETURN(
        *changed, NormalizeTracked(*nfc, input, output, &changed_ranges));
    if (!*changed) return absl::OkStatus();
    std::vector<PendingWarning> pending(1);
    pending[0].code = WarningCode::kNfcNormalized;
    pending[0].input_start = changed_ranges.front().first;
    pending[0].input_end = changed_ranges.back().second;
    pending[0].message = absl::StrCat(
        "recomposed ", changed_ranges.size(),
        changed_ranges.size() == 1 ? " character sequence" : " character sequences",
        " to Unicode Normalization Form C (NFC)");
    FinalizeWarnings(input, &pending, warnings);
    return absl::OkStatus();
  }

  RepairedText repaired;
  JISR_TEXT_RETURN_IF_ERROR(Repair(input, options, &repaired));
  std::vector<std::pair<int32_t, int32_t>> changed_ranges;
  JISR_TEXT_ASSIGN_OR_RETURN(
      const bool nfc_changed,
      NormalizeTracked(*nfc, repaired.text(), output, &changed_ranges));
  if (nfc_changed) {
    PendingWarning warning;
    warning.code = WarningCode::kNfcNormalized;
    // Map the changed span of the repaired text back to the input.
    warning.input_start = repaired.source_start(changed_ranges.front().first);
    warning.input_end = repaired.source_end(changed_ranges.back().second - 1);
    warning.message = absl::StrCat(
        "recomposed ", changed_ranges.size(),
        changed_ranges.size() == 1 ? " character sequence" : " character sequences",
        " to Unicode Normalization Form C (NFC)");
    repaired.Warn(std::move(warning));
  } else {
    *output = std::move(repaired.mutable_text());
  }
  FinalizeWarnings(input, &repaired.warnings(), warnings);
  *changed = *output != input;
  return absl::OkStatus();
}

}  // namespace internal

absl::StatusOr<NormalizedText> NormalizeForStorage(
    absl::string_view utf8, const NormalizeOptions& options) {
  icu::UnicodeString input;
  JISR_TEXT_RETURN_IF_ERROR(DecodeUtf8(utf8, &input));
  icu::UnicodeString output;
  bool changed = false;
  NormalizedText result;
  JISR_TEXT_RETURN_IF_ERROR(internal::NormalizeUtf16(
      input, options, &output, &changed, &result.warnings));
  result.text = changed ? ToUtf8(output) : std::string(utf8);
  return result;
}

absl::StatusOr<std::string> NormalizeUnicode(absl::string_view utf8,
                                             NormalizationForm form) {
  icu::UnicodeString input;
  JISR_TEXT_RETURN_IF_ERROR(DecodeUtf8(utf8, &input));
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = nullptr;
  switch (form) {
    case NormalizationForm::kNfc:
      normalizer = icu::Normalizer2::getNFCInstance(status);
      break;
    case NormalizationForm::kNfd:
      normalizer = icu::Normalizer2::getNFDInstance(status);
      break;
    case NormalizationForm::kNfkc:
      normalizer = icu::Normalizer2::getNFKCInstance(status);
      break;
    case NormalizationForm::kNfkd:
      normalizer = icu::Normalizer2::getNFKDInstance(status);
      break;
  }
  JISR_TEXT_RETURN_IF_ERROR(internal::IcuStatus(status, "Normalizer2 instance"));
  if (normalizer == nullptr) return absl::InvalidArgumentError("unknown form");
  icu::UnicodeString output;
  JISR_TEXT_ASSIGN_OR_RETURN(
      const bool changed,
      internal::NormalizeTracked(*normalizer, input, &output, nullptr));
  return changed ? ToUtf8(output) : std::string(utf8);
}

}  // namespace jisr::text
