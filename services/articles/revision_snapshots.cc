#include "services/articles/revision_snapshots.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/articles/text_fields.h"

namespace jisr::articles {
namespace {

namespace v1 = ::jisr::v1;

// LRI (U+2066), RLI (U+2067) and PDI (U+2069) in UTF-8, as the analysis inserts them.
constexpr absl::string_view kLeftToRightIsolate = "\xE2\x81\xA6";
constexpr absl::string_view kRightToLeftIsolate = "\xE2\x81\xA7";
constexpr absl::string_view kPopDirectionalIsolate = "\xE2\x81\xA9";
// Begins a revision stored with parts of its analysis left out. A serialized message never
// begins with 0x00 (field number 0 is invalid), so no whole revision can be mistaken for one.
constexpr absl::string_view kLeftOutMarker("\0S", 2);

struct TextField {
  std::string path;
  std::string text;
};

// The snapshot's non-empty text fields in content order: the fields its analysis lists. The
// analysis is set aside while the content is copied (visiting creates the messages it visits, so
// it visits a copy).
std::vector<TextField> NonEmptyTextFields(v1::Variant& snapshot) {
  v1::VariantText analysis;
  analysis.Swap(snapshot.mutable_text());
  v1::Variant content = snapshot;
  analysis.Swap(snapshot.mutable_text());
  std::vector<TextField> out;
  ForEachTextField(content, [&](const std::string& path, std::string& text, const TextFieldSpec&) {
    if (!text.empty()) out.push_back({path, std::move(text)});
  });
  return out;
}

// The range of all of `text` (valid UTF-8, as stored texts are).
v1::TextRange WholeRange(absl::string_view text) {
  int32_t code_points = 0;
  int32_t utf16_units = 0;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte & 0xC0) == 0x80) continue;  // a continuation byte
    ++code_points;
    utf16_units += byte >= 0xF0 ? 2 : 1;  // beyond the BMP: a surrogate pair
  }
  v1::TextRange range;
  range.set_end(code_points);
  range.set_utf16_end(utf16_units);
  range.set_utf8_end(static_cast<int32_t>(text.size()));
  return range;
}

// `text` with each span of `field.isolates` wrapped in isolate marks; "" when a span does not fit.
std::string IsolatedText(absl::string_view text, const v1::FieldText& field) {
  std::string out;
  size_t copied = 0;
  for (const v1::IsolateSpan& span : field.isolates()) {
    const size_t start = static_cast<size_t>(span.range().utf8_start());
    const size_t end = static_cast<size_t>(span.range().utf8_end());
    if (start < copied || end < start || end > text.size()) return "";
    absl::StrAppend(&out, text.substr(copied, start - copied),
                    span.direction() == v1::TEXT_DIRECTION_LEFT_TO_RIGHT ? kLeftToRightIsolate
                                                                         : kRightToLeftIsolate,
                    text.substr(start, end - start), kPopDirectionalIsolate);
    copied = end;
  }
  absl::StrAppend(&out, text.substr(copied));
  return out;
}

// A paragraph stored as its direction alone: one paragraph, one run, all of the text.
bool IsLeftOutParagraph(const v1::FieldText& field) {
  return field.paragraphs_size() == 1 && field.paragraphs(0).runs_size() == 0 &&
         !field.paragraphs(0).has_range();
}

void RestoreParagraph(absl::string_view text, v1::FieldText& field) {
  v1::BidiParagraph& paragraph = *field.mutable_paragraphs(0);
  *paragraph.mutable_range() = WholeRange(text);
  v1::BidiRun& run = *paragraph.add_runs();
  *run.mutable_range() = paragraph.range();
  run.set_level(paragraph.direction() == v1::TEXT_DIRECTION_RIGHT_TO_LEFT ? 1 : 0);
  run.set_direction(paragraph.direction());
}

// Whether the field's paragraphs are one that RestoreParagraph makes back from its direction.
bool ParagraphRestores(absl::string_view text, const v1::FieldText& field) {
  if (field.paragraphs_size() != 1) return false;
  v1::FieldText restored;
  v1::BidiParagraph& paragraph = *restored.add_paragraphs();
  paragraph.set_direction(field.paragraphs(0).direction());
  paragraph.set_direction_source(field.paragraphs(0).direction_source());
  RestoreParagraph(text, restored);
  return paragraph.SerializeAsString() == field.paragraphs(0).SerializeAsString();
}

