#include "services/text/utf.h"

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "unicode/ustring.h"
#include "unicode/utf16.h"
#include "unicode/utf8.h"

namespace jisr::text {
namespace {

// Byte offset of the first ill-formed sequence; only called once conversion
// has failed, so the fast path stays a single ICU call.
int64_t FirstIllFormedOffset(absl::string_view utf8) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t length = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) return start;
  }
  return -1;
}

// Code points and UTF-8 bytes one UTF-16 unit of well-formed UTF-16
// contributes: a surrogate pair counts once, 4 bytes, split 2 + 2.
inline void Advance(char16_t c, int32_t* code_points, int32_t* utf8_bytes) {
  if (c < 0x80) {
    *code_points += 1;
    *utf8_bytes += 1;
  } else if (c < 0x800) {
    *code_points += 1;
    *utf8_bytes += 2;
  } else if (U16_IS_LEAD(c)) {
    *code_points += 1;
    *utf8_bytes += 4;
  } else if (!U16_IS_TRAIL(c)) {
    *code_points += 1;
    *utf8_bytes += 3;
  }
}

}  // namespace

absl::Status DecodeUtf8(absl::string_view utf8, icu::UnicodeString* utf16) {
  if (static_cast<int64_t>(utf8.size()) > kMaxTextBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("text is ", utf8.size(), " bytes; the limit is ", kMaxTextBytes, " bytes"));
  }
  const int32_t length = static_cast<int32_t>(utf8.size());
  // A UTF-8 string never has more UTF-16 units than bytes.
  char16_t* buffer = utf16->getBuffer(length + 1);
  if (buffer == nullptr) {
    return absl::ResourceExhaustedError("cannot allocate the UTF-16 buffer");
  }
  UErrorCode status = U_ZERO_ERROR;
  int32_t utf16_length = 0;
  u_strFromUTF8(buffer, length + 1, &utf16_length, utf8.data(), length, &status);
  utf16->releaseBuffer(U_SUCCESS(status) ? utf16_length : 0);
  if (U_SUCCESS(status)) return absl::OkStatus();
  if (status == U_INVALID_CHAR_FOUND) {
    return absl::InvalidArgumentError(
        absl::StrCat("ill-formed UTF-8 at byte offset ", FirstIllFormedOffset(utf8)));
  }
  return absl::InternalError(absl::StrCat("UTF-8 conversion failed: ", u_errorName(status)));
}

void AppendUtf8(const char16_t* utf16, int32_t length, std::string* utf8) {
  if (length <= 0) return;
  const size_t old_size = utf8->size();
  // Each UTF-16 unit becomes at most 3 UTF-8 bytes.
  utf8->resize(old_size + static_cast<size_t>(length) * 3);
  UErrorCode status = U_ZERO_ERROR;
  int32_t written = 0;
  u_strToUTF8WithSub(utf8->data() + old_size, length * 3, &written, utf16, length, 0xFFFD, nullptr,
                     &status);
  utf8->resize(old_size + (U_SUCCESS(status) ? written : 0));
}

std::string ToUtf8(const icu::UnicodeString& utf16) {
  std::string utf8;
  AppendUtf8(utf16.getBuffer(), utf16.length(), &utf8);
  return utf8;
}

OffsetIndex::OffsetIndex(const char16_t* text, int32_t length) : text_(text), length_(length) {
  int32_t i = 0;
  while (i < length && text[i] < 0x80) ++i;
  if (i == length) return;  // ASCII: all three units coincide.
  ascii_only_ = false;
  checkpoints_.reserve(length / kStride + 1);
  int32_t code_points = 0;
  int32_t utf8_bytes = 0;
  for (i = 0; i < length; ++i) {
    if (i % kStride == 0) checkpoints_.push_back({code_points, utf8_bytes});
    Advance(text[i], &code_points, &utf8_bytes);
  }
  if (length % kStride == 0) checkpoints_.push_back({code_points, utf8_bytes});
}

OffsetIndex::Position OffsetIndex::At(int32_t utf16_offset) const {
  if (utf16_offset < 0) utf16_offset = 0;
  if (utf16_offset > length_) utf16_offset = length_;
  if (ascii_only_) return {utf16_offset, utf16_offset};
  const int32_t checkpoint = utf16_offset / kStride;
  Position position = checkpoints_[checkpoint];
  for (int32_t i = checkpoint * kStride; i < utf16_offset; ++i) {
    Advance(text_[i], &position.code_points, &position.utf8_bytes);
  }
  return position;
}

int32_t OffsetIndex::CodePointOffset(int32_t utf16_offset) const {
  return At(utf16_offset).code_points;
}

int32_t OffsetIndex::Utf8Offset(int32_t utf16_offset) const { return At(utf16_offset).utf8_bytes; }

TextRange OffsetIndex::Range(int32_t utf16_start, int32_t utf16_end) const {
  const Position start = At(utf16_start);
  const Position end = At(utf16_end);
  TextRange range;
  range.start = start.code_points;
  range.end = end.code_points;
  range.utf16_start = utf16_start;
  range.utf16_end = utf16_end;
  range.utf8_start = start.utf8_bytes;
  range.utf8_end = end.utf8_bytes;
  return range;
}

}  // namespace jisr::text
