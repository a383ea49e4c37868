#include "services/text/repair_pass.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/text/bidi_controls.h"
#include "services/text/icu_status.h"
#include "unicode/normalizer2.h"

namespace jisr::text::internal {
namespace {

// A line break the repair pass replaces: where it ends and how a warning
// names it.
struct LineBreak {
  int32_t end;
  const char* name;
};

// The line break that starts at in[i], if one does.
std::optional<LineBreak> LineBreakAt(const char16_t* in, int32_t i, int32_t length) {
  switch (in[i]) {
    case kLineFeed:
      return LineBreak{i + 1, "line break U+000A"};
    case kCarriageReturn:
      if (i + 1 < length && in[i + 1] == kLineFeed) {
        return LineBreak{i + 2, "CR LF (U+000D U+000A)"};
      }
      return LineBreak{i + 1, "U+000D CARRIAGE RETURN"};
    case kNextLine:
      return LineBreak{i + 1, "U+0085 NEXT LINE"};
    case kLineSeparator:
      return LineBreak{i + 1, "U+2028 LINE SEPARATOR"};
    case kParagraphSeparator:
      return LineBreak{i + 1, "U+2029 PARAGRAPH SEPARATOR"};
  }
  return std::nullopt;
}

// A line break at [start, line_break.end): one LF in a multi-line field
// (ending the bidi paragraph), one space in a single-line field.
void RepairLineBreak(const char16_t* in, int32_t start, const LineBreak& line_break,
                     bool allow_newlines, BidiControlRepair* bidi, RepairedText* out) {
  const int32_t end = line_break.end;
  if (allow_newlines) {
    bidi->EndParagraph(start);
    out->Append(kLineFeed, start, end);
    if (!(end - start == 1 && in[start] == kLineFeed)) {
      PendingWarning warning;
      warning.code = WarningCode::kLineBreakNormalized;
      warning.input_start = start;
      warning.input_end = end;
      warning.message = absl::StrCat("replaced ", line_break.name, " with U+000A LINE FEED");
      out->Warn(std::move(warning));
    }
  } else {
    out->Append(kSpace, start, end);
    PendingWarning warning;
    warning.code = WarningCode::kLineBreakReplaced;
    warning.input_start = start;
    warning.input_end = end;
    warning.message =
        absl::StrCat("replaced ", line_break.name, " with a space: the field is single-line");
    out->Warn(std::move(warning));
  }
}

// Any other unit NeedsRepair() flags, at input offset `i`: a tab, a control
// character, an explicit bidi control, a byte order mark or a presentation
// form.
void RepairCharacter(char16_t c, int32_t i, const icu::Normalizer2& nfkc, BidiControlRepair* bidi,
                     RepairedText* out) {
  icu::UnicodeString decomposition;
  if (c == kTab) {
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
    bidi->OnControl(c, i);
  } else if (c == kByteOrderMark) {
    out->WarnMergeable(WarningCode::kByteOrderMarkRemoved, i, i + 1, c, 0);
  } else if (nfkc.getDecomposition(c, decomposition)) {
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

}  // namespace

absl::Status Repair(const icu::UnicodeString& input, const NormalizeOptions& options,
                    RepairedText* out) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  JISR_TEXT_RETURN_IF_ERROR(IcuStatus(status, "Normalizer2::getNFKCInstance"));

  BidiControlRepair bidi(out);
  const char16_t* in = input.getBuffer();
  const int32_t length = input.length();
  for (int32_t i = 0; i < length; ++i) {
    const char16_t c = in[i];
    if (!NeedsRepair(c, options.allow_newlines) && !(c == kLineFeed && options.allow_newlines)) {
      out->Append(c, i, i + 1);
    } else if (const std::optional<LineBreak> line_break = LineBreakAt(in, i, length)) {
      RepairLineBreak(in, i, *line_break, options.allow_newlines, &bidi, out);
      i = line_break->end - 1;
    } else {
      RepairCharacter(c, i, *nfkc, &bidi, out);
    }
  }
  bidi.EndParagraph(length);
  return absl::OkStatus();
}

}  // namespace jisr::text::internal
