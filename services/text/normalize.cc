#include "services/text/normalize.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/text/icu_status.h"
#include "services/text/repair_pass.h"
#include "services/text/repaired_text.h"
#include "services/text/utf.h"
#include "unicode/utf16.h"

namespace jisr::text {
namespace internal {
namespace {

std::string CodePointName(UChar32 c) { return absl::StrFormat("U+%04X", c); }

std::string CodePointList(const std::vector<UChar32>& characters, int32_t count) {
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
      return one ? absl::StrCat("removed control character ", CodePointName(first))
                 : absl::StrCat("removed ", warning.count, " control characters: ",
                                CodePointList(warning.characters, warning.count));
    case WarningCode::kByteOrderMarkRemoved:
      return absl::StrCat("removed ", one ? "" : absl::StrCat(warning.count, " x "),
                          "U+FEFF ZERO WIDTH NO-BREAK SPACE (byte order mark)");
    case WarningCode::kPresentationFormFolded: {
      const char* block = IsPresentationFormA(first) ? "Arabic Presentation Forms-A, U+FB50-U+FDFF"
                                                     : "Arabic Presentation Forms-B, U+FE70-U+FEFF";
      return one ? absl::StrCat("folded Arabic presentation form ", CodePointName(first),
                                " to base letters (", block, ")")
                 : absl::StrCat("folded ", warning.count,
                                " Arabic presentation forms to base letters (", block,
                                "): ", CodePointList(warning.characters, warning.count));
    }
    default:
      return "changed the text";
  }
}

// Turns the pass's pending warnings into TextWarnings over the input.
void FinalizeWarnings(const icu::UnicodeString& input, std::vector<PendingWarning>* pending,
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

}  // namespace

absl::StatusOr<bool> NormalizeTracked(const icu::Normalizer2& normalizer,
                                      const icu::UnicodeString& input, icu::UnicodeString* output,
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
    const icu::UnicodeString segment = input.tempSubStringBetween(position, segment_end);
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
      const int32_t normalized_span =
          normalizer.spanQuickCheckYes(input.tempSubString(position), status);
      JISR_TEXT_RETURN_IF_ERROR(IcuStatus(status, "Normalizer2::spanQuickCheckYes"));
      result.append(input, position, normalized_span);
      position += normalized_span;
    }
  }
  if (!changed) return false;
  *output = std::move(result);
  return true;
}

absl::Status NormalizeUtf16(const icu::UnicodeString& input, const NormalizeOptions& options,
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
    JISR_TEXT_ASSIGN_OR_RETURN(*changed, NormalizeTracked(*nfc, input, output, &changed_ranges));
    if (!*changed) return absl::OkStatus();
    std::vector<PendingWarning> pending(1);
    pending[0].code = WarningCode::kNfcNormalized;
    pending[0].input_start = changed_ranges.front().first;
    pending[0].input_end = changed_ranges.back().second;
    pending[0].message =
        absl::StrCat("recomposed ", changed_ranges.size(),
                     changed_ranges.size() == 1 ? " character sequence" : " character sequences",
                     " to Unicode Normalization Form C (NFC)");
    FinalizeWarnings(input, &pending, warnings);
    return absl::OkStatus();
  }

  RepairedText repaired;
  JISR_TEXT_RETURN_IF_ERROR(Repair(input, options, &repaired));
  std::vector<std::pair<int32_t, int32_t>> changed_ranges;
  JISR_TEXT_ASSIGN_OR_RETURN(const bool nfc_changed,
                             NormalizeTracked(*nfc, repaired.text(), output, &changed_ranges));
  if (nfc_changed) {
    PendingWarning warning;
    warning.code = WarningCode::kNfcNormalized;
    // Map the changed span of the repaired text back to the input.
    warning.input_start = repaired.source_start(changed_ranges.front().first);
    warning.input_end = repaired.source_end(changed_ranges.back().second - 1);
    warning.message =
        absl::StrCat("recomposed ", changed_ranges.size(),
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

absl::StatusOr<NormalizedText> NormalizeForStorage(absl::string_view utf8,
                                                   const NormalizeOptions& options) {
  icu::UnicodeString input;
  JISR_TEXT_RETURN_IF_ERROR(DecodeUtf8(utf8, &input));
  icu::UnicodeString output;
  bool changed = false;
  NormalizedText result;
  JISR_TEXT_RETURN_IF_ERROR(
      internal::NormalizeUtf16(input, options, &output, &changed, &result.warnings));
  result.text = changed ? ToUtf8(output) : std::string(utf8);
  return result;
}

absl::StatusOr<std::string> NormalizeUnicode(absl::string_view utf8, NormalizationForm form) {
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
  JISR_TEXT_ASSIGN_OR_RETURN(const bool changed,
                             internal::NormalizeTracked(*normalizer, input, &output, nullptr));
  return changed ? ToUtf8(output) : std::string(utf8);
}

}  // namespace jisr::text
