#include "services/articles/view_limits.h"

#include <cstdint>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/io/coded_stream.h"
#include "jisr/v1/resources.pb.h"
#include "services/articles/text_fields.h"
#include "services/common/errors.h"

namespace jisr::articles {
namespace {

namespace v1 = ::jisr::v1;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using google::protobuf::io::CodedOutputStream;

size_t TagBytes(const FieldDescriptor* field) {
  return CodedOutputStream::VarintSize32(static_cast<uint32_t>(field->number()) << 3);
}

// The bytes one value of `field` takes in `message`, tag and length included: element `index`
// of a repeated field, or the singular value when `index` is negative. Scalars are counted at
// their widest; they are never what makes a view large.
size_t ValueBytes(const Message& message, const FieldDescriptor* field, int index) {
  const Reflection* reflection = message.GetReflection();
  size_t size = 0;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_MESSAGE:
      size = (index < 0 ? reflection->GetMessage(message, field)
                        : reflection->GetRepeatedMessage(message, field, index))
                 .ByteSizeLong();
      break;
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      size = (index < 0 ? reflection->GetStringReference(message, field, &scratch)
                        : reflection->GetRepeatedStringReference(message, field, index, &scratch))
                 .size();
      break;
    }
    default:
      return TagBytes(field) + 10;
  }
  return TagBytes(field) + CodedOutputStream::VarintSize64(size) + size;
}

// How requests name a resource's fields ("variant.blocks"); a response of several is named by
// its own fields ("variants[1]").
std::string PrefixOf(const Message& view) {
  if (view.GetDescriptor() == v1::Variant::descriptor()) return "variant";
  if (view.GetDescriptor() == v1::Story::descriptor()) return "story";
  return "";
}

std::string Size(size_t bytes) {
  if (bytes < (size_t{1} << 20)) return absl::StrCat(bytes, " bytes");
  return absl::StrFormat("%d bytes (%.1f MiB)", bytes, static_cast<double>(bytes) / (1 << 20));
}

// The text field whose analysis is over a quarter of `view`, if any: the analysis is derived, so
// the field it analyses is what the editor can shorten.
std::string DominantTextField(const Message& view, size_t whole) {
  const auto* variant = google::protobuf::DynamicCastToGenerated<v1::Variant>(&view);
  if (variant == nullptr) return "";
  const v1::VariantText& text = variant->text();
  const v1::FieldText* top = nullptr;
  size_t top_bytes = 0;
  for (const v1::FieldText& field : text.fields()) {
    const size_t bytes = field.ByteSizeLong();
    if (bytes > top_bytes) {
      top = &field;
      top_bytes = bytes;
    }
  }
  if (top == nullptr || top_bytes * 4 <= whole) return "";
  return absl::StrCat("variant.", top->field());
}

// What the caller can do about a view whose largest field is `field` (a path without prefix).
std::string Advice(const Message& view, absl::string_view field, size_t whole) {
  if (IsBlockFieldPath(field)) {
    return "shorten that block, or split the article into several";
  }
  if (field == "blocks") return "split the article into several, or shorten its blocks";
  if (field == "text") {
    const std::string dominant = DominantTextField(view, whole);
    return absl::StrCat(
        "the analysis of the text (bidi runs, isolated text, search keys) grows with the text",
        dominant.empty() ? "" : absl::StrCat(", most of it for ", dominant),
        ": shorten the text, or split the article into several");
  }
  if (field == "alternates") {
    return "the story's language versions take the room: shorten their headlines";
  }
  if (absl::StartsWith(field, "variants")) {
    return "change fewer variants in one call, or shorten the largest";
  }
  return "shorten that field, or split the article into several";
}

}  // namespace

LargestField FindLargestField(const Message& message, absl::string_view prefix) {
  const Reflection* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  const FieldDescriptor* chosen = nullptr;
  LargestField largest;
  for (const FieldDescriptor* field : fields) {
    size_t bytes = 0;
    if (!field->is_repeated()) {
      bytes = ValueBytes(message, field, -1);
    } else {
      for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
        bytes += ValueBytes(message, field, i);
      }
    }
    if (chosen == nullptr || bytes > largest.bytes) {
      chosen = field;
      largest.bytes = bytes;
    }
  }
  if (chosen == nullptr) return {std::string(prefix), 0};
  largest.path = FieldPath(prefix, chosen->name());
  if (!chosen->is_repeated()) return largest;
  // One element that dominates is what to shorten; elements that share the bytes, the field.
  int top = 0;
  size_t top_bytes = 0;
  for (int i = 0; i < reflection->FieldSize(message, chosen); ++i) {
    const size_t bytes = ValueBytes(message, chosen, i);
    if (bytes > top_bytes) {
      top = i;
      top_bytes = bytes;
    }
  }
  if (top_bytes * 4 > message.ByteSizeLong()) {
    largest.path = absl::StrCat(largest.path, "[", top, "]");
    largest.bytes = top_bytes;
  }
  return largest;
}

absl::Status ViewTooLarge(const Message& view, size_t bytes, size_t max_bytes,
                          absl::string_view what) {
  const LargestField largest = FindLargestField(view, "");
  const std::string path = FieldPath(PrefixOf(view), largest.path);
  return InvalidFieldError(
      path,
      absl::StrCat(what, " would be ", Size(bytes), ", over the view limit of ", Size(max_bytes),
                   " (what one response carries, with room to spare); its largest field is ", path,
                   " (", Size(largest.bytes), "): ", Advice(view, largest.path, bytes)),
      kViewTooLarge);
}

absl::Status CheckAnswerSize(const Message& answer, size_t max_bytes) {
  const size_t bytes = answer.ByteSizeLong();
  if (bytes <= max_bytes) return absl::OkStatus();
  std::string what = "this call's answer";
  if (const auto* variant = google::protobuf::DynamicCastToGenerated<v1::Variant>(&answer)) {
    what = absl::StrCat("the LATEST view of ", variant->name(), ", which this call answers with,");
  } else if (const auto* story = google::protobuf::DynamicCastToGenerated<v1::Story>(&answer)) {
    what = absl::StrCat(story->name(), ", which this call answers with,");
  }
  return ViewTooLarge(answer, bytes, max_bytes, what);
}

}  // namespace jisr::articles
