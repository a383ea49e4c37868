#include "services/text/bidi_controls.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

namespace jisr::text::internal {
namespace {

const char* ControlName(char16_t c) {
  switch (c) {
    case kLre:
      return "U+202A LEFT-TO-RIGHT EMBEDDING";
    case kRle:
      return "U+202B RIGHT-TO-LEFT EMBEDDING";
    case kPdf:
      return "U+202C POP DIRECTIONAL FORMATTING";
    case kLro:
      return "U+202D LEFT-TO-RIGHT OVERRIDE";
    case kRlo:
      return "U+202E RIGHT-TO-LEFT OVERRIDE";
    case kLri:
      return "U+2066 LEFT-TO-RIGHT ISOLATE";
    case kRli:
      return "U+2067 RIGHT-TO-LEFT ISOLATE";
    case kFsi:
      return "U+2068 FIRST STRONG ISOLATE";
    case kPdi:
      return "U+2069 POP DIRECTIONAL ISOLATE";
  }
  return "bidi control";
}

}  // namespace

void BidiControlRepair::Warn(WarningCode code, int32_t start, int32_t end, std::string message,
                             int32_t related_input_offset) {
  PendingWarning warning;
  warning.code = code;
  warning.input_start = start;
  warning.input_end = end;
  warning.message = std::move(message);
  warning.related_input_offset = related_input_offset;
  out_->Warn(std::move(warning));
}

void BidiControlRepair::OnControl(char16_t control, int32_t input_offset) {
  switch (control) {
    case kLri:
    case kRli:
    case kFsi:
      OpenIsolate(control, input_offset);
      return;
    case kLre:
    case kRle:
      OpenEmbedding(control, input_offset);
      return;
    case kLro:
    case kRlo:
      RemoveOverride(control, input_offset);
      return;
    case kPdf:
      CloseEmbeddingOrOverride(input_offset);
      return;
    case kPdi:
      CloseIsolate(input_offset);
      return;
  }
}

void BidiControlRepair::OpenIsolate(char16_t control, int32_t input_offset) {
  const int32_t end = input_offset + 1;
  if (kept_depth_ >= kMaxBidiDepth) {
    stack_.push_back({Kind::kDroppedIsolate, control, input_offset});
    ++open_isolates_;
    Warn(WarningCode::kBidiDepthExceeded, input_offset, end,
         absl::StrCat("removed ", ControlName(control), ": nested more than 125 deep"));
    return;
  }
  stack_.push_back({Kind::kIsolate, control, input_offset});
  ++open_isolates_;
  ++kept_depth_;
  out_->Append(control, input_offset, end);
}

void BidiControlRepair::OpenEmbedding(char16_t control, int32_t input_offset) {
  const int32_t end = input_offset + 1;
  if (kept_depth_ >= kMaxBidiDepth) {
    stack_.push_back({Kind::kDroppedEmbedding, control, input_offset});
    Warn(WarningCode::kBidiDepthExceeded, input_offset, end,
         absl::StrCat("removed ", ControlName(control), ": nested more than 125 deep"));
    return;
  }
  stack_.push_back({Kind::kConvertedEmbedding, control, input_offset});
  ++kept_depth_;
  out_->Append(control == kLre ? kLri : kRli, input_offset, end);
  Warn(WarningCode::kBidiEmbeddingConverted, input_offset, end,
       absl::StrCat("replaced ", ControlName(control), " with ",
                    ControlName(control == kLre ? kLri : kRli),
                    ": an embedding can change the text around it, an "
                    "isolate cannot"));
}

void BidiControlRepair::RemoveOverride(char16_t control, int32_t input_offset) {
  stack_.push_back({Kind::kRemovedOverride, control, input_offset});
  Warn(WarningCode::kBidiOverrideRemoved, input_offset, input_offset + 1,
       absl::StrCat("removed ", ControlName(control),
                    ": an override displays text in another order than "
                    "it was typed; the text keeps its typed order"));
}

void BidiControlRepair::CloseEmbeddingOrOverride(int32_t input_offset) {
  const int32_t end = input_offset + 1;
  if (stack_.empty() || IsIsolate(stack_.back().kind)) {
    Warn(WarningCode::kBidiUnpairedTerminatorRemoved, input_offset, end,
         absl::StrCat("removed ", ControlName(kPdf), ": no embedding or override is open"));
    return;
  }
  const Open open = stack_.back();
  stack_.pop_back();
  switch (open.kind) {
    case Kind::kConvertedEmbedding:
      --kept_depth_;
      out_->Append(kPdi, input_offset, end);
      Warn(WarningCode::kBidiEmbeddingConverted, input_offset, end,
           absl::StrCat("replaced ", ControlName(kPdf), " with ", ControlName(kPdi),
                        " closing the isolate that "
                        "replaced ",
                        ControlName(open.opener)),
           open.input_offset);
      return;
    case Kind::kRemovedOverride:
      Warn(WarningCode::kBidiOverrideRemoved, input_offset, end,
           absl::StrCat("removed ", ControlName(kPdf), " that closed the removed ",
                        ControlName(open.opener)),
           open.input_offset);
      return;
    case Kind::kDroppedEmbedding:
      Warn(WarningCode::kBidiDepthExceeded, input_offset, end,
           absl::StrCat("removed ", ControlName(kPdf), " that closed the removed ",
                        ControlName(open.opener)),
           open.input_offset);
      return;
    case Kind::kIsolate:
    case Kind::kDroppedIsolate:
      return;  // excluded above
  }
}

void BidiControlRepair::CloseIsolate(int32_t input_offset) {
  const int32_t end = input_offset + 1;
  if (open_isolates_ == 0) {
    Warn(WarningCode::kBidiUnpairedTerminatorRemoved, input_offset, end,
         absl::StrCat("removed ", ControlName(kPdi), ": no isolate is open"));
    return;
  }
  // UAX #9 X6a: the PDI also ends embeddings and overrides opened
  // inside its isolate.
  while (!IsIsolate(stack_.back().kind)) {
    CloseTop(input_offset, /*at_paragraph_end=*/false);
  }
  const Open open = stack_.back();
  stack_.pop_back();
  --open_isolates_;
  if (open.kind == Kind::kIsolate) {
    --kept_depth_;
    out_->Append(kPdi, input_offset, end);
  } else {
    Warn(WarningCode::kBidiDepthExceeded, input_offset, end,
         absl::StrCat("removed ", ControlName(kPdi), " that closed the removed ",
                      ControlName(open.opener)),
         open.input_offset);
  }
}

void BidiControlRepair::CloseTop(int32_t input_offset, bool at_paragraph_end) {
  const Open open = stack_.back();
  stack_.pop_back();
  if (IsIsolate(open.kind)) --open_isolates_;
  if (open.kind != Kind::kIsolate && open.kind != Kind::kConvertedEmbedding) {
    return;  // nothing was written for it, and its removal was reported
  }
  --kept_depth_;
  out_->Append(kPdi, input_offset, input_offset);
  const std::string opener =
      open.kind == Kind::kConvertedEmbedding
          ? absl::StrCat("the isolate that replaced ", ControlName(open.opener))
          : std::string(ControlName(open.opener));
  Warn(WarningCode::kBidiUnterminatedClosed, input_offset, input_offset,
       absl::StrCat("inserted ", ControlName(kPdi),
                    at_paragraph_end ? " at the end of the paragraph" : "", " to close ", opener,
                    at_paragraph_end ? ", which was never closed"
                                     : ", which the enclosing isolate's PDI "
                                       "ends"),
       open.input_offset);
}

void BidiControlRepair::EndParagraph(int32_t input_offset) {
  while (!stack_.empty()) CloseTop(input_offset, /*at_paragraph_end=*/true);
  open_isolates_ = 0;
  kept_depth_ = 0;
}

}  // namespace jisr::text::internal
