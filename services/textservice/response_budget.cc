#include "services/textservice/response_budget.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "services/common/errors.h"
#include "services/textproto/text_messages.h"

namespace jisr::textservice {

using textproto::ToProto;

bool ResponseBudget::Add(size_t payload_bytes) {
  const size_t length_prefix =
      google::protobuf::io::CodedOutputStream::VarintSize64(static_cast<uint64_t>(payload_bytes));
  const size_t field_bytes = 1 + length_prefix + payload_bytes;
  // Saturates rather than overflows: an unlimited budget counts on past any real response.
  counted_bytes_ = static_cast<size_t>(kUnlimited - counted_bytes_) < field_bytes
                       ? kUnlimited
                       : counted_bytes_ + static_cast<int64_t>(field_bytes);
  ++counted_fields_;
  return !exceeded();
}

absl::Status ResponseBudget::TooLarge() const { return TooLarge(-1); }

absl::Status ResponseBudget::Check(const google::protobuf::MessageLite& response) const {
  const size_t bytes = response.ByteSizeLong();
  if (bytes <= static_cast<uint64_t>(max_bytes_)) return absl::OkStatus();
  return TooLarge(static_cast<int64_t>(bytes));
}

absl::Status ResponseBudget::TooLarge(int64_t bytes) const {
  // Stopped early, the size is unknown, and finding it out is what the budget saves.
  const std::string size = bytes < 0 ? absl::StrCat("over ", max_bytes_, " bytes, more than")
                                     : absl::StrCat(bytes, " bytes, more than the");
  return InvalidFieldError(
      "text",
      absl::StrCat("the result for this text is ", size, " ", max_bytes_,
                   " this server sends in one message (text dense with words of the other "
                   "direction has many spans and runs): send less text per call, such as one "
                   "paragraph at a time"),
      "RESPONSE_TOO_LARGE");
}

bool AddWarnings(const std::vector<text::TextWarning>& warnings, ResponseBudget& budget,
                 google::protobuf::RepeatedPtrField<jisr::v1::TextWarning>* out) {
  // The field every TextService request keeps its text in, which the warnings name.
  const std::string field = "text";
  for (const text::TextWarning& warning : warnings) {
    jisr::v1::TextWarning* added = out->Add();
    *added = ToProto(warning, field);
    if (!budget.Add(*added)) return false;
  }
  return true;
}

bool AddIsolates(const std::vector<text::IsolationSpan>& spans, ResponseBudget& budget,
                 google::protobuf::RepeatedPtrField<jisr::v1::IsolateSpan>* out) {
  for (const text::IsolationSpan& span : spans) {
    jisr::v1::IsolateSpan* added = out->Add();
    *added = ToProto(span);
    if (!budget.Add(*added)) return false;
  }
  return true;
}

bool AddLines(std::vector<std::string> lines, ResponseBudget& budget,
              google::protobuf::RepeatedPtrField<std::string>* out) {
  for (std::string& line : lines) {
    // A repeated string sends every element, empty ones too.
    if (!budget.Add(line.size())) return false;
    out->Add(std::move(line));
  }
  return true;
}

bool MoveFieldText(text::FieldAnalysis& analysis, ResponseBudget& budget,
                   jisr::v1::FieldText* out) {
  // The strings first: their sizes are known before anything is built.
  if (!budget.AddString(analysis.isolated_text) || !budget.AddString(analysis.search_key)) {
    return false;
  }
  out->set_base_direction(ToProto(analysis.base_direction));
  for (const text::ParagraphBidi& paragraph : analysis.paragraphs) {
    jisr::v1::BidiParagraph* p = out->add_paragraphs();
    *p->mutable_range() = ToProto(paragraph.range);
    p->set_direction(ToProto(paragraph.direction));
    p->set_direction_source(ToProto(paragraph.direction_source));
    if (!budget.Add(*p)) return false;  // the paragraph without its runs, which follow
    for (const text::BidiRun& run : paragraph.runs) {
      jisr::v1::BidiRun* r = p->add_runs();
      *r->mutable_range() = ToProto(run.range);
      r->set_level(run.level);
      r->set_direction(ToProto(run.direction));
      if (!budget.Add(*r)) return false;
    }
  }
  if (!AddIsolates(analysis.isolation_spans, budget, out->mutable_isolates())) return false;
  out->set_isolated_text(std::move(analysis.isolated_text));
  out->set_search_key(std::move(analysis.search_key));
  out->set_word_count(analysis.word_count);
  return true;
}

}  // namespace jisr::textservice