// Restores, in `snapshot`'s analysis, what LeaveOutDerived left out.
void RestoreDerived(const std::vector<TextField>& texts, v1::Variant& snapshot) {
  auto& fields = *snapshot.mutable_text()->mutable_fields();
  bool paths_left_out = texts.size() == static_cast<size_t>(fields.size());
  for (const v1::FieldText& field : fields) paths_left_out &= field.field().empty();
  absl::flat_hash_map<absl::string_view, absl::string_view> by_path;
  for (const TextField& t : texts) by_path[t.path] = t.text;
  for (int i = 0; i < fields.size(); ++i) {
    v1::FieldText& field = fields[i];
    if (paths_left_out) field.set_field(texts[i].path);
    const auto found = by_path.find(field.field());
    if (found == by_path.end()) continue;
    const absl::string_view text = found->second;
    if (IsLeftOutParagraph(field)) RestoreParagraph(text, field);
    if (field.isolated_text().empty()) field.set_isolated_text(IsolatedText(text, field));
    if (field.search_key().empty()) field.set_search_key(absl::AsciiStrToLower(text));
  }
}

// Leaves out of `snapshot`'s analysis what RestoreDerived restores from its text: each part
// only when restoring it gives the same value. False, with `snapshot` unchanged, when what is
// kept would be taken for left out (an empty value or path), so the snapshot must be stored
// whole.
bool LeaveOutDerived(const std::vector<TextField>& texts, v1::Variant& snapshot) {
  auto& fields = *snapshot.mutable_text()->mutable_fields();
  bool paths_derivable = texts.size() == static_cast<size_t>(fields.size());
  absl::flat_hash_map<absl::string_view, absl::string_view> by_path;
  for (size_t i = 0; i < texts.size(); ++i) {
    by_path[texts[i].path] = texts[i].text;
    paths_derivable &= i < static_cast<size_t>(fields.size()) && fields[i].field() == texts[i].path;
  }
  for (const v1::FieldText& field : fields) {
    if (field.field().empty()) return false;
    if (!by_path.contains(field.field())) continue;
    if (field.isolated_text().empty() || field.search_key().empty() || IsLeftOutParagraph(field)) {
      return false;
    }
  }
  for (v1::FieldText& field : fields) {
    const auto found = by_path.find(field.field());
    if (found == by_path.end()) continue;
    const absl::string_view text = found->second;
    if (field.isolated_text() == IsolatedText(text, field)) field.clear_isolated_text();
    if (field.search_key() == absl::AsciiStrToLower(text)) field.clear_search_key();
    if (ParagraphRestores(text, field)) {
      field.mutable_paragraphs(0)->clear_range();
      field.mutable_paragraphs(0)->clear_runs();
    }
  }
  if (paths_derivable) {
    for (v1::FieldText& field : fields) field.clear_field();
  }
  return true;
}

}  // namespace

std::string SerializeRevisionForStorage(v1::Revision revision) {
  if (!revision.has_snapshot() || revision.snapshot().text().fields().empty()) {
    return revision.SerializeAsString();
  }
  // The texts point into the content, which leaving out the analysis does not touch.
  const std::vector<TextField> texts = NonEmptyTextFields(*revision.mutable_snapshot());
  if (!LeaveOutDerived(texts, *revision.mutable_snapshot())) return revision.SerializeAsString();
  return absl::StrCat(kLeftOutMarker, revision.SerializeAsString());
}

bool ParseStoredRevision(absl::string_view data, v1::Revision& out, bool with_snapshot) {
  const bool left_out = absl::ConsumePrefix(&data, kLeftOutMarker);
  if (!out.ParseFromArray(data.data(), static_cast<int>(data.size()))) return false;
  if (!with_snapshot) {
    out.clear_snapshot();
  } else if (left_out) {
    RestoreDerived(NonEmptyTextFields(*out.mutable_snapshot()), *out.mutable_snapshot());
  }
  return true;
}

}  // namespace jisr::articles
